package booking

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// registerSlotRoutes: the public listing, and the facilitator's view and control of a slot.
func (s *Area) registerSlotRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/slots", web.Public, s.listSlots)
	s.Route(r, fiber.MethodGet, "/slots/:id", web.Public, s.getSlot)
	s.Route(r, fiber.MethodPatch, "/slots/:id", web.Facilitator, s.Owned(models.OwnedSlot), s.updateSlot)
	s.Route(r, fiber.MethodPost, "/slots/:id/cancel", web.Facilitator, s.Owned(models.OwnedSlot), s.cancelSlot)
	s.Route(r, fiber.MethodGet, "/slots/:id/bookings", web.Facilitator, s.slotRoster)
	s.Route(r, fiber.MethodGet, "/slots/:id/bookings.csv", web.Facilitator, s.slotRosterCSV)
	s.Route(r, fiber.MethodPost, "/slots/:id/message", web.Facilitator, s.Owned(models.OwnedSlot), s.messageSlot)
}

func (s *Area) getSlot(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	slot, err := s.db.GetSlot(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toPublicSlot(slot))
}

type slotUpdateRequest struct {
	Capacity *int `json:"capacity"`
}

// updateSlot changes a slot's capacity: raising it promotes from the waitlist.
func (s *Area) updateSlot(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req slotUpdateRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.Capacity == nil {
		return models.Invalid("capacity", "capacity is required")
	}
	slot, promoted, err := s.db.SetSlotCapacity(c.UserContext(), id, *req.Capacity)
	if err != nil {
		return err
	}
	s.bookingChanged(promoted)
	return c.JSON(toSlot(slot))
}

// cancelSlot cancels a slot and tells everyone booked, with a calendar cancellation.
func (s *Area) cancelSlot(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	slot, err := s.db.GetSlot(c.UserContext(), id)
	if err != nil {
		return err
	}
	cancelled, err := s.db.CancelSlot(c.UserContext(), id)
	if err != nil {
		return err
	}
	s.bookingChanged(nil)
	for _, b := range cancelled {
		b.PreviousStatus = b.Status
		s.mailBooking(notifications.BookingSlotCancelled, b, slot, slot.Session, "")
	}
	return c.JSON(fiber.Map{"id": id, "cancelled": true, "bookings_cancelled": len(cancelled)})
}

// rosterEntry is a booking as facilitators see it.
type rosterEntry struct {
	ID             uint      `json:"id"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	OrganisationID *uint     `json:"organisation_id"`
	StaffGroup     string    `json:"staff_group"`
	JobRole        string    `json:"job_role"`
	Status         string    `json:"status"`
	Position       *int      `json:"position"`
	Attendance     string    `json:"attendance"`
	CreatedAt      time.Time `json:"created_at"`
}

func toRosterEntry(b *bookingmodel.Booking) rosterEntry {
	return rosterEntry{ID: b.ID, Name: b.Name, Email: b.Email, OrganisationID: b.OrganisationID,
		StaffGroup: b.StaffGroup, JobRole: b.JobRole, Status: b.Status, Position: positionOf(b),
		Attendance: b.Attendance, CreatedAt: b.CreatedAt}
}

func positionOf(b *bookingmodel.Booking) *int {
	if b.Status != bookingmodel.StatusWaitlisted {
		return nil
	}
	p := b.Position
	return &p
}

func (s *Area) slotRoster(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	slot, bookings, err := s.db.SlotRoster(c.UserContext(), id)
	if err != nil {
		return err
	}
	items := make([]rosterEntry, len(bookings))
	for i := range bookings {
		items[i] = toRosterEntry(&bookings[i])
	}
	return c.JSON(fiber.Map{"items": items, "slot": toSlot(slot), "session": toSession(c, slot.Session)})
}

type messageRequest struct {
	Subject string `json:"subject"`
	Message string `json:"message"`
}

func (r messageRequest) validate() error {
	if strings.TrimSpace(r.Subject) == "" || utf8.RuneCountInString(r.Subject) > 200 || strings.ContainsAny(r.Subject, "\r\n") {
		return models.Invalid("subject", "enter a subject (one line, at most 200 characters)")
	}
	if strings.TrimSpace(r.Message) == "" || utf8.RuneCountInString(r.Message) > 10000 {
		return models.Invalid("message", "enter a message (at most 10,000 characters)")
	}
	return nil
}

// messageSlot emails every confirmed attendee of a slot.
func (s *Area) messageSlot(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req messageRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := req.validate(); err != nil {
		return err
	}
	slot, attendees, err := s.db.ConfirmedAttendees(c.UserContext(), id)
	if err != nil {
		return err
	}
	for _, b := range attendees {
		msg := notifications.SessionNote{Subject: req.Subject, Message: req.Message, Booking: b, Slot: slot}
		s.Background("slot-message", func(ctx context.Context) error {
			m, err := s.Emails.SessionMessage(msg)
			if err != nil {
				return err
			}
			return s.Mail.Send(ctx, m)
		})
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"recipients": len(attendees)})
}
