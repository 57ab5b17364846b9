package booking

import (
	"time"

	"github.com/gofiber/fiber/v2"

	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// registerMilestoneRoutes: go-live milestones are programme plans every team member
// (admin, comms, facilitator) reads and keeps, like sessions. They live in the booking
// area because moving one moves the anchored series and tells the people booked on them.
func (s *Area) registerMilestoneRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/milestones", web.Team, s.listMilestones)
	s.Route(r, fiber.MethodPost, "/milestones", web.Team, s.createMilestone)
	s.Route(r, fiber.MethodGet, "/milestones/:id", web.Team, s.getMilestone)
	s.Route(r, fiber.MethodPatch, "/milestones/:id", web.Team, s.updateMilestone)
}

type targetJSON struct {
	StaffGroup string `json:"staff_group"`
	Category   string `json:"category"`
	MinPercent int    `json:"min_percent"`
}

type milestoneRequest struct {
	OrganisationID *uint         `json:"organisation_id"`
	Site           *string       `json:"site"`
	Name           *string       `json:"name"`
	GoLiveOn       *string       `json:"go_live_on"`
	Targets        *[]targetJSON `json:"targets"`
}

func (r milestoneRequest) input() bookingmodel.MilestoneInput {
	in := bookingmodel.MilestoneInput{OrganisationID: r.OrganisationID, Site: r.Site, Name: r.Name, GoLiveOn: r.GoLiveOn}
	if r.Targets != nil {
		ts := make([]bookingmodel.TargetInput, len(*r.Targets))
		for i, t := range *r.Targets {
			ts[i] = bookingmodel.TargetInput(t)
		}
		in.Targets = &ts
	}
	return in
}

type milestoneResponse struct {
	ID             uint         `json:"id"`
	OrganisationID uint         `json:"organisation_id"`
	Site           string       `json:"site"`
	Name           string       `json:"name"`
	GoLiveOn       string       `json:"go_live_on"`
	Targets        []targetJSON `json:"targets"`
	CreatedAt      time.Time    `json:"created_at"`
	UpdatedAt      time.Time    `json:"updated_at"`
}

// milestoneUpdateResponse is the milestone and how many people were told their slot
// moved with it (a calendar update if booked, an email if pending or waiting).
type milestoneUpdateResponse struct {
	milestoneResponse
	BookingsTold int `json:"bookings_told"`
}

func toMilestone(m *bookingmodel.Milestone) milestoneResponse {
	ts := make([]targetJSON, len(m.Targets))
	for i, t := range m.Targets {
		ts[i] = targetJSON{StaffGroup: t.StaffGroup, Category: t.Category, MinPercent: t.MinPercent}
	}
	return milestoneResponse{ID: m.ID, OrganisationID: m.OrganisationID, Site: m.Site, Name: m.Name,
		GoLiveOn: m.GoLiveOn, Targets: ts, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

// anchoredSeriesJSON is a series tied to a milestone and what moving it would touch:
// its slots still to come, the people booked on them (who get a calendar update), those
// yet to confirm their address and those waiting (who get an email).
type anchoredSeriesJSON struct {
	ID            uint   `json:"id"`
	SessionID     uint   `json:"session_id"`
	SessionTitle  string `json:"session_title"`
	Rule          string `json:"rule"`
	WeeksBefore   int    `json:"weeks_before"`
	UpcomingSlots int    `json:"upcoming_slots"`
	Booked        int    `json:"booked"`
	Unconfirmed   int    `json:"unconfirmed"`
	Waiting       int    `json:"waiting"`
}

type milestoneDetailResponse struct {
	milestoneResponse
	Series []anchoredSeriesJSON `json:"series"`
}

// getMilestone is one milestone with the series anchored to it, so its page can say
// before saving a new date what will move and who will be told.
func (s *Area) getMilestone(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	m, series, err := s.db.GetMilestone(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := milestoneDetailResponse{toMilestone(m), make([]anchoredSeriesJSON, len(series))}
	for i, sr := range series {
		out.Series[i] = anchoredSeriesJSON(sr)
	}
	return c.JSON(out)
}

func (s *Area) listMilestones(c *fiber.Ctx) error {
	ms, err := s.db.ListMilestones(c.UserContext())
	if err != nil {
		return err
	}
	items := make([]milestoneResponse, len(ms))
	for i := range ms {
		items[i] = toMilestone(&ms[i])
	}
	return c.JSON(fiber.Map{"items": items})
}

func (s *Area) createMilestone(c *fiber.Ctx) error {
	var req milestoneRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in := req.input()
	in.CreatedByID = &web.CurrentUser(c).ID
	m, err := s.db.CreateMilestone(c.UserContext(), in)
	if err != nil {
		return err
	}
	web.AuditObject(c, "milestone", m.ID)
	return c.Status(fiber.StatusCreated).JSON(toMilestone(m))
}

// updateMilestone changes a milestone; a new go_live_on moves the anchored series, and
// each person booked on a moved slot is sent the update to their calendar event (same
// UID, higher SEQUENCE) with their manage link to keep, move or cancel; people yet to
// confirm, or waiting, are emailed the new time (they hold no invite to update).
func (s *Area) updateMilestone(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req milestoneRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	m, moved, err := s.db.UpdateMilestone(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	web.AuditObject(c, "milestone", m.ID)
	if len(moved) > 0 {
		web.AuditSummary(c, "%d bookings told of moved slots", len(moved))
	}
	s.bookingChanged(nil)
	for _, b := range moved { // confirmed: an invite update; pending and waitlisted: a plain email
		b.PreviousStatus = b.Status
		s.mailBooking(notifications.BookingRescheduled, b, b.Slot, b.Session, "")
	}
	return c.JSON(milestoneUpdateResponse{toMilestone(m), len(moved)})
}
