package people

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"

	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerAuthRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/auth/signin", web.Public, s.signIn)
	s.Route(r, fiber.MethodPost, "/auth/verify", web.Public, s.verifySignIn)
	s.Route(r, fiber.MethodPost, "/auth/signout", web.SignedIn, s.signOut)
	s.Route(r, fiber.MethodGet, "/me", web.SignedIn, s.me)
	s.Route(r, fiber.MethodGet, "/session", web.Public, s.session)
	s.Route(r, fiber.MethodGet, "/staff-groups", web.Public, s.staffGroups)
}

type signInRequest struct {
	Email string `json:"email"`
}

// Sign-in limits. Per client: 100 requests an hour (a trust's programme team behind one
// NAT signing in at nine), and 5 per address per 15 minutes;
// beyond either the client gets 429. Per address, whoever asks: 5 mails per 15 minutes;
// beyond that the request is answered exactly as usual but no mail is sent, so nobody can
// lock a user out by asking for their address. The user is never left without a working
// link: the mail cap refills one mail every 3 minutes, so whenever it is empty a mail went
// to the user's own mailbox within the last 3 minutes, and each link works for 15.
const (
	signinPerClient  = 100 // an hour
	SigninPerAddress = 5
	signinPeriod     = 15 * time.Minute
)

// signIn mails a one-time link to a user. It answers the same whether or not the address
// has an account, and whether or not the mail cap let a mail go, and does the lookup and
// sending in the background so the response time does not tell either.
func (s *Area) signIn(c *fiber.Ctx) error {
	var req signInRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.emailLinksAllowed(); err != nil {
		return err
	}
	email, err := models.ParseEmail("email", req.Email)
	if err != nil {
		return err
	}
	client := s.ClientKey(c)
	if ok, wait := s.signinByIP.Allow(client); !ok {
		return web.TooMany(c, wait, "sign-in requests from your network")
	}
	if ok, wait := s.signinByPair.Allow(client + " " + email); !ok {
		return web.TooMany(c, wait, "sign-in requests for this address")
	}
	if ok, _ := s.signinMail.Allow(email); ok {
		s.Background("signin-mail", func(ctx context.Context) error { return s.sendSignInLink(ctx, email) })
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{
		"message": "If this address belongs to a Confer user, a sign-in link is on its way. It works once, for 15 minutes.",
	})
}

// emailLinksAllowed refuses emailed sign-in links when CONFER_OIDC_ONLY turns them off.
// Every account is a team account, so the answer is the same for every address and tells
// nobody who has one; links mailed before the setting was turned on stop working too.
func (s *Area) emailLinksAllowed() error {
	if !s.Cfg.OIDC.Only {
		return nil
	}
	return &models.Error{Code: models.EFORBIDDEN, Field: "email",
		Message: "Sign-in links by email are turned off. Sign in with " + s.Cfg.OIDC.Label + " instead."}
}

func (s *Area) sendSignInLink(ctx context.Context, email string) error {
	p, err := s.Store.GetPersonByEmail(ctx, email)
	if models.ErrorCode(err) == models.ENOTFOUND || (err == nil && p.Role == "") {
		return nil // no account: send nothing, say nothing
	}
	if err != nil {
		return err
	}
	raw, err := s.Store.CreateSignInToken(ctx, email)
	if err != nil {
		return err
	}
	link := s.Cfg.BaseURL + "/signin/verify?token=" + url.QueryEscape(raw)
	data := struct {
		Name, Link string
		Minutes    int
	}{p.Name, link, int(models.SignInTokenTTL.Minutes())}
	text, html, err := s.Emails.Render("signin", data)
	if err != nil {
		return err
	}
	return s.Mail.Send(ctx, &notifications.Message{
		To: p.Email, ToName: p.Name, Subject: "Your Confer sign-in link",
		Text: text, HTML: html, Categories: []string{"signin"},
	})
}

type verifyRequest struct {
	Token string `json:"token"`
}

// verifySignIn exchanges a sign-in link's token for a session cookie.
func (s *Area) verifySignIn(c *fiber.Ctx) error {
	var req verifyRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Token) == "" {
		return models.Invalid("token", "token is required")
	}
	if err := s.emailLinksAllowed(); err != nil {
		return err
	}
	p, session, err := s.Store.ConsumeSignInToken(c.UserContext(), req.Token, describeBrowser(c.Get(fiber.HeaderUserAgent)))
	if err != nil {
		return err
	}
	web.AuditActor(c, p)
	web.AuditObject(c, "person", p.ID)
	s.SetSessionCookie(c, session)
	return c.JSON(fiber.Map{"user": toMe(p, "session", web.CSRFFor(session))})
}

func (s *Area) signOut(c *fiber.Ctx) error {
	if raw, ok := c.Locals(web.LocalSession).(string); ok {
		if err := s.Store.DeleteSession(c.UserContext(), raw); err != nil {
			return err
		}
	}
	s.ClearSessionCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

// meResponse is the caller as the SPA and integrators see themselves.
type MeResponse struct {
	ID             uint                 `json:"id"`
	Email          string               `json:"email"`
	Name           string               `json:"name"`
	Role           string               `json:"role"`
	OrganisationID *uint                `json:"organisation_id"`
	Organisation   *web.OrganisationRef `json:"organisation"`
	StaffGroup     string               `json:"staff_group"`
	JobRole        string               `json:"job_role"`
	Auth           string               `json:"auth"`
	CSRFToken      string               `json:"csrf_token,omitempty"`
}

func toMe(p *models.Person, auth, csrf string) MeResponse {
	m := MeResponse{ID: p.ID, Email: p.Email, Name: p.Name, Role: p.Role, OrganisationID: p.OrganisationID,
		StaffGroup: p.StaffGroup, JobRole: p.JobRole, Auth: auth, CSRFToken: csrf}
	if p.Organisation != nil {
		m.Organisation = &web.OrganisationRef{ID: p.Organisation.ID, Name: p.Organisation.Name, Code: p.Organisation.Code}
	}
	return m
}

func (s *Area) me(c *fiber.Ctx) error {
	return c.JSON(callerMe(c))
}

// callerMe is the signed-in caller as /me and /session show them.
func callerMe(c *fiber.Ctx) MeResponse {
	kind, _ := c.Locals(web.LocalAuthKind).(string)
	csrf := ""
	if raw, ok := c.Locals(web.LocalSession).(string); ok {
		csrf = web.CSRFFor(raw)
	}
	return toMe(web.CurrentUser(c), kind, csrf)
}

// signedInResponse is {"me": ...} when signed in and {"me": null} when not.
type SignedInResponse struct {
	Me *MeResponse `json:"me"`
}

// session is /me for the SPA: a signed-out visitor is an answer (200, me null), not an
// error, so no public page logs a 401. GET /me keeps its 401 for API clients.
func (s *Area) session(c *fiber.Ctx) error {
	if web.CurrentUser(c) == nil {
		return c.JSON(SignedInResponse{})
	}
	me := callerMe(c)
	return c.JSON(SignedInResponse{Me: &me})
}

func (s *Area) staffGroups(c *fiber.Ctx) error {
	return c.JSON(models.StaffGroups)
}
