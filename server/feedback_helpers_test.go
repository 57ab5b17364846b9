package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/feedback"
)

// lockedBuffer collects the server's log lines for tests that grep them.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newLoggedTestEnv is newTestEnv with the server's log (at debug level) kept for grepping.
func newLoggedTestEnv(t *testing.T) (*testEnv, *lockedBuffer) {
	t.Helper()
	store := storetest.Open(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg, err := web.LoadConfig(func(k string) string {
		return map[string]string{"CONFER_BASE_URL": base, "CONFER_RATE_LIMIT": "0"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	buf := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := New(cfg, store, notifications.NewOutbox(store, "Confer <confer@test.example>"), log)
	startReady(t, srv)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(5 * time.Second) })
	return &testEnv{t: t, store: store, srv: srv, cfg: cfg, URL: base, http: &http.Client{Timeout: 2 * time.Minute}}, buf
}

// newChannel creates a channel as admin and returns its id.
func (e *testEnv) newChannel(admin string, body map[string]any) uint {
	e.t.Helper()
	if body["name"] == nil {
		body["name"] = fmt.Sprintf("Channel %d", userSeq.Add(1))
	}
	if body["audience"] == nil {
		body["audience"] = "both"
	}
	r := e.do("POST", "/api/v1/channels", body, "token", admin)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create channel: %s", r)
	}
	var ch feedback.ChannelResponse
	r.JSON(e.t, &ch)
	return ch.ID
}

// newPost posts to a channel with no credentials and returns the answer.
func (e *testEnv) newPost(channelID uint, body map[string]any) feedback.CreatedPost {
	e.t.Helper()
	if body["kind"] == nil {
		body["kind"] = "concern"
	}
	r := e.do("POST", fmt.Sprintf("/api/v1/channels/%d/posts", channelID), body)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create post: %s", r)
	}
	var out feedback.CreatedPost
	r.JSON(e.t, &out)
	return out
}

var followLinkRe = regexp.MustCompile(`/feedback/follow/(fb_[A-Za-z0-9_-]+)`)
