package web

import (
	"fmt"
	"strconv"
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
