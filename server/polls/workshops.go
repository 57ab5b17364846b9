package polls

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

func (s *Area) registerWorkshopRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/workshops", web.Facilitator, s.createWorkshop)
	s.Route(r, fiber.MethodGet, "/workshops", web.Facilitator, s.listWorkshops)
	s.Route(r, fiber.MethodGet, "/workshops/:id", web.Facilitator, s.getWorkshop)
	s.Route(r, fiber.MethodPatch, "/workshops/:id", web.Facilitator, s.Owned(models.OwnedWorkshop), s.updateWorkshop)
	s.Route(r, fiber.MethodPost, "/workshops/:id/next", web.Facilitator, s.Owned(models.OwnedWorkshop), s.nextPoll)
	s.Route(r, fiber.MethodGet, "/workshops/:id/qr.png", web.Facilitator, s.workshopQR)
	s.Route(r, fiber.MethodGet, "/workshops/:id/results.csv", web.Facilitator, s.exportResults)
	s.Route(r, fiber.MethodGet, "/workshops/:id/questions.csv", web.Facilitator, s.exportQuestions)
	s.registerPollRoutes(r)
	s.registerPollEditRoutes(r)
	s.registerQuestionRoutes(r)
	s.Route(r, fiber.MethodGet, "/join/:code", web.Public, s.limitJoinLookups(), s.lookupJoinCode)
}

// registerPollSockets adds the participant socket (anyone with the join code) and the
// presenter/control socket (facilitators and admins).
func (s *Area) registerPollSockets(ws fiber.Router) {
	s.Route(ws, fiber.MethodGet, "/join/:code", web.Public, s.CheckOrigin, s.limitJoinLookups(), s.joinWorkshop,
		s.Upgrade(s.participantSocket))
	s.Route(ws, fiber.MethodGet, "/workshops/:id", web.Facilitator, s.presenterCheck, s.Upgrade(s.presenterSocket))
}

type WorkshopResponse struct {
	ID            uint      `json:"id"`
	Title         string    `json:"title"`
	SessionID     *uint     `json:"session_id"`
	JoinCode      string    `json:"join_code"`
	JoinURL       string    `json:"join_url"`
	CurrentPollID *uint     `json:"current_poll_id"`
	CreatedAt     time.Time `json:"created_at"`
	web.OwnerFields
	Polls []WorkshopPoll `json:"polls,omitempty"`
	// ParticipantCount (GET /workshops/:id only) is how many have joined, so a facilitator
	// can tell a room of 40 from a poll stuffed with made-up voters.
	ParticipantCount *int64 `json:"participant_count,omitempty"`
}

func (s *Area) toWorkshop(c *fiber.Ctx, w *pollmodel.Workshop) WorkshopResponse {
	createdBy := w.CreatedByID
	return WorkshopResponse{ID: w.ID, Title: w.Title, SessionID: w.SessionID, JoinCode: w.JoinCode,
		JoinURL: s.joinURL(w.JoinCode), CurrentPollID: w.CurrentPollID, CreatedAt: w.CreatedAt,
		OwnerFields: web.ToOwnerFields(c, &createdBy, w.FacilitatorIDs)}
}

func (s *Area) joinURL(code string) string { return s.Cfg.BaseURL + "/join/" + code }

type workshopRequest struct {
	Title          *string `json:"title"`
	SessionID      *uint   `json:"session_id"`
	FacilitatorIDs *[]uint `json:"facilitator_ids"`
}

func (s *Area) createWorkshop(c *fiber.Ctx) error {
	var req workshopRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("title", req.Title); err != nil {
		return err
	}
	in := pollmodel.WorkshopInput{Title: *req.Title, SessionID: req.SessionID}
	if req.FacilitatorIDs != nil {
		in.FacilitatorIDs = *req.FacilitatorIDs
	}
	w, err := s.db.CreateWorkshop(c.UserContext(), in, web.CurrentUser(c).ID)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(s.toWorkshop(c, w))
}

func (s *Area) listWorkshops(c *fiber.Ctx) error {
	list, err := s.db.ListWorkshops(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]WorkshopResponse, len(list))
	for i := range list {
		out[i] = s.toWorkshop(c, &list[i])
	}
	return c.JSON(out)
}

func (s *Area) getWorkshop(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	w, err := s.db.GetWorkshop(c.UserContext(), id)
	if err != nil {
		return err
	}
	polls, err := s.db.ListPolls(c.UserContext(), id)
	if err != nil {
		return err
	}
	n, err := s.db.CountParticipants(c.UserContext(), id)
	if err != nil {
		return err
	}
	votes, err := s.db.CountVotesByPoll(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := s.toWorkshop(c, w)
	out.ParticipantCount = &n
	out.Polls = make([]WorkshopPoll, len(polls))
	for i := range polls {
		out.Polls[i] = WorkshopPoll{PollView: toPollView(&polls[i]), Votes: votes[polls[i].ID]}
	}
	return c.JSON(out)
}

// workshopPoll is a poll in GET /workshops/:id, with how many have answered it: a poll can
// be changed or deleted only while that is 0.
type WorkshopPoll struct {
	PollView
	Votes int64 `json:"votes"`
}

func (s *Area) nextPoll(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.NextPoll(c.UserContext(), id)
	if err != nil {
		return err
	}
	s.touchState(p.WorkshopID)
	return c.JSON(toPollView(p))
}

// workshopQR is a PNG QR code of the join link, for the big screen.
func (s *Area) workshopQR(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	w, err := s.db.GetWorkshop(c.UserContext(), id)
	if err != nil {
		return err
	}
	size := 320
	if v, err := strconv.Atoi(c.Query("size")); err == nil && v >= 128 && v <= 1024 {
		size = v
	}
	png, err := qrcode.Encode(s.joinURL(w.JoinCode), qrcode.Medium, size)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "private, max-age=3600")
	return c.Send(png)
}

// workshopUpdate is what PATCH /workshops/:id may change (its owners or an admin).
type workshopUpdate struct {
	Title          *string `json:"title"`
	FacilitatorIDs *[]uint `json:"facilitator_ids"`
}

func (s *Area) updateWorkshop(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req workshopUpdate
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	w, err := s.db.UpdateWorkshop(c.UserContext(), id, req.Title, req.FacilitatorIDs)
	if err != nil {
		return err
	}
	if req.Title != nil { // rooms show the title
		s.live.refreshWorkshop(w)
		s.touchState(id)
	}
	return c.JSON(s.toWorkshop(c, w))
}
