package server

import "github.com/confer-nhs/confer/server/web"
import "testing"

// TestClientKeepsOnlyTheNewestCoalescedFrame: a client that has not yet written a key's
// Frame gets it replaced by the newer one, in first-offered order, and one wake-up.
func TestClientKeepsOnlyTheNewestCoalescedFrame(t *testing.T) {
	t.Parallel()
	c := &web.Client{Done: make(chan struct{}), Wake: make(chan struct{}, 1)}
	c.OfferLatest("poll-results:1", []byte("r1"))
	c.OfferLatest("questions:1", []byte("q1"))
	c.OfferLatest("poll-results:1", []byte("r2"))
	if len(c.Wake) != 1 {
		t.Fatalf("want one pending wake-up, got %d", len(c.Wake))
	}
	got := c.TakeLatest()
	if len(got) != 2 || got[0].Key != "poll-results:1" || string(got[0].Frame) != "r2" || string(got[1].Frame) != "q1" {
		t.Fatalf("pending frames: %+v", got)
	}
	if len(c.TakeLatest()) != 0 {
		t.Fatal("frames were handed out twice")
	}
	c.Close()
	if c.OfferLatest("poll-results:1", []byte("r3")) {
		t.Fatal("a closed client took a frame")
	}
}
