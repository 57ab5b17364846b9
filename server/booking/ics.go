package booking

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
)

// bookingInvite is a booking's calendar event (RFC 5546 iTIP) with its stable UID and
// current SEQUENCE. The ORGANIZER is the one the booking's first invite had (see
// models.Store.InviteOrganizer); the description carries the manage link when the mail
// does, so people can move or cancel from their calendar.
func (s *Area) bookingInvite(ctx context.Context, b *models.Booking, slot *models.Slot, sess *models.EngagementSession,
	method, manageURL string) (*notifications.Invite, error) {
	fromName, fromEmail := s.mailFrom()
	orgName, orgEmail, err := s.Store.InviteOrganizer(ctx, b.ID, fromName, fromEmail)
	if err != nil {
		return nil, err
	}
	inv := &notifications.Invite{Method: method, UID: b.CalendarUID, Sequence: b.CalendarSeq, Stamp: time.Now().UTC(),
		Start: slot.StartsAt, End: slot.EndsAt, Summary: sess.Title,
		Organizer: notifications.Party{Name: orgName, Email: orgEmail},
		Attendee:  notifications.Party{Name: b.Name, Email: b.Email}}
	desc := []string{sess.Description}
	if sess.Format == "virtual" && sess.MeetingURL != "" {
		inv.Location, inv.URL = "Online: "+sess.MeetingURL, sess.MeetingURL
		if method != notifications.MethodCancel {
			desc = append(desc, "Join online: "+sess.MeetingURL)
		}
	} else {
		inv.Location = sess.Location
	}
	switch {
	case manageURL != "":
		desc = append(desc, "To move or cancel your booking, use your private link (do not share it):\n"+manageURL)
	case method == notifications.MethodRequest:
		desc = append(desc, "To move or cancel, use the private link in the first email we sent you about this booking.")
	}
	inv.Description = joinParagraphs(desc)
	return inv, nil
}

// joinParagraphs joins the non-empty paragraphs with a blank line between them.
func joinParagraphs(ps []string) string {
	out := ps[:0:0]
	for _, p := range ps {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// mailFrom is the display name and bare address of CONFER_MAIL_FROM (LoadConfig checked
// it): who sends booking mail, and so the ORGANIZER of a booking's first invite.
func (s *Area) mailFrom() (name, email string) {
	if a, err := mail.ParseAddress(s.Cfg.MailFrom); err == nil {
		return a.Name, a.Address
	}
	return "", "confer@localhost"
}

// bookingCalendarFile is GET /bookings/:token/calendar.ics: the booking's event as a file
// to open ("Add to Apple calendar"), with the same UID as the emailed invite, so a
// calendar that has both keeps one event. Only a confirmed place has one: a held place's
// meeting link goes nowhere but the mailbox until it is confirmed.
func (s *Area) bookingCalendarFile(c *fiber.Ctx) error {
	raw, err := tokenParam(c)
	if err != nil {
		return err
	}
	b, err := s.Store.GetBookingByToken(c.UserContext(), raw)
	if err != nil {
		return err
	}
	if b.Status != models.StatusConfirmed {
		return models.Conflict("", "only a confirmed booking can be added to a calendar")
	}
	inv, err := s.bookingInvite(c.UserContext(), b, b.Slot, b.Session, notifications.MethodPublish, s.ManageURL(raw))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="booking.ics"`)
	return c.Send(inv.ICS())
}
