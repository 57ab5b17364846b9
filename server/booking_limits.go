package server

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// BookingLimits bound how fast anyone can fill sessions with made-up addresses (security
// review D7): bookings per client address and per email domain, each per hour; 0 = off.
// The defaults admit a ward booking together behind one NAT or one trust's domain; the
// confirm-to-keep setting is what stops fakes at a real domain.
type BookingLimits struct {
	PerClient int // CONFER_BOOKING_RATE_LIMIT
	PerDomain int // CONFER_BOOKING_DOMAIN_RATE_LIMIT
}

// Default booking limits, per hour.
const (
	DefaultBookingRateLimit       = 500
	DefaultBookingDomainRateLimit = 1000
)

func loadBookingLimits(get func(k, def string) string) (BookingLimits, error) {
	var l BookingLimits
	for _, v := range []struct {
		key  string
		def  int
		into *int
	}{{"CONFER_BOOKING_RATE_LIMIT", DefaultBookingRateLimit, &l.PerClient},
		{"CONFER_BOOKING_DOMAIN_RATE_LIMIT", DefaultBookingDomainRateLimit, &l.PerDomain}} {
		n, err := strconv.Atoi(get(v.key, strconv.Itoa(v.def)))
		if err != nil || n < 0 {
			return l, fmt.Errorf("%s must be a whole number of bookings per hour, 0 for no limit", v.key)
		}
		*v.into = n
	}
	return l, nil
}

// bookingLimiters hold the buckets of BookingLimits.
type bookingLimiters struct {
	byClient, byDomain *keyedLimiter
}

func newBookingLimiters(l BookingLimits) *bookingLimiters {
	return &bookingLimiters{byClient: newKeyedLimiter(l.PerClient, time.Hour), byDomain: newKeyedLimiter(l.PerDomain, time.Hour)}
}

// limitBookingClient applies CONFER_BOOKING_RATE_LIMIT to the client (s.clientKey:
// the real client behind CONFER_TRUSTED_PROXIES).
func (s *Server) limitBookingClient(c *fiber.Ctx) error {
	if ok, wait := s.bookingLimits.byClient.allow(s.clientKey(c)); !ok {
		return tooMany(c, wait, "bookings from your network")
	}
	return c.Next()
}

// limitBookingDomain applies CONFER_BOOKING_DOMAIN_RATE_LIMIT to the domain of a
// validated, lower-cased email address.
func (s *Server) limitBookingDomain(c *fiber.Ctx, email string) error {
	domain := email[strings.LastIndexByte(email, '@')+1:]
	if ok, wait := s.bookingLimits.byDomain.allow(domain); !ok {
		return tooMany(c, wait, "bookings for addresses at "+domain)
	}
	return nil
}
