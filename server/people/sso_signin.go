package people

import (
	"cmp"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/oauth2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/web"
)

// Why a single sign-on was refused: the code the sign-in page is sent with
// (/signin?error=CODE), which it turns into what happened and what to do.
const (
	ssoCancelled   = "cancelled"   // the person cancelled at the provider
	ssoProvider    = "provider"    // the provider answered with an error
	ssoUnavailable = "unavailable" // the provider could not be reached
	ssoState       = "state"       // unknown, used or expired attempt (or another browser's)
	ssoToken       = "token"       // the ID token failed a check (signature, audience, nonce)
	ssoExpired     = "expired"     // the ID token had expired
	ssoUnverified  = "unverified"  // the provider has not verified the email
	ssoNoEmail     = "no_email"    // the token carries no email address
	ssoUninvited   = "uninvited"   // no team account has the address
	ssoBound       = "bound"       // the account belongs to another identity at the provider
	ssoBusy        = "busy"        // too many attempts from this network
	ssoOff         = "off"         // single sign-on is not set up
)

// ssoCookie holds the attempt's state in the browser that began it, for /auth/oidc only.
const ssoCookie = "confer_oidc"

// ssoPerClient caps attempts per client an hour: each makes a row. A whole trust's team
// signing in at nine behind one NAT stays far below it.
const ssoPerClient = 300

// registerSSORoutes puts the two pages of the flow at the top level, outside /api/v1:
// the browser navigates to them (they answer with redirects, never JSON).
func (s *Area) registerSSORoutes(app fiber.Router) {
	s.Route(app, fiber.MethodGet, "/auth/oidc/start", web.Public, s.ssoStart)
	s.Route(app, fiber.MethodGet, "/auth/oidc/callback", web.Public, s.ssoCallback)
}

// ssoStart begins the authorization-code flow: a fresh state, nonce and PKCE verifier
// (S256), kept server-side (models.OIDCLogin says why), and a redirect to the provider.
func (s *Area) ssoStart(c *fiber.Ctx) error {
	if !s.Cfg.OIDC.Enabled() {
		return refuseSSO(c, ssoOff)
	}
	if ok, _ := s.ssoByClient.Allow(s.ClientKey(c)); !ok {
		return refuseSSO(c, ssoBusy)
	}
	p, err := s.sso.get(c.UserContext())
	if err != nil {
		s.Log.Warn("single sign-on: provider discovery failed", "err", err)
		return refuseSSO(c, ssoUnavailable)
	}
	verifier, nonce := oauth2.GenerateVerifier(), randomToken()
	state, err := s.Store.CreateOIDCLogin(c.UserContext(), nonce, verifier, localPath(c.Query("next")))
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: ssoCookie, Value: state, Path: "/auth/oidc", HTTPOnly: true, Secure: s.Cfg.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: int(models.OIDCLoginTTL.Seconds())})
	return c.Redirect(s.sso.oauth(p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)))
}

// ssoCallback finishes the flow: the state must be this browser's and unused; the code
// is exchanged with the PKCE verifier; the ID token's signature, issuer, audience, expiry
// and nonce are checked; its email names an invited team account, which the first SSO
// sign-in binds to the identity. Every refusal lands on the sign-in page with its reason.
func (s *Area) ssoCallback(c *fiber.Ctx) error {
	state, code := strings.Clone(c.Query("state")), strings.Clone(c.Query("code"))
	cookie := strings.Clone(c.Cookies(ssoCookie))
	c.Cookie(&fiber.Cookie{Name: ssoCookie, Value: "", Path: "/auth/oidc", HTTPOnly: true, Secure: s.Cfg.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, MaxAge: -1})
	if !s.Cfg.OIDC.Enabled() {
		return refuseSSO(c, ssoOff)
	}
	ctx := c.UserContext()
	login, err := s.Store.ConsumeOIDCLogin(ctx, state)
	if e := c.Query("error"); e != "" {
		s.Log.Info("single sign-on: the provider answered with an error", "error", e)
		if e == "access_denied" {
			return refuseSSO(c, ssoCancelled)
		}
		return refuseSSO(c, ssoProvider)
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(state), []byte(cookie)) != 1 {
		if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return err
		}
		return refuseSSO(c, ssoState)
	}
	person, session, reason := s.ssoFinish(c, login, code)
	if reason != "" {
		return refuseSSO(c, reason)
	}
	s.Log.Info("single sign-on", "person", person.ID)
	web.AuditActor(c, person)
	web.AuditSummary(c, "signed in with single sign-on")
	s.SetSessionCookie(c, session)
	return c.Redirect(cmp.Or(login.ReturnTo, "/"), fiber.StatusSeeOther)
}

// ssoFinish exchanges the code and checks the ID token; it returns the person and their
// new session, or the refusal code.
func (s *Area) ssoFinish(c *fiber.Ctx, login *models.OIDCLogin, code string) (*models.Person, string, string) {
	ctx := s.sso.ctx(c.UserContext())
	p, err := s.sso.get(ctx)
	if err != nil {
		s.Log.Warn("single sign-on: provider discovery failed", "err", err)
		return nil, "", ssoUnavailable
	}
	tok, err := s.sso.oauth(p).Exchange(ctx, code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		s.Log.Warn("single sign-on: code exchange failed", "err", err)
		return nil, "", ssoProvider
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := s.sso.verifier(p).Verify(ctx, raw)
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return nil, "", ssoExpired
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(login.Nonce)) != 1 {
		s.Log.Warn("single sign-on: ID token refused", "err", err, "nonce_matches", err == nil)
		return nil, "", ssoToken
	}
	email, reason := accountEmail(idt)
	if reason != "" {
		return nil, "", reason
	}
	person, session, err := s.Store.SignInWithOIDC(c.UserContext(), idt.Issuer, idt.Subject, email,
		describeBrowser(c.Get(fiber.HeaderUserAgent)))
	switch {
	case errors.Is(err, models.ErrSSONotInvited):
		return nil, "", ssoUninvited
	case errors.Is(err, models.ErrSSOBoundElsewhere):
		return nil, "", ssoBound
	case err != nil:
		s.Log.Error("single sign-on: opening the session failed", "err", err)
		return nil, "", ssoProvider
	}
	return person, session, ""
}

// refuseSSO sends the browser to the sign-in page, which explains the refusal.
func refuseSSO(c *fiber.Ctx, reason string) error {
	web.AuditSummary(c, "refused: %s", reason) // the callback's refusals are audited; the code is not personal
	return c.Redirect("/signin?error="+url.QueryEscape(reason), fiber.StatusSeeOther)
}

// localPath admits only a path on this site to return to after sign-in (never
// "//elsewhere" or a full URL, which would make Confer an open redirect).
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") || len(p) > 500 ||
		strings.HasPrefix(p, "/signin") || strings.HasPrefix(p, "/auth/") {
		return ""
	}
	return strings.Clone(p)
}

// randomToken is 32 random bytes, URL-safe: the nonce.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
