package booking

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
)

// bookingCalendarFile is GET /bookings/:token/calendar.ics: the booking's event as a file
// to open ("Add to Apple calendar"), with the same UID as the emailed invite, so a
// calendar that has both keeps one event. Only a confirmed place has one: a held place's
// meeting link goes nowhere but the mailbox until it is confirmed.
func (s *Area) bookingCalendarFile(c *fiber.Ctx) error {
	raw, err := tokenParam(c)
	if err != nil {
		return err
	}
	b, err := s.db.GetBookingByToken(c.UserContext(), raw)
	if err != nil {
		return err
	}
	if b.Status != bookingmodel.StatusConfirmed {
		return models.Conflict("", "only a confirmed booking can be added to a calendar")
	}
	org, err := s.inviteOrganizer(c.UserContext(), b.ID)
	if err != nil {
		return err
	}
	m := notifications.BookingMail{Booking: *b, Slot: b.Slot, Session: b.Session, ManageURL: s.ManageURL(raw), Organizer: org}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="booking.ics"`)
	return c.Send(m.Invite(notifications.MethodPublish).ICS())
}
