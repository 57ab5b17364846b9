package booking

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// "Lost your link?" (issue 11, item 6): someone enters an email address and gets fresh
// manage links to that address's bookings. Manage tokens are stored only as hashes, so
// the links sent before cannot be sent again; new ones are issued (models.BookingLink)
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

// bookingLinksData is the data of the "booking_links" email.
type bookingLinksData struct {
	Name  string
	Links []bookingLinkLine
}

type bookingLinkLine struct {
	Title, When, Status, URL string
}

// linkStatus says, for the mail, what a booking is when it is not a plain booked place.
func linkStatus(b *models.Booking) string {
	switch b.Status {
	case models.StatusPending:
		return "held for you until you confirm it"
	case models.StatusWaitlisted:
		return "on the waiting list"
	}
	return ""
}

// sendBookingLinks issues and mails fresh manage links to an address's bookings; with
// none, it sends nothing.
func (s *Area) sendBookingLinks(ctx context.Context, email string) error {
	issued, err := s.Store.IssueManageLinks(ctx, email, time.Now(), lostLinkMaxLinks)
	if err != nil || len(issued) == 0 {
		return err
	}
	d := bookingLinksData{Name: issued[len(issued)-1].Booking.Name}
	for _, l := range issued {
		b := l.Booking
		line := bookingLinkLine{When: models.LondonTime(b.StartsAt), Status: linkStatus(&b), URL: s.ManageURL(l.Raw)}
		if b.Session != nil {
			line.Title = b.Session.Title
		}
		d.Links = append(d.Links, line)
	}
	m, err := s.Emails.NewMessage("booking_links", email, d.Name, d)
	if err != nil {
		return err
	}
	m.Categories = []string{"booking-links"}
	return s.Mail.Send(ctx, m)
}
