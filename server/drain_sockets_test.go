package server

import (
	"errors"
	"net/url"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/web"
)

// TestCloseSocketsClosesLatecomersWith1012: once an instance has closed its sockets to
// leave, a socket that reaches it afterwards (a reconnect that raced the balancer) is
// closed the same way, 1012 "draining: reconnect", as soon as it is subscribed, rather than
// served by an instance about to stop.
func TestCloseSocketsClosesLatecomersWith1012(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	first := e.join(w.JoinCode, "")
	closed := make(chan int64, 1)
	go func() { closed <- e.srv.CloseSockets(10 * time.Second) }()
	wantRestart(t, "the open socket", first.Conn)
	if n := <-closed; n != 0 {
		t.Fatalf("CloseSockets left %d sockets open", n)
	}
	// Its hello may or may not go out before the close: the write pump takes whichever is ready.
	late := dialWS(t, e.wsURL("/ws/join/"+w.JoinCode+"?participant_token="+url.QueryEscape(first.hello.ParticipantToken)), nil)
	wantRestart(t, "a socket opened after", late)
}

// wantRestart reads c until it closes and checks it closed with 1012.
func wantRestart(t *testing.T, what string, c *gws.Conn) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, _, err := c.ReadMessage()
		if err == nil {
			continue
		}
		var ce *gws.CloseError
		if !errors.As(err, &ce) || ce.Code != web.ServiceRestart || ce.Text != web.DrainReason {
			t.Fatalf("%s ended with %v, want close 1012 %q", what, err, web.DrainReason)
		}
		return
	}
}
