package server

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/feedback"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// TestFeedbackMetooOncePerBrowserUnderConcurrency: 40 requests from one browser race; one
// counts. Then 15 browsers each count once, and the stored count equals the vote rows.
func TestFeedbackMetooOncePerBrowserUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{})
	p := e.newPost(ch, map[string]any{"body": "Parking at the training centre is full by 8am.", "anonymous": true})
	url := fmt.Sprintf("/api/v1/posts/%d/metoo", p.ID)

	statuses := make(chan int, 40)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- e.do("POST", url, nil, feedback.BrowserHeader, "same-browser-token-abcdef").Status
		}()
	}
	wg.Wait()
	close(statuses)
	ok, conflict := 0, 0
	for s := range statuses {
		switch s {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
			conflict++
		default:
			t.Errorf("unexpected status %d", s)
		}
	}
	if ok != 1 || conflict != 39 {
		t.Fatalf("one browser racing: %d counted, %d refused; want 1 and 39", ok, conflict)
	}

	for i := 0; i < 15; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 3; j++ { // each browser tries three times
				e.do("POST", url, nil, feedback.BrowserHeader, fmt.Sprintf("browser-%02d-token-abcdef", i))
			}
		}()
	}
	wg.Wait()
	var post feedbackmodel.FeedbackPost
	e.store.DB.First(&post, p.ID)
	var rows int64
	e.store.DB.Model(&feedbackmodel.FeedbackMetoo{}).Where("post_id = ?", p.ID).Count(&rows)
	if post.MetooCount != 16 || rows != 16 {
		t.Fatalf("metoo_count %d, vote rows %d; want 16 and 16", post.MetooCount, rows)
	}
	// The stored voter is a hash, never the token itself.
	var voters []string
	e.store.DB.Model(&feedbackmodel.FeedbackMetoo{}).Pluck("voter_hash", &voters)
	for _, v := range voters {
		if v == "same-browser-token-abcdef" || len(v) != 64 {
			t.Fatalf("voter stored as %q", v)
		}
	}
	e.run([]scenario{{name: "top sort counts", method: "GET", url: fmt.Sprintf("/api/v1/channels/%d/posts?sort=top", ch),
		status: 200, contains: []string{`"metoo_count":16`}}})
}

// TestFeedbackMetooCookie: a browser with no token gets a cookie, and the cookie makes
// the second "me too" a conflict.
func TestFeedbackMetooCookie(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{})
	p := e.newPost(ch, map[string]any{"body": "x", "anonymous": true})
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	url := fmt.Sprintf("/api/v1/posts/%d/metoo", p.ID)
	if r := e.doWith(client, "POST", url, nil); r.Status != 200 || r.Header.Get("Set-Cookie") == "" {
		t.Fatalf("first: %s %v", r, r.Header)
	}
	if r := e.doWith(client, "POST", url, nil); r.Status != http.StatusConflict {
		t.Fatalf("second from the same browser: %s", r)
	}
	if r := e.do("POST", url, nil, feedback.BrowserHeader, "short"); r.Status != http.StatusBadRequest {
		t.Fatalf("short token: %s", r)
	}
	if r := e.do("POST", "/api/v1/posts/99999/metoo", nil); r.Status != http.StatusNotFound {
		t.Fatalf("missing post: %s", r)
	}
}

// TestFeedbackMetooBoundedPerClient (D10): a new X-Confer-Browser value on every request
// used to add one "me too" each. One client now adds at most metooPerPostPerHour to a
// post; other clients, and the same client on other posts, are unaffected.
func TestFeedbackMetooBoundedPerClient(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) {
		c.RateLimit = 1000
		c.Clients.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	ch := e.newChannel(e.tokenFor(models.RoleAdmin), map[string]any{})
	p := e.newPost(ch, map[string]any{"body": "The night bus stops before the late shift ends.", "anonymous": true})
	q := e.newPost(ch, map[string]any{"body": "No lockers for agency staff.", "anonymous": true})
	metoo := func(post uint, client string, i int) int {
		return e.do("POST", fmt.Sprintf("/api/v1/posts/%d/metoo", post), nil,
			feedback.BrowserHeader, fmt.Sprintf("forged-browser-%04d-abcdef", i), "X-Forwarded-For", client).Status
	}
	counted, limited := 0, 0
	for i := 0; i < feedback.MetooPerPostPerHour+40; i++ {
		switch s := metoo(p.ID, "203.0.113.66", i); s {
		case http.StatusOK:
			counted++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("me too %d: %d", i, s)
		}
	}
	if counted != feedback.MetooPerPostPerHour || limited != 40 {
		t.Fatalf("one client with forged browsers: %d counted, %d limited; want %d and 40", counted, limited, feedback.MetooPerPostPerHour)
	}
	if s := metoo(p.ID, "192.0.2.10", 9999); s != http.StatusOK {
		t.Fatalf("another client's me too: %d", s)
	}
	if s := metoo(q.ID, "203.0.113.66", 9998); s != http.StatusOK {
		t.Fatalf("the same client on another post: %d", s)
	}
	var post feedbackmodel.FeedbackPost
	e.store.DB.First(&post, p.ID)
	if post.MetooCount != feedback.MetooPerPostPerHour+1 {
		t.Fatalf("metoo_count %d, want %d", post.MetooCount, feedback.MetooPerPostPerHour+1)
	}
}
