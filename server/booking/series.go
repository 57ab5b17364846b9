package booking

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/web"
)

// registerSeriesRoutes: a series of slots from one rule is a session write, so the
// session's owners (creator, its facilitators, admins) make it.
func (s *Area) registerSeriesRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/sessions/:id/series", web.Facilitator, s.Owned(models.OwnedSession), s.createSeries)
	s.Route(r, fiber.MethodGet, "/sessions/:id/series", web.Facilitator, s.listSessionSeries)
}

// sessionSeriesJSON is one series on a session's page: its rule, the milestone it
// follows (if any) and the slots it made, so the list of times can mark them.
type sessionSeriesJSON struct {
	ID            uint   `json:"id"`
	RRule         string `json:"rrule"`
	Timezone      string `json:"timezone"`
	MilestoneID   *uint  `json:"milestone_id"`
	MilestoneName string `json:"milestone_name"`
	WeeksBefore   *int   `json:"weeks_before"`
	SlotIDs       []uint `json:"slot_ids"`
}

// listSessionSeries: whoever may read a session (GET /sessions/:id) may read its series.
func (s *Area) listSessionSeries(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	list, err := s.db.ListSessionSeries(c.UserContext(), id)
	if err != nil {
		return err
	}
	items := make([]sessionSeriesJSON, len(list))
	for i, sr := range list {
		items[i] = sessionSeriesJSON{ID: sr.ID, RRule: sr.Rule, Timezone: sr.Timezone, MilestoneID: sr.MilestoneID,
			MilestoneName: sr.MilestoneName, SlotIDs: sr.SlotIDs}
		if sr.MilestoneID != nil {
			items[i].WeeksBefore = &list[i].WeeksBefore
		}
		if items[i].SlotIDs == nil {
			items[i].SlotIDs = []uint{}
		}
	}
	return c.JSON(fiber.Map{"items": items})
}

type seriesRequest struct {
	RRule       string `json:"rrule"`
	StartsAt    string `json:"starts_at"`
	EndsAt      string `json:"ends_at"`
	Capacity    *int   `json:"capacity"`
	Timezone    string `json:"timezone"`
	MilestoneID *uint  `json:"milestone_id"`
	WeeksBefore *int   `json:"weeks_before"`
}

type seriesResponse struct {
	ID          uint           `json:"id"`
	SessionID   uint           `json:"session_id"`
	RRule       string         `json:"rrule"`
	Timezone    string         `json:"timezone"`
	MilestoneID *uint          `json:"milestone_id"`
	WeeksBefore *int           `json:"weeks_before"`
	Slots       []SlotResponse `json:"slots"`
}

// createSeries makes the slots of an RFC 5545 rule, expanded in the wall-clock zone, and
// answers with them in UTC.
func (s *Area) createSeries(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req seriesRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	series, slots, err := s.db.CreateSeries(c.UserContext(), id, bookingmodel.SeriesInput{Rule: req.RRule,
		StartsAt: req.StartsAt, EndsAt: req.EndsAt, Timezone: req.Timezone, Capacity: req.Capacity,
		MilestoneID: req.MilestoneID, WeeksBefore: req.WeeksBefore})
	if err != nil {
		return err
	}
	s.bookingChanged(nil)
	web.AuditObject(c, "series", series.ID)
	web.AuditSummary(c, "%d slots", len(slots))
	out := seriesResponse{ID: series.ID, SessionID: id, RRule: series.Rule, Timezone: series.Timezone,
		MilestoneID: series.MilestoneID, Slots: make([]SlotResponse, len(slots))}
	if series.MilestoneID != nil {
		out.WeeksBefore = &series.WeeksBefore
	}
	for i := range slots {
		out.Slots[i] = toSlot(&slots[i])
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}
