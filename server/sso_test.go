package server

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

// invite has an admin give an address a role through the People admin, as a trust does
// before anyone signs in with single sign-on.
func (e *testEnv) invite(email, role string) {
	e.t.Helper()
	r := e.do("POST", "/api/v1/people", map[string]any{"email": email, "name": "Invited Person", "role": role},
		"token", e.tokenFor(models.RoleAdmin))
	if r.Status != http.StatusCreated {
		e.t.Fatalf("invite %s: %s", email, r)
	}
}

// TestSSOSignInLandsWithTheInvitedRole: the whole flow against a real provider (discovery,
// PKCE S256, code exchange, signed ID token); the first sign-in binds the account, and a
// later one with the same identity signs in again.
func TestSSOSignInLandsWithTheInvitedRole(t *testing.T) {
	t.Parallel()
	op := newTestProvider(t)
	e := newTestEnv(t, op.configure())
	e.invite("Nurse.Lead@Trust.nhs.uk", models.RoleComms)

	var challenge url.Values
	op.setHook(func(_ http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == mockoidc.AuthorizationEndpoint {
			challenge = r.URL.Query()
		}
		return false
	})
	op.QueueUser(&ssoUser{sub: "entra-1", email: "nurse.lead@trust.nhs.uk", verified: true})
	run := e.ssoSignIn(nil)
	if run.landing.Path != "/" {
		t.Fatalf("landed on %s, want home", run.landing)
	}
	me := e.me(run.b)
	if me == nil || me.Role != models.RoleComms || me.Email != "nurse.lead@trust.nhs.uk" {
		t.Fatalf("signed in as %+v, want the invited comms account", me)
	}
	if challenge.Get("code_challenge_method") != "S256" || challenge.Get("code_challenge") == "" ||
		challenge.Get("nonce") == "" || len(challenge.Get("state")) < 32 {
		t.Errorf("authorization request %v lacks PKCE S256, a nonce or an unguessable state", challenge)
	}
	var sessions []people.SessionResponse
	e.doWith(run.b.client, "GET", "/api/v1/auth/sessions", nil).JSON(t, &sessions)
	if len(sessions) != 1 || sessions[0].Method != models.SessionBySSO || !sessions[0].Current {
		t.Errorf("sessions %+v, want this one, by single sign-on", sessions)
	}
	p, err := e.store.GetPersonByEmail(context.Background(), "nurse.lead@trust.nhs.uk")
	if err != nil || p.OIDCSubject == nil || *p.OIDCSubject != "entra-1" || *p.OIDCIssuer != op.Issuer() {
		t.Fatalf("account not bound to the identity: %+v %v", p, err)
	}

	op.QueueUser(&ssoUser{sub: "entra-1", email: "nurse.lead@trust.nhs.uk", verified: true})
	if again := e.ssoSignIn(nil); again.refusal() != "" || e.me(again.b) == nil {
		t.Errorf("second sign-in with the bound identity refused: %s", again.landing)
	}
	// Each sign-in is on the audit trail, naming who signed in (the walk over every
	// audited route cannot call the callback without a provider: this test does).
	var rows []models.AuditEvent
	e.store.DB.Where("action = ?", "auth.signin.sso").Order("id").Find(&rows)
	if len(rows) != 2 || rows[0].ActorID == nil || *rows[0].ActorID != p.ID || rows[0].ActorRole != models.RoleComms ||
		rows[0].Summary != "signed in with single sign-on" {
		t.Errorf("audit rows for the sign-ins: %+v", rows)
	}
	op.QueueUser(&ssoUser{sub: "entra-2", email: "nobody@trust.nhs.uk", verified: true})
	if r := e.ssoSignIn(nil); r.refusal() == "" {
		t.Fatal("an uninvited address signed in")
	}
	var refused models.AuditEvent
	e.store.DB.Where("action = ?", "auth.signin.sso").Order("id DESC").First(&refused)
	if refused.ActorID != nil || !strings.HasPrefix(refused.Summary, "refused: ") {
		t.Errorf("audit row for a refused sign-in: %+v", refused)
	}
}

// TestSSORefusals: each way a sign-in is refused lands on the sign-in page with its
// reason and no session; the bad tokens are signed by the provider's own key.
func TestSSORefusals(t *testing.T) {
	t.Parallel()
	op := newTestProvider(t)
	e := newTestEnv(t, op.configure())
	e.invite("invited@trust.nhs.uk", models.RoleFacilitator)
	e.invite("bound@trust.nhs.uk", models.RoleFacilitator)
	e.store.DB.Exec("INSERT INTO people (email, name, role, created_at, updated_at) VALUES ('participant@trust.nhs.uk', 'P', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
	op.QueueUser(&ssoUser{sub: "first", email: "bound@trust.nhs.uk", verified: true})
	if r := e.ssoSignIn(nil); r.refusal() != "" {
		t.Fatalf("first sign-in refused: %s", r.landing)
	}
	invited := func(u *ssoUser) *ssoUser {
		u.email, u.verified = "invited@trust.nhs.uk", true
		return u
	}
	cases := []struct {
		name string
		user *ssoUser
		want string
	}{
		{"uninvited email", &ssoUser{sub: "s1", email: "stranger@trust.nhs.uk", verified: true}, "uninvited"},
		{"participant without a role", &ssoUser{sub: "s2", email: "participant@trust.nhs.uk", verified: true}, "uninvited"},
		{"wrong audience", invited(&ssoUser{sub: "s3", tamper: func(c *mockoidc.IDTokenClaims) {
			c.Audience = jwt.ClaimStrings{"another-app"}
		}}), "token"},
		{"wrong nonce", invited(&ssoUser{sub: "s4", tamper: func(c *mockoidc.IDTokenClaims) { c.Nonce = "not-ours" }}), "token"},
		{"expired token", invited(&ssoUser{sub: "s5", tamper: func(c *mockoidc.IDTokenClaims) {
			c.IssuedAt = jwt.NewNumericDate(c.IssuedAt.Add(-2 * 3600e9))
			c.NotBefore = c.IssuedAt
			c.ExpiresAt = jwt.NewNumericDate(c.ExpiresAt.Add(-2 * 3600e9))
		}}), "expired"},
		{"unverified email", &ssoUser{sub: "s6", email: "invited@trust.nhs.uk", verified: false}, "unverified"},
		{"unverified email, username not from Entra", &ssoUser{sub: "s7", email: "invited@trust.nhs.uk",
			extra: map[string]any{"preferred_username": "invited@trust.nhs.uk"}}, "unverified"},
		{"no email at all", &ssoUser{sub: "s8"}, "no_email"},
		{"same email, another identity", &ssoUser{sub: "second", email: "bound@trust.nhs.uk", verified: true}, "bound"},
	}
	for _, tc := range cases {
		op.QueueUser(tc.user)
		r := e.ssoSignIn(nil)
		if got := r.refusal(); got != tc.want {
			t.Errorf("%s: landed on %s, want /signin?error=%s", tc.name, r.landing, tc.want)
		}
		if me := e.me(r.b); me != nil {
			t.Errorf("%s: signed in as %s", tc.name, me.Email)
		}
	}
	// The same invited address with a good token does sign in: the refusals above were the tampering.
	op.QueueUser(invited(&ssoUser{sub: "s9"}))
	if r := e.ssoSignIn(nil); r.refusal() != "" {
		t.Errorf("good token refused: %s", r.landing)
	}
}

// TestSSOEntraUsernameWhenNoVerifiedEmail: an Entra token (with tid) without a verified
// email names the account by preferred_username.
func TestSSOEntraUsernameWhenNoVerifiedEmail(t *testing.T) {
	t.Parallel()
	op := newTestProvider(t)
	e := newTestEnv(t, op.configure())
	e.invite("ward.manager@nhs.net", models.RoleFacilitator)
	op.QueueUser(&ssoUser{sub: "oid-1", extra: map[string]any{"tid": "tenant", "preferred_username": "Ward.Manager@nhs.net"}})
	r := e.ssoSignIn(nil)
	if me := e.me(r.b); me == nil || me.Email != "ward.manager@nhs.net" {
		t.Fatalf("landed on %s as %+v", r.landing, me)
	}
}

// TestSSOStateIsSingleUseAndBrowserBound: a replayed callback, an unknown state and a
// callback in a browser that did not start the attempt are refused.
func TestSSOStateIsSingleUseAndBrowserBound(t *testing.T) {
	t.Parallel()
	op := newTestProvider(t)
	e := newTestEnv(t, op.configure())
	e.invite("replay@trust.nhs.uk", models.RoleComms)
	op.QueueUser(&ssoUser{sub: "r1", email: "replay@trust.nhs.uk", verified: true})
	run := e.ssoSignIn(nil)
	if run.refusal() != "" {
		t.Fatalf("sign-in refused: %s", run.landing)
	}
	cb, _ := url.Parse(run.callback)
	state := cb.Query().Get("state")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string, cookie string) string {
		req, _ := http.NewRequest("GET", u, nil)
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: "confer_oidc", Value: cookie})
		}
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.Header.Get("Location")
	}
	if loc := get(run.callback, state); loc != "/signin?error=state" {
		t.Errorf("replayed callback went to %q, want the state refusal", loc)
	}
	if loc := get(e.URL+"/auth/oidc/callback?state=made-up&code=x", "made-up"); loc != "/signin?error=state" {
		t.Errorf("unknown state went to %q", loc)
	}

	// Another browser carrying someone's fresh callback (login CSRF) has no matching cookie.
	op.QueueUser(&ssoUser{sub: "r1", email: "replay@trust.nhs.uk", verified: true})
	var stolen string
	op.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != mockoidc.AuthorizationEndpoint {
			return false
		}
		q := r.URL.Query()
		stolen = q.Get("redirect_uri") + "?code=whatever&state=" + url.QueryEscape(q.Get("state"))
		w.WriteHeader(http.StatusNoContent) // the victim never comes back
		return true
	})
	jar := e.ssoJar()
	res, err := jar.client.Get(e.URL + "/auth/oidc/start")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := get(stolen, ""); loc != "/signin?error=state" {
		t.Errorf("callback without the starting browser's cookie went to %q", loc)
	}
}

// TestSSOPKCEAndProviderErrors: the provider refuses a code exchanged with the wrong
// PKCE verifier (so Confer's verifier is what admits it), a cancelled sign-in and a
// provider error each have their page, and a provider that is down does not stop Confer.
func TestSSOPKCEAndProviderErrors(t *testing.T) {
	t.Parallel()
	op := newTestProvider(t)
	e := newTestEnv(t, op.configure())
	e.invite("pkce@trust.nhs.uk", models.RoleComms)

	op.setHook(func(_ http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == mockoidc.TokenEndpoint {
			_ = r.ParseForm()
			r.Form.Set("code_verifier", strings.Repeat("x", 43))
		}
		return false
	})
	op.QueueUser(&ssoUser{sub: "p1", email: "pkce@trust.nhs.uk", verified: true})
	if r := e.ssoSignIn(nil); r.refusal() != "provider" {
		t.Errorf("wrong PKCE verifier: landed on %s, want the provider refusal", r.landing)
	}

	op.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != mockoidc.AuthorizationEndpoint {
			return false
		}
		q := r.URL.Query()
		http.Redirect(w, r, q.Get("redirect_uri")+"?error=access_denied&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		return true
	})
	if r := e.ssoSignIn(nil); r.refusal() != "cancelled" {
		t.Errorf("cancelled: landed on %s", r.landing)
	}
	op.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != mockoidc.AuthorizationEndpoint {
			return false
		}
		q := r.URL.Query()
		http.Redirect(w, r, q.Get("redirect_uri")+"?error=server_error&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		return true
	})
	if r := e.ssoSignIn(nil); r.refusal() != "provider" {
		t.Errorf("provider error: landed on %s", r.landing)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String() + "/oidc"
	ln.Close()
	e2 := newTestEnv(t, func(c *web.Config) { c.OIDC = web.OIDCConfig{Issuer: down, ClientID: "confer", Label: "NHSmail"} })
	if r := e2.ssoSignIn(nil); r.refusal() != "unavailable" {
		t.Errorf("provider down: landed on %s", r.landing)
	}
	e2.run([]scenario{{name: "still serving", method: "GET", url: "/api/v1/auth/methods", status: 200,
		contains: []string{`"email_links":true`, `"label":"NHSmail"`}}})
}

// TestSSOOnlyRefusesEmailLinks: with CONFER_OIDC_ONLY the emailed link is refused with a
// clear 403 naming the field, for every address alike, and the sign-in page is told.
func TestSSOOnlyRefusesEmailLinks(t *testing.T) {
	t.Parallel()
	op := newTestProvider(t)
	e := newTestEnv(t, op.configure(func(c *web.OIDCConfig) { c.Only = true }))
	e.invite("team@trust.nhs.uk", models.RoleAdmin)
	raw, err := e.store.CreateSignInToken(context.Background(), "team@trust.nhs.uk")
	if err != nil {
		t.Fatal(err)
	}
	e.run([]scenario{
		{name: "link refused", method: "POST", url: "/api/v1/auth/signin", body: map[string]string{"email": "team@trust.nhs.uk"},
			status: 403, contains: []string{`"field":"email"`, "Sign in with NHSmail instead"}},
		{name: "unknown address answered alike", method: "POST", url: "/api/v1/auth/signin", body: map[string]string{"email": "nobody@trust.nhs.uk"},
			status: 403, contains: []string{"Sign in with NHSmail instead"}},
		{name: "a link mailed earlier stops working", method: "POST", url: "/api/v1/auth/verify", body: map[string]string{"token": raw},
			status: 403},
		{name: "the page is told", method: "GET", url: "/api/v1/auth/methods", status: 200,
			contains: []string{`"email_links":false`, `"start_url":"/auth/oidc/start"`}},
	})
	op.QueueUser(&ssoUser{sub: "t1", email: "team@trust.nhs.uk", verified: true})
	if r := e.ssoSignIn(nil); e.me(r.b) == nil {
		t.Errorf("single sign-on refused with OIDC_ONLY: %s", r.landing)
	}
}
