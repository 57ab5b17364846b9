package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

var paramRe = regexp.MustCompile(`:[A-Za-z_]+\??|\*`)

// TestEveryRouteDeclaresItsRoles walks every route the app serves under /api/v1 and /ws and
// proves it was registered with a policy, that callers with no credentials are refused
// with 401, and that signed-in users whose role the policy leaves out are refused with 403.
func TestEveryRouteDeclaresItsRoles(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	declared := map[string]web.Policy{}
	for _, r := range e.srv.Routes() {
		declared[r.Method+" "+r.Path] = r.Policy
	}
	tokens := map[string]string{}
	for _, role := range models.Roles {
		tokens[role] = e.tokenFor(role)
	}
	checked := 0
	for _, r := range e.srv.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") && !strings.HasPrefix(r.Path, "/ws/") {
			continue
		}
		key := r.Method + " " + r.Path
		p, ok := declared[key]
		if !ok {
			t.Errorf("%s is served but declares no policy: register it with s.route", key)
			continue
		}
		if p.Public {
			continue
		}
		if len(p.Roles) == 0 {
			t.Errorf("%s has a policy admitting nobody", key)
		}
		url := paramRe.ReplaceAllString(r.Path, "1")
		if got := e.do(r.Method, url, nil); got.Status != http.StatusUnauthorized {
			t.Errorf("%s without credentials: got %s, want 401", key, got)
		}
		if got := e.do(r.Method, url, nil, "token", "cfr_not-a-real-token"); got.Status != http.StatusUnauthorized {
			t.Errorf("%s with a wrong token: got %s, want 401", key, got)
		}
		for _, role := range models.Roles {
			if p.Allows(role) {
				continue
			}
			if got := e.do(r.Method, url, nil, "token", tokens[role]); got.Status != http.StatusForbidden {
				t.Errorf("%s as %s: got %s, want 403", key, role, got)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d protected routes found: the walk is broken", checked)
	}
}

// TestPublicRoutesAreDeliberate lists the routes anyone may call, so that making a route
// public is a visible change to this test.
func TestPublicRoutesAreDeliberate(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	want := map[string]bool{}
	for _, k := range publicRoutes {
		want[k] = true
	}
	for _, r := range e.srv.Routes() {
		key := r.Method + " " + r.Path
		if r.Policy.Public && !want[key] {
			t.Errorf("%s is public but not listed in publicRoutes: add it if anyone may call it", key)
		}
		delete(want, key)
	}
	for k := range want {
		t.Errorf("publicRoutes lists %s, which is not registered", k)
	}
}

// publicRoutes are the routes that need no account.
var publicRoutes = []string{
	"GET /healthz", "GET /readyz",
	"POST /api/v1/auth/signin", "POST /api/v1/auth/verify", "GET /api/v1/staff-groups", "GET /api/v1/site",
	"GET /api/v1/organisations", "GET /api/v1/organisations/:id",
	"GET /api/v1/channels", "GET /api/v1/channels/:id", "GET /api/v1/channels/:id/posts",
	"POST /api/v1/channels/:id/posts", "POST /api/v1/posts/:id/metoo", "GET /api/v1/you-said-we-did",
	"GET /api/v1/follow/:token", "POST /api/v1/follow/:token/replies", "POST /api/v1/follow/:token/email",
	"GET /ws/channels/:id", "GET /ws/follow/:token",
	"GET /api/v1/slots", "GET /api/v1/slots/:id", "POST /api/v1/slots/:id/bookings", "GET /api/v1/bookings/:token",
	"POST /api/v1/bookings/:token/cancel", "POST /api/v1/bookings/:token/move", "POST /api/v1/bookings/confirm",
	"POST /api/v1/webhooks/sendgrid", "GET /unsubscribe/:token", "POST /unsubscribe/:token",
	"GET /ws/join/:code", "GET /api/v1/join/:code",
	"GET /api/v1/programme", "GET /api/v1/session",
	"GET /api/v1/bookable-sessions", "GET /api/v1/bookable-sessions/:id", "POST /api/v1/bookings/lost-link",
	"GET /api/v1/bookings/:token/calendar.ics",
	"GET /api/v1/privacy/retention", "GET /api/v1/notices",
	"GET /api/v1/auth/methods", "GET /auth/oidc/start", "GET /auth/oidc/callback",
	"GET /api/v1/public/decisions", "GET /api/v1/public/decisions/:id", "GET /api/v1/public/decisions.rss",
	"GET /api/v1/public/decisions.atom", "GET /api/v1/follow/:token/decisions", "GET /api/v1/public/decisions-for-posts",
	"GET /api/v1/public/pulses/:token", "PUT /api/v1/public/pulses/:token/response",
	"GET /api/v1/public/pulses/open/:token", "POST /api/v1/public/pulses/open/:token/responses",
}
