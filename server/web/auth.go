package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

const (
	sessionCookie   = "confer_session"
	localUser       = "user"
	LocalAuthKind   = "auth_kind"
	localCSRFFailed = "csrf_failed"
	LocalSession    = "session_raw"
	LocalSessionID  = "session_id" // the caller's web session's row id ("this device")
)

// CurrentUser is the signed-in caller, or nil.
func CurrentUser(c *fiber.Ctx) *models.Person {
	u, _ := c.Locals(localUser).(*models.Person)
	return u
}

// CSRFFor derives a session's CSRF token from its secret, so nothing extra is stored and
// nobody without the cookie can compute it.
func CSRFFor(session string) string {
	sum := sha256.Sum256([]byte("confer-csrf:" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func isSafeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// Identify works out who is calling: a bearer API token (a wrong one is refused at once)
// or a session cookie (a cookie write must also carry the CSRF token). Anyone else is an
// anonymous participant.
func (s *Kit) Identify(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		raw, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return &models.Error{Code: models.EUNAUTHORISED, Message: "Authorization must be 'Bearer <token>'"}
		}
		p, err := s.Store.PersonForAPIToken(ctx, strings.TrimSpace(raw))
		if err != nil || p.Role == "" {
			if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
				return err
			}
			return &models.Error{Code: models.EUNAUTHORISED, Message: "invalid or revoked API token"}
		}
		c.Locals(localUser, p)
		c.Locals(LocalAuthKind, "token")
		return c.Next()
	}
	raw := c.Cookies(sessionCookie)
	if raw == "" {
		return c.Next()
	}
	raw = strings.Clone(raw)
	p, ws, err := s.Store.PersonForSession(ctx, raw, s.Cfg.SessionIdle)
	if err != nil {
		if models.ErrorCode(err) != models.ENOTFOUND {
			return err
		}
		s.ClearSessionCookie(c)
		return c.Next()
	}
	if !isSafeMethod(c.Method()) {
		got := c.Get("X-CSRF-Token")
		if subtle.ConstantTimeCompare([]byte(got), []byte(CSRFFor(raw))) != 1 {
			c.Locals(localCSRFFailed, true)
			return c.Next()
		}
	}
	c.Locals(localUser, p)
	c.Locals(LocalAuthKind, "session")
	c.Locals(LocalSession, raw)
	c.Locals(LocalSessionID, ws.ID)
	return c.Next()
}

func (s *Kit) SetSessionCookie(c *fiber.Ctx, raw string) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: raw, Path: "/", HTTPOnly: true, Secure: s.Cfg.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(models.SessionTTL.Seconds()),
	})
}

func (s *Kit) ClearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, Secure: s.Cfg.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: -1,
	})
}
