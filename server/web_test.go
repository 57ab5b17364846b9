package server

import (
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/web"
)

func TestHealthAndSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.run([]scenario{
		{name: "healthz", method: "GET", url: "/healthz", status: 200, contains: []string{"ok"}},
		{name: "readyz", method: "GET", url: "/readyz", status: 200, contains: []string{"ready"}},
	})
	r := e.do("GET", "/api/v1/organisations", nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"X-Request-Id":            "",
	} {
		if got := r.Header.Get(h); got == "" || !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", h, got, want)
		}
	}
	if r.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain http")
	}
}

func TestHSTSBehindHTTPS(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.BaseURL = "https://confer.example.nhs.uk" })
	if got := e.do("GET", "/healthz", nil).Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age") {
		t.Fatalf("HSTS = %q", got)
	}
}

func TestSPAFallbackAndCaching(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	for _, path := range []string{"/", "/signin", "/organisations/12", "/follow/abc"} {
		r := e.do("GET", path, nil)
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d %s cache=%q", path, r.Status, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
		}
	}
	if r := e.do("POST", "/signin", nil); r.Status != 404 {
		t.Errorf("POST to a page: %s", r)
	}
	if r := e.do("GET", "/assets/missing-abc123.js", nil); r.Status != 404 {
		t.Errorf("missing asset must 404, not fall back to the page: %s", r)
	}
}

func TestOutboxIsReadableByAdmins(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	if _, err := people.Of(e.store).EnsureUser(t.Context(), "casey@trust.example", "Casey <b>", models.RoleComms, nil); err != nil {
		t.Fatal(err)
	}
	e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "casey@trust.example"})
	m := e.waitForMail("casey@trust.example", 0)
	r := e.do("GET", "/api/v1/outbox?to=Casey@Trust.example", nil, "token", admin)
	if r.Status != 200 || !strings.Contains(string(r.Body), "Your Confer sign-in link") || !strings.Contains(string(r.Body), `"total":1`) {
		t.Fatalf("outbox: %s", r)
	}
	if strings.Contains(m.HTML, "Casey <b>") {
		t.Fatal("a name reached the HTML unescaped")
	}
	if r := e.do("GET", "/api/v1/outbox/"+itoa(m.ID), nil, "token", admin); r.Status != 200 || !strings.Contains(string(r.Body), "/signin/verify?token=") {
		t.Fatalf("outbox message: %s", r)
	}
	r = e.do("GET", "/api/v1/outbox/"+itoa(m.ID)+"/html", nil, "token", admin)
	if csp := r.Header.Get("Content-Security-Policy"); r.Status != 200 || !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("HTML preview: %d %q %q", r.Status, csp, r.Header.Get("Content-Type"))
	}
}
