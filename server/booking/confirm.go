package booking

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// Confirm to keep (security review D4, D7): on a session restricted to organisations, or
// one with confirm_to_keep, a booking holds its place only until its confirm_by unless the
// booker follows the link mailed to them. Until then the meeting link goes nowhere but
// that mailbox: not the booking response, not the manage page, not a promotion email.

// expireBatch bounds the unconfirmed places one worker run releases.
const expireBatch = 500

// confirmURL is the confirm link's page; the page posts the token, so a mail scanner that
// follows links confirms nothing.
func (s *Area) confirmURL(raw string) string {
	return s.Cfg.BaseURL + "/bookings/confirm/" + raw
}

// mailConfirmRequest asks the booker to confirm (kind pending, waitlisted or promoted).
// The raw tokens go only into this email; a promotion has none and points to the first.
func (s *Area) mailConfirmRequest(kind string, b bookingmodel.Booking, confirmRaw, manageRaw string) {
	if b.Slot == nil || b.Session == nil || b.ConfirmBy == nil {
		return
	}
	req := notifications.BookingConfirm{Kind: kind, Booking: b}
	if confirmRaw != "" {
		req.ConfirmURL = s.confirmURL(confirmRaw)
	}
	if manageRaw != "" {
		req.ManageURL = s.ManageURL(manageRaw)
	}
	s.Background("booking-confirm-mail", func(ctx context.Context) error {
		m, err := s.Emails.BookingConfirmMessage(req)
		if err != nil {
			return err
		}
		return s.Mail.Send(ctx, m)
	})
}

type confirmRequest struct {
	Token string `json:"token"`
}

// confirmBooking keeps the place behind a confirm link. Confirming a held place sends the
// usual booking email, with the joining link and the calendar invite; a second click
// changes and sends nothing.
func (s *Area) confirmBooking(c *fiber.Ctx) error {
	var req confirmRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	raw := strings.TrimSpace(req.Token)
	if len(raw) < 10 || len(raw) > 100 {
		return models.NotFound("booking")
	}
	b, confirmed, err := s.db.ConfirmBooking(c.UserContext(), raw)
	if err != nil {
		return err
	}
	if confirmed && b.Status == bookingmodel.StatusConfirmed {
		s.bookingChanged(nil)
		s.mailBooking(notifications.BookingConfirmed, *b, b.Slot, b.Session, "")
	}
	return c.JSON(toBooking(b))
}

// expireUnconfirmed releases places nobody confirmed in time and tells whoever the
// waiting lists promoted into them. The released addresses are not mailed: most are
// made up, and mail to them would only help whoever typed them.
func (s *Area) ExpireUnconfirmed(ctx context.Context, now time.Time) error {
	expired, promoted, err := s.db.ExpireUnconfirmed(ctx, now, expireBatch)
	if len(expired) > 0 || len(promoted) > 0 {
		s.bookingChanged(promoted)
	}
	return err
}
