package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

// linkBrowser signs a fresh browser in with a sign-in link made in the store (several
// browsers of one person: the outbox would hand each the newest mail).
func (e *testEnv) linkBrowser(email, userAgent string) *browser {
	e.t.Helper()
	raw, err := e.store.CreateSignInToken(context.Background(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	b := e.ssoJar()
	r := e.doWith(b.client, "POST", "/api/v1/auth/verify", map[string]string{"token": raw}, "User-Agent", userAgent)
	if r.Status != http.StatusOK {
		e.t.Fatalf("verify: %s", r)
	}
	e.me(b)
	return b
}

func (e *testEnv) sessionsOf(b *browser) []people.SessionResponse {
	e.t.Helper()
	var out []people.SessionResponse
	r := e.doWith(b.client, "GET", "/api/v1/auth/sessions", nil)
	if r.Status != http.StatusOK {
		e.t.Fatalf("list sessions: %s", r)
	}
	r.JSON(e.t, &out)
	return out
}

// TestSessionIdleTimeout: a session unused for longer than CONFER_SESSION_IDLE has
// ended; last_seen_at is written at most once a minute.
func TestSessionIdleTimeout(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.SessionIdle = 30 * time.Minute })
	_, p := e.userToken(models.RoleComms, 0)
	email := p.Email
	b := e.signIn(email)
	lastSeen := func() time.Time {
		var ws models.WebSession
		if err := e.store.DB.Order("id DESC").First(&ws).Error; err != nil {
			t.Fatal(err)
		}
		return ws.LastSeenAt
	}
	setLastSeen := func(ago time.Duration) time.Time {
		at := time.Now().UTC().Add(-ago).Truncate(time.Second)
		e.store.DB.Model(&models.WebSession{}).Where("1 = 1").Update("last_seen_at", at)
		return at
	}

	at := setLastSeen(30 * time.Second)
	if e.me(b) == nil {
		t.Fatal("signed out after 30 seconds")
	}
	if got := lastSeen(); !got.Equal(at) {
		t.Errorf("last_seen_at written again within a minute: %v, was %v", got, at)
	}
	at = setLastSeen(29 * time.Minute)
	if e.me(b) == nil {
		t.Fatal("signed out within the idle limit")
	}
	if got := lastSeen(); !got.After(at.Add(28 * time.Minute)) {
		t.Errorf("last_seen_at not brought forward: %v", got)
	}
	setLastSeen(31 * time.Minute)
	if me := e.me(b); me != nil {
		t.Errorf("still signed in as %s after 31 idle minutes", me.Email)
	}
}

// TestSessionsListAndEnd: a person sees their sessions (this one marked) and ends another
// one or all others; someone else's session is "not found" and stays.
func TestSessionsListAndEnd(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	// userToken names the person it made: the shared counter moves under parallel tests.
	_, p := e.userToken(models.RoleFacilitator, 0)
	email := p.Email
	_, q := e.userToken(models.RoleFacilitator, 0)
	other := q.Email
	phone := e.linkBrowser(email, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
	laptop := e.linkBrowser(email, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")
	tablet := e.linkBrowser(email, "")
	stranger := e.linkBrowser(other, "")

	list := e.sessionsOf(laptop)
	if len(list) != 3 {
		t.Fatalf("sessions %+v, want 3", list)
	}
	var phoneID uint
	current := 0
	for _, s := range list {
		if s.Current {
			current++
		}
		if s.Method != models.SessionByLink || s.Device == "" {
			t.Errorf("session %+v lacks how it was opened or its browser", s)
		}
	}
	if current != 1 {
		t.Errorf("%d sessions marked as this device, want 1", current)
	}
	devices := map[string]bool{}
	for _, s := range list {
		devices[s.Device] = true
	}
	if !devices["Safari on iPhone"] || !devices["Edge on Windows"] || !devices["An unknown browser"] {
		t.Errorf("devices %v, want each browser described", devices)
	}
	for _, s := range e.sessionsOf(phone) {
		if s.Current {
			phoneID = s.ID
		}
	}
	strangerID := e.sessionsOf(stranger)[0].ID

	e.run([]scenario{{name: "someone else's session", method: "DELETE", url: fmt.Sprintf("/api/v1/auth/sessions/%d", strangerID),
		status: 401}})
	if r := e.doWith(laptop.client, "DELETE", fmt.Sprintf("/api/v1/auth/sessions/%d", strangerID), nil, "X-CSRF-Token", laptop.csrf); r.Status != http.StatusNotFound {
		t.Errorf("ending someone else's session: %s, want 404", r)
	}
	if e.me(stranger) == nil {
		t.Error("the stranger's session was ended")
	}
	if r := e.doWith(laptop.client, "DELETE", fmt.Sprintf("/api/v1/auth/sessions/%d", phoneID), nil, "X-CSRF-Token", laptop.csrf); r.Status != http.StatusNoContent {
		t.Fatalf("ending the phone's session: %s", r)
	}
	if e.me(phone) != nil {
		t.Error("the phone is still signed in")
	}
	if e.me(laptop) == nil || e.me(tablet) == nil {
		t.Fatal("ending one session ended others")
	}
	r := e.doWith(laptop.client, "POST", "/api/v1/auth/sessions/end-others", nil, "X-CSRF-Token", laptop.csrf)
	if r.Status != http.StatusOK || string(r.Body) != `{"ended":1}` {
		t.Errorf("end others: %s", r)
	}
	if e.me(tablet) != nil || e.me(laptop) == nil || e.me(stranger) == nil {
		t.Error("end-others ended the wrong sessions")
	}
	if r := e.doWith(laptop.client, "POST", "/api/v1/auth/sessions/end-others", nil); r.Status != http.StatusForbidden {
		t.Errorf("end-others without the CSRF token: %s, want 403", r)
	}
}

// TestSSOAndIdleSettings: the new settings' defaults, and a bad value fails start-up
// with one line naming the setting.
func TestSSOAndIdleSettings(t *testing.T) {
	t.Parallel()
	load := func(kv ...string) (web.Config, error) {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return web.LoadConfig(func(k string) string { return m[k] })
	}
	c, err := load()
	if err != nil || c.OIDC.Enabled() || c.SessionIdle != 8*time.Hour {
		t.Fatalf("defaults: %+v %v %v", c.OIDC, c.SessionIdle, err)
	}
	c, err = load("CONFER_OIDC_ISSUER", "https://login.microsoftonline.com/t/v2.0", "CONFER_OIDC_CLIENT_ID", "app",
		"CONFER_OIDC_ONLY", "1", "CONFER_SESSION_IDLE", "30m")
	if err != nil || !c.OIDC.Enabled() || !c.OIDC.Only || c.OIDC.Label != "your work account" || c.SessionIdle != 30*time.Minute {
		t.Fatalf("set: %+v %v %v", c.OIDC, c.SessionIdle, err)
	}
	for _, bad := range [][]string{
		{"CONFER_OIDC_ONLY", "1"},
		{"CONFER_OIDC_ISSUER", "login.microsoftonline.com"},
		{"CONFER_OIDC_ISSUER", "https://idp.example"},
		{"CONFER_OIDC_ISSUER", "https://idp.example", "CONFER_OIDC_CLIENT_ID", "x", "CONFER_OIDC_AUTO_REDIRECT", "sometimes"},
		{"CONFER_SESSION_IDLE", "8"},
		{"CONFER_SESSION_IDLE", "1m"},
	} {
		if _, err := load(bad...); err == nil || !strings.HasPrefix(err.Error(), "CONFER_") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}
