package server

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

// testProvider is a real OpenID provider over HTTP (oauth2-proxy's mockoidc: discovery,
// JWKS, RS256-signed ID tokens, code exchange with its PKCE check), with a hook a test
// sets to make one request misbehave.
type testProvider struct {
	*mockoidc.MockOIDC
	mu   sync.Mutex
	hook func(w http.ResponseWriter, r *http.Request) bool // true: the hook answered
}

func newTestProvider(t *testing.T) *testProvider {
	t.Helper()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &testProvider{MockOIDC: m}
	_ = m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.mu.Lock()
			hook := p.hook
			p.mu.Unlock()
			if hook == nil || !hook(w, r) {
				next.ServeHTTP(w, r)
			}
		})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return p
}

func (p *testProvider) setHook(h func(w http.ResponseWriter, r *http.Request) bool) {
	p.mu.Lock()
	p.hook = h
	p.mu.Unlock()
}

// configure points Confer's single sign-on at the provider.
func (p *testProvider) configure(extra ...func(*web.OIDCConfig)) func(*web.Config) {
	return func(c *web.Config) {
		c.OIDC = web.OIDCConfig{Issuer: p.Issuer(), ClientID: p.ClientID, ClientSecret: p.ClientSecret, Label: "NHSmail"}
		for _, f := range extra {
			f(&c.OIDC)
		}
	}
}

// ssoUser is who the provider signs in next. tamper changes the ID token's registered
// claims before the provider signs it with its own key (a wrong audience, nonce or expiry).
type ssoUser struct {
	sub, email string
	verified   bool
	extra      map[string]any
	tamper     func(*mockoidc.IDTokenClaims)
}

func (u *ssoUser) ID() string { return u.sub }

func (u *ssoUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": u.sub, "email": u.email})
}

func (u *ssoUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.tamper != nil {
		u.tamper(base)
	}
	data, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	claims := jwt.MapClaims{}
	if err := json.Unmarshal(data, &claims); err != nil {
		return nil, err
	}
	if u.email != "" {
		claims["email"], claims["email_verified"] = u.email, u.verified
	}
	for k, v := range u.extra {
		claims[k] = v
	}
	return claims, nil
}

// ssoRun is one walk through the flow in a browser with a cookie jar.
type ssoRun struct {
	b        *browser
	landing  *url.URL // where Confer sent the browser at the end
	callback string   // the callback URL the provider sent the browser to
}

// ssoJar is a fresh browser with a cookie jar.
func (e *testEnv) ssoJar() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// ssoSignIn follows /auth/oidc/start through the provider and back, as a browser does,
// and stops where Confer lands it. b may be nil for a fresh browser.
func (e *testEnv) ssoSignIn(b *browser) ssoRun {
	e.t.Helper()
	if b == nil {
		b = e.ssoJar()
	}
	run := ssoRun{b: b}
	confer, _ := url.Parse(e.URL)
	client := *b.client
	client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == "/auth/oidc/callback" {
			run.callback = req.URL.String()
		}
		if req.URL.Host == confer.Host && !strings.HasPrefix(req.URL.Path, "/auth/oidc/") {
			return http.ErrUseLastResponse
		}
		return nil
	}
	res, err := client.Get(e.URL + "/auth/oidc/start")
	if err != nil {
		e.t.Fatalf("sso: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sso: ended with %d at %s, want a redirect home or to the sign-in page", res.StatusCode, res.Request.URL)
	}
	run.landing, _ = url.Parse(res.Header.Get("Location"))
	return run
}

// refusal is the reason the sign-in page was sent, "" when signed in.
func (r ssoRun) refusal() string {
	if r.landing.Path == "/signin" {
		return r.landing.Query().Get("error")
	}
	return ""
}

// me is who the browser is signed in as (nil when signed out), with its CSRF token kept.
func (e *testEnv) me(b *browser) *people.MeResponse {
	e.t.Helper()
	r := e.doWith(b.client, "GET", "/api/v1/session", nil)
	var s people.SignedInResponse
	r.JSON(e.t, &s)
	if s.Me != nil {
		b.csrf = s.Me.CSRFToken
	}
	return s.Me
}
