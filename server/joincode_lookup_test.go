package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// TestRefusedWebsocketOriginIs403: a page on another site may not open a socket; the
// answer says forbidden (403), not "upgrade required" (426), on every socket.
func TestRefusedWebsocketOriginIs403(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	for _, path := range []string{"/ws/join/" + w.JoinCode, "/ws/channels/1", "/ws/follow/fb_x"} {
		_, res, err := gws.DefaultDialer.Dial(e.wsURL(path), http.Header{"Origin": {"https://evil.example"}})
		if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
			status := 0
			if res != nil {
				status = res.StatusCode
			}
			t.Errorf("%s from another origin: status %d (%v), want 403", path, status, err)
		}
	}
}

// TestJoinCodeLookupsAreLimitedPerAddress: guessing join codes costs one lookup each, and
// each client address gets CONFER_RATE_LIMIT a minute. Once spent, a right code is refused
// like a wrong one (so the answer cannot tell them apart), and another address is not
// affected.
func TestJoinCodeLookupsAreLimitedPerAddress(t *testing.T) {
	t.Parallel()
	const limit = 5
	e := newTestEnv(t, func(c *web.Config) { c.RateLimit = limit })
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	upgrade := []string{"Connection", "Upgrade", "Upgrade", "websocket", "Sec-WebSocket-Version", "13",
		"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}
	for i := range limit {
		if r := e.do("GET", fmt.Sprintf("/ws/join/ZZZZ%02d", i), nil, upgrade...); r.Status != http.StatusNotFound {
			t.Fatalf("guess %d: %s", i, r)
		}
	}
	r := e.do("GET", "/ws/join/"+w.JoinCode, nil, upgrade...)
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("a lookup past the limit: %s %v, want 429 with Retry-After", r, r.Header)
	}
	// Another address (127.0.0.2 is loopback too on Linux) still joins.
	other := &gws.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}, Timeout: 5 * time.Second}
		return d.DialContext(ctx, network, addr)
	}}
	c, res, err := other.Dial(e.wsURL("/ws/join/"+w.JoinCode), nil)
	if err != nil {
		t.Fatalf("joining from another address: %v (%v)", err, res)
	}
	c.Close()
}
