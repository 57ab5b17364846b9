package server

import "testing"

// TestClientKeepsOnlyTheNewestCoalescedFrame: a client that has not yet written a key's
// frame gets it replaced by the newer one, in first-offered order, and one wake-up.
func TestClientKeepsOnlyTheNewestCoalescedFrame(t *testing.T) {
	t.Parallel()
	c := &Client{done: make(chan struct{}), wake: make(chan struct{}, 1)}
	c.offerLatest("poll-results:1", []byte("r1"))
	c.offerLatest("questions:1", []byte("q1"))
	c.offerLatest("poll-results:1", []byte("r2"))
	if len(c.wake) != 1 {
		t.Fatalf("want one pending wake-up, got %d", len(c.wake))
	}
	got := c.takeLatest()
	if len(got) != 2 || got[0].key != "poll-results:1" || string(got[0].frame) != "r2" || string(got[1].frame) != "q1" {
		t.Fatalf("pending frames: %+v", got)
	}
	if len(c.takeLatest()) != 0 {
		t.Fatal("frames were handed out twice")
	}
	c.close()
	if c.offerLatest("poll-results:1", []byte("r3")) {
		t.Fatal("a closed client took a frame")
	}
}
