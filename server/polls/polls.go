package polls

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

func (s *Area) registerPollRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/workshops/:id/polls", web.Facilitator, s.Owned(models.OwnedWorkshop), s.createPoll)
	for _, action := range []string{pollmodel.ActionOpen, pollmodel.ActionClose, pollmodel.ActionReveal, pollmodel.ActionHide} {
		s.Route(r, fiber.MethodPost, "/polls/:id/"+action, web.Facilitator, s.Owned(models.OwnedPoll), s.changePoll(action))
	}
	s.Route(r, fiber.MethodGet, "/polls/:id/results", web.Facilitator, s.pollResults)
}

type pollRequest struct {
	Kind     *string  `json:"kind"`
	Question *string  `json:"question"`
	Options  []string `json:"options"`
	Min      *int     `json:"min"`
	Max      *int     `json:"max"`
	MinLabel string   `json:"min_label"`
	MaxLabel string   `json:"max_label"`
}

// pollInput reads the :id of the route and the poll in the body, for a new poll and a change.
func pollInput(c *fiber.Ctx) (uint, pollmodel.PollInput, error) {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return 0, pollmodel.PollInput{}, err
	}
	var req pollRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return 0, pollmodel.PollInput{}, err
	}
	if err := web.Required("kind", req.Kind, "question", req.Question); err != nil {
		return 0, pollmodel.PollInput{}, err
	}
	return id, pollmodel.PollInput{Kind: *req.Kind, Question: *req.Question, Options: req.Options,
		Min: req.Min, Max: req.Max, MinLabel: req.MinLabel, MaxLabel: req.MaxLabel}, nil
}

func (s *Area) createPoll(c *fiber.Ctx) error {
	id, in, err := pollInput(c)
	if err != nil {
		return err
	}
	p, err := s.db.CreatePoll(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toPollView(p))
}

// changePoll opens, closes, reveals or hides a poll, then tells every instance's clients.
func (s *Area) changePoll(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		p, err := s.db.ChangePoll(c.UserContext(), id, action)
		if err != nil {
			return err
		}
		if t := s.live.cached(p.ID); t != nil {
			t.SetPoll(p)
		}
		s.touchState(p.WorkshopID)
		return c.JSON(toPollView(p))
	}
}

// pollResults counts from the database, not the in-memory tally, so it is what is stored.
func (s *Area) pollResults(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.GetPoll(c.UserContext(), id)
	if err != nil {
		return err
	}
	t := pollmodel.NewTally(p)
	if err := t.Load(c.UserContext(), s.db); err != nil {
		return err
	}
	return c.JSON(t.Results())
}
