package server

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// limitJoinLookups bounds join-code lookups per client address to CONFER_RATE_LIMIT a
// minute (600 by default), right or wrong, so a refused lookup says nothing about whether
// the code exists. A code is one of 31^6 (about 887 million): at 10 guesses a second an
// address needs years to find a live workshop, where unlimited it found one in hours.
// A whole hospital behind one address joining a big room at once waits seconds at most:
// the socket client retries with backoff.
func (s *Server) limitJoinLookups() fiber.Handler {
	lim := newKeyedLimiter(s.cfg.RateLimit, time.Minute)
	return func(c *fiber.Ctx) error {
		if ok, wait := lim.allow(s.clientKey(c)); !ok {
			return tooMany(c, wait, "attempts to join from your network")
		}
		return c.Next()
	}
}
