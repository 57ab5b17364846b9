package booking

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// "Lost your link?" (issue 11, item 6): someone enters an email address and gets fresh
// manage links to that address's bookings. Manage tokens are stored only as hashes, so
// the links sent before cannot be sent again; new ones are issued (bookingmodel.BookingLink)
// and the old ones keep working, so asking, which anyone can do for any address, never
// breaks a link in someone's email or calendar.
//
// The answer is the same 202, at the same speed, whether or not the address has bookings
// and whether or not a mail went: the lookup and the mail happen in the background. Per
// client (s.clientKey) the requests are limited (429 past it: that says nothing about the
// address). Per address, a few mails an hour go out; past that the request is answered as
// usual and nothing is sent, so nobody can fill a mailbox or learn anything by asking.
const (
	LostLinkPerClient  = 20 // an hour
	LostLinkPerAddress = 3  // mails an hour
	lostLinkMaxLinks   = 20 // bookings listed in one mail
)

// lostLinkAnswer is the one answer to every accepted request.
const lostLinkAnswer = "If this email address has any upcoming bookings, we have sent it a new link to each of them. Check your inbox and junk folder."

// lostLinkLimiters hold the buckets above.
type lostLinkLimiters struct {
	byClient, byAddress *web.KeyedLimiter
}

func newLostLinkLimiters() *lostLinkLimiters {
	return &lostLinkLimiters{byClient: web.NewKeyedLimiter(LostLinkPerClient, time.Hour),
		byAddress: web.NewKeyedLimiter(LostLinkPerAddress, time.Hour)}
}

type lostLinkRequest struct {
	Email string `json:"email"`
}

// lostLink is POST /bookings/lost-link.
func (s *Area) lostLink(c *fiber.Ctx) error {
	var req lostLinkRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	email, err := models.ParseEmail("email", req.Email)
	if err != nil {
		return err
	}
	email = models.NormaliseEmail(email)
	if ok, wait := s.lostLinks.byClient.Allow(s.ClientKey(c)); !ok {
		return web.TooMany(c, wait, "requests for booking links from your network")
	}
	if ok, _ := s.lostLinks.byAddress.Allow(email); ok {
		s.Background("booking-links-mail", func(ctx context.Context) error { return s.sendBookingLinks(ctx, email) })
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"message": lostLinkAnswer})
}

// sendBookingLinks issues and mails fresh manage links to an address's bookings; with
// none, it sends nothing.
func (s *Area) sendBookingLinks(ctx context.Context, email string) error {
	issued, err := s.db.IssueManageLinks(ctx, email, time.Now(), lostLinkMaxLinks)
	if err != nil || len(issued) == 0 {
		return err
	}
	links := make([]notifications.BookingLink, len(issued))
	for i, l := range issued {
		links[i] = notifications.BookingLink{Booking: l.Booking, ManageURL: s.ManageURL(l.Raw)}
	}
	m, err := s.Emails.BookingLinksMessage(email, links)
	if err != nil {
		return err
	}
	return s.Mail.Send(ctx, m)
}
