package booking

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/web"
)

// registerSessionRoutes: facilitators and admins publish engagement sessions and slots.
func (s *Area) registerSessionRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/sessions", web.Facilitator, s.listSessions)
	s.Route(r, fiber.MethodPost, "/sessions", web.Facilitator, s.createSession)
	s.Route(r, fiber.MethodGet, "/sessions/:id", web.Facilitator, s.getSession)
	s.Route(r, fiber.MethodPatch, "/sessions/:id", web.Facilitator, s.Owned(models.OwnedSession), s.updateSession)
	s.Route(r, fiber.MethodDelete, "/sessions/:id", web.Facilitator, s.Owned(models.OwnedSession), s.deleteSession)
	s.Route(r, fiber.MethodPost, "/sessions/:id/slots", web.Facilitator, s.Owned(models.OwnedSession), s.createSlot)
	s.Route(r, fiber.MethodGet, "/facilitators", web.Facilitator, s.ListFacilitators)
}

type SessionResponse struct {
	ID                      uint     `json:"id"`
	Title                   string   `json:"title"`
	Description             string   `json:"description"`
	Category                string   `json:"category"`
	Format                  string   `json:"format"`
	Location                string   `json:"location"`
	MeetingURL              string   `json:"meeting_url"`
	OrganisationIDs         []uint   `json:"organisation_ids"`
	StaffGroups             []string `json:"staff_groups"`
	RestrictToOrganisations bool     `json:"restrict_to_organisations"`
	ConfirmToKeep           bool     `json:"confirm_to_keep"`
	ConfirmWithinHours      int      `json:"confirm_within_hours"`
	ReservationFields
	web.OwnerFields
	Slots     []SlotResponse `json:"slots"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

type SlotResponse struct {
	ID          uint       `json:"id"`
	SessionID   uint       `json:"session_id"`
	StartsAt    time.Time  `json:"starts_at"`
	EndsAt      time.Time  `json:"ends_at"`
	Capacity    int        `json:"capacity"`
	Confirmed   int        `json:"confirmed"`
	Remaining   int        `json:"remaining"`
	Waitlisted  int        `json:"waitlisted"`
	Cancelled   bool       `json:"cancelled"`
	CancelledAt *time.Time `json:"cancelled_at"`
	// OpenRemaining is the seats anyone may book now; Reserved the seats held back for
	// some (null when none are held now).
	OpenRemaining int            `json:"open_remaining"`
	Reserved      *heldSeatsView `json:"reserved"`
}

// ReservationFields are a session's held seats, as set by a facilitator.
type ReservationFields struct {
	ReservedShare           int        `json:"reserved_share"`
	ReservedUntil           *time.Time `json:"reserved_until"`
	ReservedOrganisationIDs []uint     `json:"reserved_organisation_ids"`
	ReservedStaffGroups     []string   `json:"reserved_staff_groups"`
}

func toReservationFields(m *bookingmodel.EngagementSession) ReservationFields {
	out := ReservationFields{ReservedShare: m.ReservedShare, ReservedUntil: m.ReservedUntil,
		ReservedOrganisationIDs: m.ReservedOrganisationIDs, ReservedStaffGroups: m.ReservedStaffGroups}
	if out.ReservedOrganisationIDs == nil {
		out.ReservedOrganisationIDs = []uint{}
	}
	if out.ReservedStaffGroups == nil {
		out.ReservedStaffGroups = []string{}
	}
	return out
}

// heldSeatsView is what a slot holds back now and for whom.
type heldSeatsView struct {
	Seats           int       `json:"seats"`
	Remaining       int       `json:"remaining"`
	Until           time.Time `json:"until"`
	OrganisationIDs []uint    `json:"organisation_ids"`
	StaffGroups     []string  `json:"staff_groups"`
}

func toSession(c *fiber.Ctx, m *bookingmodel.EngagementSession) SessionResponse {
	out := SessionResponse{ID: m.ID, Title: m.Title, Description: m.Description, Category: m.Category,
		Format: m.Format, Location: m.Location, MeetingURL: m.MeetingURL, OrganisationIDs: m.OrganisationIDs(),
		StaffGroups: m.StaffGroups, RestrictToOrganisations: m.RestrictToOrganisations,
		ConfirmToKeep: m.ConfirmToKeep, ConfirmWithinHours: m.ConfirmWithinHours,
		OwnerFields:       web.ToOwnerFields(c, m.CreatedByID, m.FacilitatorIDs),
		ReservationFields: toReservationFields(m), Slots: make([]SlotResponse, len(m.Slots)), CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
	if out.StaffGroups == nil {
		out.StaffGroups = []string{}
	}
	for i := range m.Slots {
		slot := m.Slots[i]
		slot.Session = m
		out.Slots[i] = toSlot(&slot)
	}
	return out
}

// toSlot shows a slot; its held seats need its session loaded (without it, none show).
func toSlot(m *bookingmodel.Slot) SlotResponse {
	hold := m.Hold(time.Now())
	out := SlotResponse{ID: m.ID, SessionID: m.EngagementSessionID, StartsAt: m.StartsAt.UTC(), EndsAt: m.EndsAt.UTC(),
		Capacity: m.Capacity, Confirmed: m.Confirmed, Remaining: m.Remaining(), Waitlisted: m.Waitlisted,
		Cancelled: m.CancelledAt != nil, CancelledAt: m.CancelledAt, OpenRemaining: hold.OpenRemaining}
	if hold.Seats > 0 {
		r := toReservationFields(m.Session)
		out.Reserved = &heldSeatsView{Seats: hold.Seats, Remaining: hold.Remaining, Until: m.Session.ReservedUntil.UTC(),
			OrganisationIDs: r.ReservedOrganisationIDs, StaffGroups: r.ReservedStaffGroups}
	}
	return out
}

type sessionRequest struct {
	Title                   *string   `json:"title"`
	Description             *string   `json:"description"`
	Category                *string   `json:"category"`
	Format                  *string   `json:"format"`
	Location                *string   `json:"location"`
	MeetingURL              *string   `json:"meeting_url"`
	OrganisationIDs         *[]uint   `json:"organisation_ids"`
	StaffGroups             *[]string `json:"staff_groups"`
	RestrictToOrganisations *bool     `json:"restrict_to_organisations"`
	ReservedShare           *int      `json:"reserved_share"`
	ReservedUntil           nullable  `json:"reserved_until"`
	ReservedOrganisationIDs *[]uint   `json:"reserved_organisation_ids"`
	ReservedStaffGroups     *[]string `json:"reserved_staff_groups"`
	ConfirmToKeep           *bool     `json:"confirm_to_keep"`
	ConfirmWithinHours      *int      `json:"confirm_within_hours"`
	FacilitatorIDs          *[]uint   `json:"facilitator_ids"`
}

// input converts the request, parsing reserved_until here so a bad time is a 422 naming it.
func (r sessionRequest) input() (bookingmodel.SessionInput, error) {
	in := bookingmodel.SessionInput{Title: r.Title, Description: r.Description, Category: r.Category, Format: r.Format,
		Location: r.Location, MeetingURL: r.MeetingURL, OrganisationIDs: r.OrganisationIDs,
		StaffGroups: r.StaffGroups, RestrictToOrganisations: r.RestrictToOrganisations,
		ReservedShare: r.ReservedShare, ReservedOrganisationIDs: r.ReservedOrganisationIDs,
		ReservedStaffGroups: r.ReservedStaffGroups, ConfirmToKeep: r.ConfirmToKeep,
		ConfirmWithinHours: r.ConfirmWithinHours, FacilitatorIDs: r.FacilitatorIDs}
	if r.ReservedUntil.Set {
		t, err := parseRFC3339("reserved_until", r.ReservedUntil.Value)
		if err != nil {
			return in, err
		}
		in.ReservedUntil = &t
	}
	return in, nil
}

// nullable is a JSON string field that tells "absent" (leave alone) from null (clear).
type nullable struct {
	Set   bool
	Value *string
}

func (n *nullable) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	n.Value = &s
	return nil
}

func (s *Area) listSessions(c *fiber.Ctx) error {
	list, err := s.db.ListEngagementSessions(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]SessionResponse, len(list))
	for i := range list {
		out[i] = toSession(c, &list[i])
	}
	return c.JSON(fiber.Map{"items": out})
}

func (s *Area) createSession(c *fiber.Ctx) error {
	var req sessionRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("title", req.Title, "category", req.Category, "format", req.Format); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	m, err := s.db.CreateEngagementSession(c.UserContext(), in, web.CurrentUser(c).ID)
	if err != nil {
		return err
	}
	s.bookingChanged(nil)
	return c.Status(fiber.StatusCreated).JSON(toSession(c, m))
}

func (s *Area) getSession(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	m, err := s.db.GetEngagementSession(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toSession(c, m))
}

func (s *Area) updateSession(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req sessionRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	m, promoted, err := s.db.UpdateEngagementSession(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	s.bookingChanged(promoted)
	return c.JSON(toSession(c, m))
}

func (s *Area) deleteSession(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.db.DeleteEngagementSession(c.UserContext(), id); err != nil {
		return err
	}
	s.bookingChanged(nil)
	return c.SendStatus(fiber.StatusNoContent)
}

type slotRequest struct {
	StartsAt *string `json:"starts_at"`
	EndsAt   *string `json:"ends_at"`
	Capacity *int    `json:"capacity"`
}

// input parses the times here so a bad one is a 422 naming its field.
func (r slotRequest) input() (bookingmodel.SlotInput, error) {
	in := bookingmodel.SlotInput{Capacity: r.Capacity}
	var err error
	if in.StartsAt, err = parseRFC3339("starts_at", r.StartsAt); err != nil {
		return in, err
	}
	in.EndsAt, err = parseRFC3339("ends_at", r.EndsAt)
	return in, err
}

func parseRFC3339(field string, s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return nil, models.Invalid(field, "%s must be an RFC 3339 time such as 2026-12-01T09:30:00Z", field)
	}
	t = t.UTC()
	return &t, nil
}

func (s *Area) createSlot(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req slotRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	slot, err := s.db.CreateSlot(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	s.bookingChanged(nil)
	return c.Status(fiber.StatusCreated).JSON(toSlot(slot))
}
