package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"
)

// readFrame reads frames until one of type typ arrives, failing after a few seconds.
func readFrame(t *testing.T, c *gws.Conn, typ string) map[string]any {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for a %q frame: %v", typ, err)
		}
		var f map[string]any
		if err := json.Unmarshal(msg, &f); err != nil {
			t.Fatalf("frame %s: %v", msg, err)
		}
		if f["type"] == typ {
			f["_raw"] = string(msg)
			return f
		}
	}
}

// readFrameWith reads frames of type typ until one contains want.
func readFrameWith(t *testing.T, c *gws.Conn, typ, want string) map[string]any {
	t.Helper()
	for {
		if f := readFrame(t, c, typ); strings.Contains(f["_raw"].(string), want) {
			return f
		}
	}
}

// expectSilence fails if a frame arrives within d.
func expectSilence(t *testing.T, c *gws.Conn, d time.Duration, what string) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	if _, msg, err := c.ReadMessage(); err == nil {
		t.Fatalf("%s: got frame %s", what, msg)
	}
}

// TestFeedbackLiveOverWebsocket: posts and replies reach a channel's public socket and
// the team socket over real websockets, and each sees only what its audience may.
func TestFeedbackLiveOverWebsocket(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	ch := e.newChannel(admin, map[string]any{"name": "Live"})

	public := dialWS(t, e.wsURL(fmt.Sprintf("/ws/channels/%d", ch)), nil)
	readFrame(t, public, "hello")
	team := dialWS(t, e.wsURL("/ws/feedback/team"), http.Header{"Authorization": {"Bearer " + comms}})
	readFrame(t, team, "hello")
	if _, res, err := gws.DefaultDialer.Dial(e.wsURL("/ws/feedback/team"), nil); err == nil || res.StatusCode != 401 {
		t.Fatalf("team socket without credentials: %v %v", err, res)
	}

	p := e.newPost(ch, map[string]any{"kind": "idea", "body": "Live idea", "name": "Named Person", "email": "np@trust.nhs.uk"})
	f := readFrame(t, public, "post")
	if f["_raw"].(string) == "" || !strings.Contains(f["_raw"].(string), "Live idea") ||
		strings.Contains(f["_raw"].(string), "np@trust.nhs.uk") || strings.Contains(f["_raw"].(string), "Named Person") {
		t.Fatalf("public post frame: %s", f["_raw"])
	}
	f = readFrame(t, team, "post")
	if !strings.Contains(f["_raw"].(string), "np@trust.nhs.uk") {
		t.Fatalf("team post frame lacks the email: %s", f["_raw"])
	}

	follow := dialWS(t, e.wsURL("/ws/follow/"+p.FollowToken), nil)
	readFrame(t, follow, "hello")

	// A private reply: team and poster see it, the public socket does not.
	e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", p.ID), map[string]any{"body": "Private answer", "public": false}, "token", comms)
	if f := readFrame(t, team, "reply"); !strings.Contains(f["_raw"].(string), "Private answer") {
		t.Fatalf("team reply frame: %s", f["_raw"])
	}
	if f := readFrame(t, follow, "reply"); !strings.Contains(f["_raw"].(string), "Private answer") {
		t.Fatalf("follow reply frame: %s", f["_raw"])
	}
	// The public socket gets the post's new status, but never the private reply.
	for {
		f := readFrame(t, public, "post")
		if strings.Contains(f["_raw"].(string), "Private answer") {
			t.Fatalf("private reply on the public socket: %s", f["_raw"])
		}
		if strings.Contains(f["_raw"].(string), `"status":"answered"`) {
			break
		}
	}
	e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", p.ID), map[string]any{"body": "Public answer", "public": true}, "token", comms)
	if f := readFrame(t, public, "reply"); !strings.Contains(f["_raw"].(string), "Public answer") || f["post_id"].(float64) != float64(p.ID) {
		t.Fatalf("public reply frame: %s", f["_raw"])
	}

	// A post waiting for approval reaches the team only.
	gated := e.newChannel(admin, map[string]any{"name": "Gated live", "require_approval": true})
	gpub := dialWS(t, e.wsURL(fmt.Sprintf("/ws/channels/%d", gated)), nil)
	readFrame(t, gpub, "hello")
	e.newPost(gated, map[string]any{"body": "Pending secret", "anonymous": true})
	readFrameWith(t, team, "post", "Pending secret")
	expectSilence(t, gpub, 500*time.Millisecond, "public socket of a channel needing approval")

	// Unknown channel: an error frame, then the socket closes.
	bad := dialWS(t, e.wsURL("/ws/channels/9999"), nil)
	if f := readFrame(t, bad, "error"); !strings.Contains(f["_raw"].(string), "not found") {
		t.Fatalf("error frame: %s", f["_raw"])
	}
}
