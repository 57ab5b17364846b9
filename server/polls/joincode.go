package polls

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// limitJoinLookups bounds join-code lookups per client address to CONFER_RATE_LIMIT a
// minute (600 by default), right or wrong, so a refused lookup says nothing about whether
// the code exists. A code is one of 31^6 (about 887 million): at 10 guesses a second an
// address needs years to find a live workshop, where unlimited it found one in hours.
// The HTTP lookup and the socket share the one budget, so a guesser gains nothing by
// using both. A whole hospital behind one address joining a big room at once waits
// seconds at most: the socket client retries with backoff.
func (s *Area) limitJoinLookups() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if ok, wait := s.joinLookups.Allow(s.ClientKey(c)); !ok {
			return web.TooMany(c, wait, "attempts to join from your network")
		}
		return c.Next()
	}
}

// joinLookupResponse is what the join page learns from a right code: enough to say which
// workshop it is, nothing about who runs it.
type joinLookupResponse struct {
	Workshop workshopRef `json:"workshop"`
}

// lookupJoinCode lets the join page check a code over HTTP before it opens the socket, so
// a mistyped code is answered at once ("No workshop with code X", 404) instead of after
// failed connection attempts. Nothing is written.
func (s *Area) lookupJoinCode(c *fiber.Ctx) error {
	code := pollmodel.NormaliseJoinCode(c.Params("code"))
	w, err := s.live.workshopByCode(c.UserContext(), code)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return &models.Error{Code: models.ENOTFOUND, Field: "code", Message: "No workshop with code " + code}
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(joinLookupResponse{Workshop: workshopRef{ID: w.ID, Title: w.Title, JoinCode: w.JoinCode}})
}
