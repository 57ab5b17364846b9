package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/people"
)

func TestSignInLinkFlow(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	ctx := context.Background()
	if _, err := peoplemodel.Of(e.store).EnsureUser(ctx, "Sam.Admin@Trust.example", "Sam Admin", models.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	b := e.signIn("sam.admin@trust.example")

	r := e.doWith(b.client, "GET", "/api/v1/me", nil)
	var me people.MeResponse
	r.JSON(t, &me)
	if r.Status != 200 || me.Email != "sam.admin@trust.example" || me.Role != "admin" || me.Auth != "session" || me.CSRFToken == "" {
		t.Fatalf("me after sign-in: %s", r)
	}
	if cookie := r.Header.Get("Set-Cookie"); cookie != "" {
		t.Fatalf("me must not reissue the cookie: %s", cookie)
	}

	// Cookie writes need the CSRF token.
	if r := e.doWith(b.client, "POST", "/api/v1/tokens", map[string]string{"name": "x"}); r.Status != http.StatusForbidden || !strings.Contains(string(r.Body), "CSRF") {
		t.Fatalf("cookie write without CSRF: %s", r)
	}
	if r := e.doWith(b.client, "POST", "/api/v1/tokens", map[string]string{"name": "x"}, "X-CSRF-Token", "wrong"); r.Status != http.StatusForbidden {
		t.Fatalf("cookie write with a wrong CSRF token: %s", r)
	}
	if r := e.doWith(b.client, "POST", "/api/v1/tokens", map[string]string{"name": "x"}, "X-CSRF-Token", b.csrf); r.Status != http.StatusCreated {
		t.Fatalf("cookie write with CSRF: %s", r)
	}

	// Sign out ends the session.
	if r := e.doWith(b.client, "POST", "/api/v1/auth/signout", nil, "X-CSRF-Token", b.csrf); r.Status != http.StatusNoContent {
		t.Fatalf("sign out: %s", r)
	}
	if r := e.doWith(b.client, "GET", "/api/v1/me", nil); r.Status != http.StatusUnauthorized {
		t.Fatalf("me after sign-out: %s", r)
	}
}

func TestSignInLinkIsSingleUseAndExpires(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	ctx := context.Background()
	if _, err := peoplemodel.Of(e.store).EnsureUser(ctx, "f@trust.example", "F", models.RoleFacilitator, nil); err != nil {
		t.Fatal(err)
	}
	raw, err := e.store.CreateSignInToken(ctx, "f@trust.example")
	if err != nil {
		t.Fatal(err)
	}
	if r := e.do("POST", "/api/v1/auth/verify", map[string]string{"token": raw}); r.Status != 200 {
		t.Fatalf("first use: %s", r)
	}
	if r := e.do("POST", "/api/v1/auth/verify", map[string]string{"token": raw}); r.Status != http.StatusGone {
		t.Fatalf("second use: %s", r)
	}
	old, err := e.store.CreateSignInToken(ctx, "f@trust.example")
	if err != nil {
		t.Fatal(err)
	}
	e.store.DB.Model(&models.SignInToken{}).Where("hash = ?", models.HashSecret(old)).
		Update("expires_at", time.Now().UTC().Add(-time.Minute))
	if r := e.do("POST", "/api/v1/auth/verify", map[string]string{"token": old}); r.Status != http.StatusGone {
		t.Fatalf("expired link: %s", r)
	}
	if r := e.do("POST", "/api/v1/auth/verify", map[string]string{"token": "made-up"}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown token: %s", r)
	}
	// Only the hash is stored.
	var n int64
	e.store.DB.Model(&models.SignInToken{}).Where("hash = ? OR hash = ?", raw, old).Count(&n)
	if n != 0 {
		t.Fatal("a raw sign-in token was stored")
	}
}

func TestSignInNeverSaysWhetherAnAddressExists(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	if _, err := peoplemodel.Of(e.store).EnsureUser(context.Background(), "known@trust.example", "K", models.RoleComms, nil); err != nil {
		t.Fatal(err)
	}
	known := e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "known@trust.example"})
	unknown := e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "nobody@trust.example"})
	if known.Status != http.StatusAccepted || unknown.Status != known.Status || string(known.Body) != string(unknown.Body) {
		t.Fatalf("responses differ: %s vs %s", known, unknown)
	}
	e.waitForMail("known@trust.example", 0)
	time.Sleep(100 * time.Millisecond)
	msgs, _, _ := e.store.ListOutbox(context.Background(), "nobody@trust.example", models.Page{})
	if len(msgs) != 0 {
		t.Fatalf("mail sent to an unknown address: %+v", msgs)
	}
}

func TestSignInIsRateLimitedPerEmail(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	for i := 0; i < 5; i++ {
		if r := e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "x@trust.example"}); r.Status != http.StatusAccepted {
			t.Fatalf("request %d: %s", i, r)
		}
	}
	r := e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "X@trust.example"})
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth request: %s", r)
	}
	if r := e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "y@trust.example"}); r.Status != http.StatusAccepted {
		t.Fatalf("another address: %s", r)
	}
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	fac := e.tokenFor(models.RoleFacilitator)

	r := e.do("GET", "/api/v1/me", nil, "token", fac)
	var me people.MeResponse
	r.JSON(t, &me)
	if r.Status != 200 || me.Role != "facilitator" || me.Auth != "token" || me.CSRFToken != "" {
		t.Fatalf("me with token: %s", r)
	}
	e.run([]scenario{
		{name: "no token", method: "GET", url: "/api/v1/me", status: 401, contains: []string{`"error"`}},
		{name: "wrong token", method: "GET", url: "/api/v1/me", headers: []string{"token", "cfr_wrong"}, status: 401},
		{name: "not bearer", method: "GET", url: "/api/v1/me", headers: []string{"Authorization", "Basic abc"}, status: 401},
		{name: "facilitator on admin route", method: "GET", url: "/api/v1/people", headers: []string{"token", fac}, status: 403, contains: []string{"admin"}},
		{name: "admin on admin route", method: "GET", url: "/api/v1/people", headers: []string{"token", admin}, status: 200},
	})

	r = e.do("POST", "/api/v1/tokens", map[string]string{"name": "integration"}, "token", fac)
	var created people.TokenResponse
	r.JSON(t, &created)
	if r.Status != 201 || !strings.HasPrefix(created.Token, "cfr_") || !strings.HasPrefix(created.Token, created.Prefix) {
		t.Fatalf("create token: %s", r)
	}
	if r := e.do("GET", "/api/v1/me", nil, "token", created.Token); r.Status != 200 {
		t.Fatalf("new token: %s", r)
	}
	list := e.do("GET", "/api/v1/tokens", nil, "token", fac)
	if !strings.Contains(string(list.Body), "integration") || strings.Contains(string(list.Body), created.Token) {
		t.Fatalf("token list must show the name and never the secret: %s", list)
	}
	// Another user cannot revoke it; its owner can.
	other := e.tokenFor(models.RoleComms)
	if r := e.do("DELETE", "/api/v1/tokens/"+itoa(created.ID), nil, "token", other); r.Status != 404 {
		t.Fatalf("revoke someone else's token: %s", r)
	}
	if r := e.do("DELETE", "/api/v1/tokens/"+itoa(created.ID), nil, "token", fac); r.Status != 204 {
		t.Fatalf("revoke: %s", r)
	}
	if r := e.do("GET", "/api/v1/me", nil, "token", created.Token); r.Status != 401 {
		t.Fatalf("revoked token still works: %s", r)
	}
	var n int64
	e.store.DB.Model(&models.APIToken{}).Where("hash = ?", created.Token).Count(&n)
	if n != 0 {
		t.Fatal("a raw API token was stored")
	}
}
