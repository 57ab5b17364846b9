package server

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"testing"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/models/polls"
)

// participantsIn counts the stored participants of a workshop.
func (e *testEnv) participantsIn(workshopID uint) int64 {
	e.t.Helper()
	n, err := polls.Of(e.store).CountParticipants(context.Background(), workshopID)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// dialStatus tries a websocket and returns the HTTP status of a refused upgrade (101 if
// it was accepted; the connection is then closed).
func dialStatus(t *testing.T, url string, h http.Header) int {
	t.Helper()
	c, res, err := gws.DefaultDialer.Dial(url, h)
	if err == nil {
		c.Close()
		return http.StatusSwitchingProtocols
	}
	if res == nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	return res.StatusCode
}

// TestPollJoinStuffing (D5): sockets opened without a token each mint a participant, so a
// script could cast hundreds of votes. New participants per client are now limited (and
// keyed on the real client behind a trusted proxy), a returning participant is never
// limited, nothing is written for an upgrade the Origin check refuses, and the facilitator
// sees how many joined.
func TestPollJoinStuffing(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) {
		c.Clients.PollJoinLimit = 5
		c.Clients.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	url := e.wsURL("/ws/join/" + w.JoinCode)
	attacker := http.Header{"X-Forwarded-For": {"203.0.113.66"}}

	if s := dialStatus(t, url, http.Header{"Origin": {"https://evil.example"}, "X-Forwarded-For": {"203.0.113.65"}}); s == http.StatusSwitchingProtocols {
		t.Fatal("foreign origin upgraded")
	}
	if n := e.participantsIn(w.ID); n != 0 {
		t.Fatalf("a refused upgrade stored %d participants", n)
	}

	var first string
	refused := 0
	for i := 0; i < 30; i++ {
		c, res, err := gws.DefaultDialer.Dial(url, attacker)
		if err != nil {
			if res == nil || res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
				t.Fatalf("join %d: %v %v", i, err, res)
			}
			refused++
			continue
		}
		var hello struct {
			ParticipantToken string `json:"participant_token"`
		}
		if err := c.ReadJSON(&hello); err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = hello.ParticipantToken
		}
		c.Close()
	}
	if refused != 25 {
		t.Fatalf("30 tokenless joins from one client: %d refused, want 25", refused)
	}
	if n := e.participantsIn(w.ID); n != 5 {
		t.Fatalf("%d participants stored, want 5", n)
	}
	// The limit is on new participants: a returning one always gets in, and so does
	// someone else behind the same proxy.
	back := e.join(w.JoinCode, first)
	if back.hello.ParticipantToken != first {
		t.Fatalf("returning participant got a new token")
	}
	other := &wsConn{t: t, Conn: dialWS(t, url, http.Header{"X-Forwarded-For": {"203.0.113.67"}})}
	other.next("hello")

	r := e.do("GET", fmt.Sprintf("/api/v1/workshops/%d", w.ID), nil, "token", w.token)
	var got struct {
		ParticipantCount *int64 `json:"participant_count"`
	}
	r.JSON(t, &got)
	if got.ParticipantCount == nil || *got.ParticipantCount != 6 {
		t.Fatalf("participant_count: %s", r)
	}
}

// TestWebsocketCapPerClient (D12): one client address holds at most CONFER_WS_PER_CLIENT
// sockets across every socket route; more are refused with 429 and Retry-After, closing
// one frees a place, and another client is not affected.
func TestWebsocketCapPerClient(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) {
		c.Clients.WSPerClient = 3
		c.Clients.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	url := e.wsURL("/ws/join/" + w.JoinCode)
	h := http.Header{"X-Forwarded-For": {"203.0.113.5"}}
	var open []*wsConn
	for i := 0; i < 3; i++ {
		c := &wsConn{t: t, Conn: dialWS(t, url, h)}
		c.next("hello")
		open = append(open, c)
	}
	_, res, err := gws.DefaultDialer.Dial(url, h)
	if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("4th socket from one client: %v %v", err, res)
	}
	if s := dialStatus(t, e.wsURL(fmt.Sprintf("/ws/workshops/%d", w.ID)),
		http.Header{"X-Forwarded-For": {"203.0.113.5"}, "Authorization": {"Bearer " + w.token}}); s != http.StatusTooManyRequests {
		t.Fatalf("presenter socket over the cap: %d", s)
	}
	if s := dialStatus(t, url, http.Header{"X-Forwarded-For": {"203.0.113.6"}}); s != http.StatusSwitchingProtocols {
		t.Fatalf("another client: %d", s)
	}
	open[0].Close()
	waitFor(t, func() bool { return dialStatus(t, url, h) == http.StatusSwitchingProtocols }) // a freed place
}
