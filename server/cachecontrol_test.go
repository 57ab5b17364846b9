package server

import (
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/confer-nhs/confer/models"
)

// TestSignedInAndTokenResponsesAreNotStored: on a shared ward PC nothing a signed-in user
// saw, and no page or answer reached through a secret link, may stay in the browser's
// cache. Public, anonymous answers keep their own cache policy.
func TestSignedInAndTokenResponsesAreNotStored(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	fac := e.tokenFor(models.RoleFacilitator)
	w := e.newWorkshop(fac)
	cases := []struct {
		name, path, token, want string
	}{
		{"the SPA", "/", "", "no-store"},
		{"the SPA at a manage link", "/bookings/bk_secret", "", "no-store"},
		{"the SPA at a follow-up link", "/feedback/follow/fb_secret", "", "no-store"},
		{"the signed-in user", "/api/v1/me", fac, "no-store"},
		{"a signed-in image", fmt.Sprintf("/api/v1/workshops/%d/qr.png", w.ID), fac, "no-store"},
		{"a signed-in listing", "/api/v1/workshops", fac, "no-store"},
		{"a manage link's answer", "/api/v1/bookings/bk_secret", "", "no-store"},
		{"a follow-up link's answer", "/api/v1/follow/fb_secret", "", "no-store"},
		{"the unsubscribe page", "/unsubscribe/un_secret", "", "no-store"},
		{"a refused API call", "/api/v1/workshops", "", "no-store"},
		{"the public programme", "/api/v1/programme", "", "public, max-age=60"},
		{"the public programme, signed in", "/api/v1/programme", fac, "no-store"},
	}
	for _, c := range cases {
		var r resp
		if c.token != "" {
			r = e.do("GET", c.path, nil, "token", c.token)
		} else {
			r = e.do("GET", c.path, nil)
		}
		if got := r.Header.Get("Cache-Control"); got != c.want {
			t.Errorf("%s: GET %s (%d) has Cache-Control %q, want %q", c.name, c.path, r.Status, got, c.want)
		}
	}
}

// TestReferrerPolicyIsNoReferrerEverywhere: a <meta name="referrer"> in the page overrides
// the header, so the page must say what the header says.
func TestReferrerPolicyIsNoReferrerEverywhere(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	header := e.do("GET", "/", nil).Header.Get("Referrer-Policy")
	if header != "no-referrer" {
		t.Fatalf("Referrer-Policy header %q", header)
	}
	page, err := os.ReadFile("../frontend/index.html")
	if err != nil {
		t.Fatal(err)
	}
	metas := regexp.MustCompile(`<meta\s+name="referrer"\s+content="([^"]*)"`).FindAllSubmatch(page, -1)
	for _, m := range metas {
		if string(m[1]) != header {
			t.Errorf("index.html's referrer meta says %q, the header %q", m[1], header)
		}
	}
}
