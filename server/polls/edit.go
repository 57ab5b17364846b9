package polls

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// registerPollEditRoutes adds editing a workshop's list of polls: change and delete (before
// the first vote; 409 after), duplicate (always) and reorder. Each is for the workshop's
// owners and admins only.
func (s *Area) registerPollEditRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPatch, "/polls/:id", web.Facilitator, s.Owned(models.OwnedPoll), s.updatePoll)
	s.Route(r, fiber.MethodDelete, "/polls/:id", web.Facilitator, s.Owned(models.OwnedPoll), s.deletePoll)
	s.Route(r, fiber.MethodPost, "/polls/:id/duplicate", web.Facilitator, s.Owned(models.OwnedPoll), s.duplicatePoll)
	s.Route(r, fiber.MethodPut, "/workshops/:id/poll-order", web.Facilitator, s.Owned(models.OwnedWorkshop), s.reorderPolls)
}

// updatePoll replaces a poll's content; the body is the same as for a new poll.
func (s *Area) updatePoll(c *fiber.Ctx) error {
	id, in, err := pollInput(c)
	if err != nil {
		return err
	}
	p, err := s.db.UpdatePoll(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	s.live.forget(p.ID)
	s.touchState(p.WorkshopID) // the room may be showing it, closed
	return c.JSON(toPollView(p))
}

func (s *Area) deletePoll(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.DeletePoll(c.UserContext(), id)
	if err != nil {
		return err
	}
	s.live.forget(p.ID)
	s.touchState(p.WorkshopID)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Area) duplicatePoll(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.DuplicatePoll(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toPollView(p))
}

// pollOrder is the new order of a workshop's polls, every poll id once, first to last.
type pollOrder struct {
	PollIDs []uint `json:"poll_ids"`
}

func (s *Area) reorderPolls(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req pollOrder
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	polls, err := s.db.ReorderPolls(c.UserContext(), id, req.PollIDs)
	if err != nil {
		return err
	}
	s.touchState(id) // the current poll's position changed
	out := make([]PollView, len(polls))
	for i := range polls {
		out[i] = toPollView(&polls[i])
	}
	return c.JSON(out)
}
