package server

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/confer-nhs/confer/server/web"
)

// TestBookingRateLimit: a burst of 250 bookings from one address (a hospital's NAT) all
// pass under the default limit, and a tight limit refuses the excess with 429 and
// Retry-After without storing anything.
func TestBookingRateLimit(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.RateLimit = web.DefaultRateLimit })
	f := newSessionFixture(e, 300, nil)
	var wg sync.WaitGroup
	codes := make([]int, 250)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = e.doWith(client, "POST", fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID), person(i)).Status
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 201 {
			t.Fatalf("booking %d of a NAT burst: status %d", i, c)
		}
	}

	tight := newTestEnv(t, func(c *web.Config) { c.RateLimit = 5 })
	g := newSessionFixture(tight, 300, nil)
	for i := range 5 {
		if r, _ := g.book(g.slot.ID, person(i)); r.Status != 201 {
			t.Fatalf("booking %d under the limit: %s", i, r)
		}
	}
	r, _ := g.book(g.slot.ID, person(99))
	if r.Status != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("over the limit: %s (Retry-After %q)", r, r.Header.Get("Retry-After"))
	}
	if row := tight.slotRow(g.slot.ID); row.Confirmed != 5 {
		t.Fatalf("refused booking was stored: %+v", row)
	}
	// Reading the listing is never limited.
	if r := tight.do("GET", "/api/v1/slots", nil); r.Status != 200 {
		t.Fatalf("listing under a spent write limit: %s", r)
	}
}
