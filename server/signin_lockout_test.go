package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

// TestSignInCannotBeLockedOut (D10): five requests for someone's address used to lock
// them out for 15 minutes. Now the asking client is limited per address, mail per address
// is capped silently (the answer is the same), and the user still gets in: their own
// request is accepted and the link in their mailbox works.
func TestSignInCannotBeLockedOut(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) {
		c.Clients.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	victim := "ward.manager@test.example"
	if _, err := peoplemodel.Of(e.store).EnsureUser(context.Background(), victim, "Ward Manager", models.RoleFacilitator, nil); err != nil {
		t.Fatal(err)
	}
	ask := func(client string) resp {
		return e.do("POST", "/api/v1/auth/signin", map[string]string{"email": victim}, "X-Forwarded-For", client)
	}
	for i := 0; i < people.SigninPerAddress; i++ {
		if r := ask("203.0.113.66"); r.Status != http.StatusAccepted {
			t.Fatalf("attacker's request %d: %s", i+1, r)
		}
	}
	if r := ask("203.0.113.66"); r.Status != http.StatusTooManyRequests {
		t.Fatalf("attacker's 6th request for one address: %s, want 429", r)
	}
	for i := 0; i < 10; i++ { // a botnet: every request from somewhere new
		if r := ask(fmt.Sprintf("198.51.100.%d", i+1)); r.Status != http.StatusAccepted {
			t.Fatalf("request from a fresh client %d: %s", i, r)
		}
	}
	r := ask("192.0.2.10") // the user, from their ward
	if r.Status != http.StatusAccepted {
		t.Fatalf("the user is locked out: %s", r)
	}
	m := e.waitForMail(victim, 0)
	time.Sleep(300 * time.Millisecond) // let any mail still in flight land
	msgs, _, err := e.store.ListOutbox(context.Background(), victim, models.Page{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != people.SigninPerAddress {
		t.Fatalf("%d sign-in mails sent for 17 requests, want %d", len(msgs), people.SigninPerAddress)
	}
	match := signInLinkRe.FindStringSubmatch(m.Text)
	jar, _ := cookiejar.New(nil)
	b := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	if r := e.doWith(b, "POST", "/api/v1/auth/verify", map[string]string{"token": match[1]}); r.Status != http.StatusOK {
		t.Fatalf("the link in the user's mailbox: %s", r)
	}
}
