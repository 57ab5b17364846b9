package booking

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// bookingLimiters hold the buckets of BookingLimits.
type bookingLimiters struct {
	byClient, byDomain *web.KeyedLimiter
}

func newBookingLimiters(l web.BookingLimits) *bookingLimiters {
	return &bookingLimiters{byClient: web.NewKeyedLimiter(l.PerClient, time.Hour), byDomain: web.NewKeyedLimiter(l.PerDomain, time.Hour)}
}

// limitBookingClient applies CONFER_BOOKING_RATE_LIMIT to the client (s.clientKey:
// the real client behind CONFER_TRUSTED_PROXIES).
func (s *Area) limitBookingClient(c *fiber.Ctx) error {
	if ok, wait := s.bookingLimits.byClient.Allow(s.ClientKey(c)); !ok {
		return web.TooMany(c, wait, "bookings from your network")
	}
	return c.Next()
}

// limitBookingDomain applies CONFER_BOOKING_DOMAIN_RATE_LIMIT to the domain of a
// validated, lower-cased email address.
func (s *Area) limitBookingDomain(c *fiber.Ctx, email string) error {
	domain := email[strings.LastIndexByte(email, '@')+1:]
	if ok, wait := s.bookingLimits.byDomain.Allow(domain); !ok {
		return web.TooMany(c, wait, "bookings for addresses at "+domain)
	}
	return nil
}
