package people

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerTokenRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/tokens", web.SignedIn, s.listTokens)
	s.Route(r, fiber.MethodPost, "/tokens", web.SignedIn, s.createToken)
	s.Route(r, fiber.MethodDelete, "/tokens/:id", web.SignedIn, s.revokeToken)
}

type TokenResponse struct {
	ID         uint       `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	Owner      string     `json:"owner,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	Token      string     `json:"token,omitempty"` // only in the response that creates it
}

func toToken(t *models.APIToken) TokenResponse {
	r := TokenResponse{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt,
		LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
	if t.Person != nil {
		r.Owner = t.Person.Email
	}
	return r
}

// ownerScope is the person whose tokens the caller manages; admins (0) manage everyone's.
func ownerScope(c *fiber.Ctx) uint {
	u := web.CurrentUser(c)
	if u.Role == models.RoleAdmin && c.Query("all") == "true" {
		return 0
	}
	return u.ID
}

func (s *Area) listTokens(c *fiber.Ctx) error {
	tokens, err := s.Store.ListAPITokens(c.UserContext(), ownerScope(c))
	if err != nil {
		return err
	}
	out := make([]TokenResponse, len(tokens))
	for i := range tokens {
		out[i] = toToken(&tokens[i])
	}
	return c.JSON(out)
}

type createTokenRequest struct {
	Name string `json:"name"`
}

func (s *Area) createToken(c *fiber.Ctx) error {
	var req createTokenRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	t, raw, err := s.Store.CreateAPIToken(c.UserContext(), web.CurrentUser(c).ID, req.Name)
	if err != nil {
		return err
	}
	r := toToken(t)
	r.Token = raw
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *Area) revokeToken(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	owner := web.CurrentUser(c).ID
	if web.CurrentUser(c).Role == models.RoleAdmin {
		owner = 0
	}
	if err := s.Store.RevokeAPIToken(c.UserContext(), id, owner); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
