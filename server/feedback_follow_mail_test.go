package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/feedback"
)

// TestEmailFollowLinkSendsOneMailAndKeepsNoAddress: an anonymous poster has their link
// emailed. One mail goes, holding the link and nothing else about the post; the address
// is in no table but the outbox and in no log line; bad input is refused with its field;
// and a client can have only so many links emailed an hour.
func TestEmailFollowLinkSendsOneMailAndKeepsNoAddress(t *testing.T) {
	t.Parallel()
	e, logs := newLoggedTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{"name": "Night shift parking"})
	post := e.newPost(ch, map[string]any{"body": "The car park lights are out", "anonymous": true})
	const typed = "Poster.Person@Example.ORG"
	const addr = "poster.person@example.org"

	r := e.do("POST", "/api/v1/follow/"+post.FollowToken+"/email", map[string]any{"email": typed})
	if r.Status != http.StatusAccepted {
		t.Fatalf("email me this link: %s", r)
	}
	m := e.waitForMail(addr, 0)
	if !strings.Contains(m.Text, post.FollowURL) || !strings.Contains(m.HTML, post.FollowURL) {
		t.Errorf("the mail lacks the link %s:\n%s", post.FollowURL, m.Text)
	}
	for _, leak := range []string{"Night shift parking", "car park", fmt.Sprintf("post %d", post.ID), "#" + fmt.Sprint(post.ID)} {
		if strings.Contains(m.Subject+m.Text+m.HTML, leak) {
			t.Errorf("the mail says %q about the post", leak)
		}
	}
	for k, v := range m.Headers {
		if strings.Contains(v, fmt.Sprint(post.ID)) {
			t.Errorf("header %s=%s may name the post", k, v)
		}
	}
	if m.Category != "feedback-link" {
		t.Errorf("category %q", m.Category)
	}
	time.Sleep(200 * time.Millisecond) // a second mail, if one were sent, would be there by now
	if _, n, _ := e.store.ListOutbox(context.Background(), addr, models.Page{PerPage: 10}); n != 1 {
		t.Errorf("%d mails to %s, want 1", n, addr)
	}
	assertAddressOnlyInOutbox(t, e, addr)
	if strings.Contains(strings.ToLower(logs.String()), addr) {
		t.Errorf("the log names the address:\n%s", logs)
	}
	if strings.Contains(logs.String(), post.FollowToken) {
		t.Error("the log holds the follow-up token")
	}

	// Bad input; the limit counts every request a client makes here (1 so far).
	url := "/api/v1/follow/" + post.FollowToken + "/email"
	e.run([]scenario{
		{name: "not an address", method: "POST", url: url, body: map[string]any{"email": "not-an-address"},
			status: 422, contains: []string{`"field":"email"`}},
		{name: "unknown link", method: "POST", url: "/api/v1/follow/fb_nosuchtoken/email", body: map[string]any{"email": addr},
			status: 404},
		{name: "unknown field", method: "POST", url: url, body: map[string]any{"email": addr, "post_id": post.ID},
			status: 400, contains: []string{`"field":"post_id"`}},
	})
	for i := 5; i <= feedback.FollowMailPerHour; i++ {
		if r := e.do("POST", url, map[string]any{"email": fmt.Sprintf("p%d@example.org", i)}); r.Status != http.StatusAccepted {
			t.Fatalf("request %d: %s", i, r)
		}
	}
	r = e.do("POST", url, map[string]any{"email": "one-too-many@example.org"})
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("request %d: want 429 with Retry-After, got %s", feedback.FollowMailPerHour+1, r)
	}
}

// assertAddressOnlyInOutbox reads every row of every table and fails if any value but an
// outbox message's holds the address.
func assertAddressOnlyInOutbox(t *testing.T, e *testEnv, addr string) {
	t.Helper()
	tables, err := e.store.DB.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if table == "outbox_messages" {
			continue
		}
		var rows []map[string]any
		if err := e.store.DB.Table(table).Find(&rows).Error; err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for _, row := range rows {
			for col, v := range row {
				if strings.Contains(strings.ToLower(fmt.Sprint(v)), addr) {
					t.Errorf("%s.%s holds the address", table, col)
				}
			}
		}
	}
}
