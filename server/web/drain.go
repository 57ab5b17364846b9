package web

import (
	"context"
	"time"

	"github.com/gofiber/contrib/websocket"
)

// ServiceRestart is the close code a leaving instance closes every websocket with: 1012,
// "Service Restart", from the IANA WebSocket Close Code Number registry that RFC 6455
// §11.7 set up (https://www.iana.org/assignments/websocket/websocket.xhtml). It tells a
// client to reconnect at once, without its usual backoff: the balancer has already taken
// this instance out of rotation, so the new connection lands on another one.
const ServiceRestart = websocket.CloseServiceRestart

// DrainReason is the close frame's reason text that goes with ServiceRestart.
const DrainReason = "draining: reconnect"

// CloseSockets closes every websocket this instance serves with ServiceRestart, and any
// opened after it at once, then waits up to timeout for their handlers to end (each sends
// its close frame and waits briefly for the client's reply), so the frames go out before
// the process exits. It reports how many were still open when the time ran out.
func (k *Kit) CloseSockets(timeout time.Duration) int64 {
	if k.liveSockets.Load() == 0 {
		return 0 // nothing to close (and the hub may have stopped: a second Shutdown)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	k.Hub.CloseAll(ctx, ServiceRestart, DrainReason)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		n := k.liveSockets.Load()
		if n == 0 {
			return 0
		}
		select {
		case <-ctx.Done():
			k.Log.Warn("websockets still open at shutdown", "count", n)
			return n
		case <-tick.C:
		}
	}
}
