package people

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// registerSessionRoutes lets a signed-in person see where they are signed in and end
// those sessions: their own only (a session of anyone else's is "not found").
func (s *Area) registerSessionRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/auth/methods", web.Public, s.signInMethods)
	s.Route(r, fiber.MethodGet, "/auth/sessions", web.SignedIn, s.listSessions)
	s.Route(r, fiber.MethodDelete, "/auth/sessions/:id", web.SignedIn, s.endSession)
	s.Route(r, fiber.MethodPost, "/auth/sessions/end-others", web.SignedIn, s.endOtherSessions)
}

// SignInMethods tells the sign-in page which ways in there are.
type SignInMethods struct {
	EmailLinks bool       `json:"email_links"` // false with CONFER_OIDC_ONLY
	SSO        *SSOMethod `json:"sso"`         // null when single sign-on is not set up
}

// SSOMethod is single sign-on as the sign-in page offers it.
type SSOMethod struct {
	Label        string `json:"label"`         // "Sign in with <label>"
	StartURL     string `json:"start_url"`     // where the button goes
	AutoRedirect bool   `json:"auto_redirect"` // go there without a click (not after a refusal)
}

func (s *Area) signInMethods(c *fiber.Ctx) error {
	m := SignInMethods{EmailLinks: !s.Cfg.OIDC.Only}
	if o := s.Cfg.OIDC; o.Enabled() {
		m.SSO = &SSOMethod{Label: o.Label, StartURL: "/auth/oidc/start", AutoRedirect: o.AutoRedirect}
	}
	return c.JSON(m)
}

// SessionResponse is one of the caller's browser sessions.
type SessionResponse struct {
	ID         uint      `json:"id"`
	Method     string    `json:"method"` // "link" or "sso"
	Device     string    `json:"device"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	Current    bool      `json:"current"` // the session this request came with ("this device")
}

func currentSessionID(c *fiber.Ctx) uint {
	id, _ := c.Locals(web.LocalSessionID).(uint)
	return id
}

func (s *Area) listSessions(c *fiber.Ctx) error {
	list, err := s.Store.ListSessions(c.UserContext(), web.CurrentUser(c).ID, s.Cfg.SessionIdle)
	if err != nil {
		return err
	}
	current := currentSessionID(c)
	out := make([]SessionResponse, len(list))
	for i, ws := range list {
		out[i] = SessionResponse{ID: ws.ID, Method: ws.Method, Device: ws.Device, CreatedAt: ws.CreatedAt,
			LastSeenAt: ws.LastSeenAt, Current: ws.ID == current}
	}
	return c.JSON(out)
}

// endSession ends one of the caller's sessions; ending the one in use signs this browser out.
func (s *Area) endSession(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Store.EndSession(c.UserContext(), id, web.CurrentUser(c).ID); err != nil {
		return err
	}
	if id == currentSessionID(c) {
		s.ClearSessionCookie(c)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// EndedResponse says how many sessions were ended.
type EndedResponse struct {
	Ended int64 `json:"ended"`
}

// endOtherSessions ends every session of the caller's but this one (with an API token,
// which has no session, that is all of them).
func (s *Area) endOtherSessions(c *fiber.Ctx) error {
	n, err := s.Store.EndOtherSessions(c.UserContext(), web.CurrentUser(c).ID, currentSessionID(c))
	if err != nil {
		return err
	}
	return c.JSON(EndedResponse{Ended: n})
}
