package server

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
)

// TestConcurrentBookingsNeverOverbook fires 220 bookings at once at one 20-seat slot over
// real HTTP: exactly 20 are confirmed and 200 waitlisted with positions 1..200. Then ten
// confirmed people cancel at once (and one of them twice, racing itself): exactly ten are
// promoted, and they are the head of the queue.
func TestConcurrentBookingsNeverOverbook(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 20, nil)
	const n = 220
	results := make([]booking.BookingResponse, n)
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := e.doWith(client, "POST", fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID), person(i, "waitlist", true))
			statuses[i] = r.Status
			if r.Status == 201 {
				r.JSON(t, &results[i])
			}
		}()
	}
	close(start)
	wg.Wait()

	var confirmed []booking.BookingResponse
	waitlisted := map[int]booking.BookingResponse{}
	for i, r := range results {
		if statuses[i] != 201 {
			t.Fatalf("booking %d: status %d", i, statuses[i])
		}
		switch r.Status {
		case bookingmodel.StatusConfirmed:
			confirmed = append(confirmed, r)
		case bookingmodel.StatusWaitlisted:
			if r.Position == nil {
				t.Fatalf("waitlisted booking %d without a position", i)
			}
			if _, dup := waitlisted[*r.Position]; dup {
				t.Fatalf("position %d handed out twice", *r.Position)
			}
			waitlisted[*r.Position] = r
		}
	}
	if len(confirmed) != 20 || len(waitlisted) != 200 {
		t.Fatalf("confirmed %d, waitlisted %d; want 20 and 200", len(confirmed), len(waitlisted))
	}
	for p := 1; p <= 200; p++ {
		if _, ok := waitlisted[p]; !ok {
			t.Fatalf("position %d missing: positions have a gap", p)
		}
	}
	if row := e.slotRow(f.slot.ID); row.Confirmed != 20 || row.Waitlisted != 200 || e.countBookings(f.slot.ID, "confirmed") != 20 {
		t.Fatalf("slot counters %+v, confirmed rows %d", row, e.countBookings(f.slot.ID, "confirmed"))
	}

	// Ten cancellations at once, the first of them sent twice.
	codes := make([]int, 11)
	for i := range 11 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := confirmed[i%10].ManageToken
			codes[i] = e.doWith(client, "POST", "/api/v1/bookings/"+tok+"/cancel", nil).Status
		}()
	}
	wg.Wait()
	sort.Ints(codes)
	if codes[0] != 200 || codes[9] != 200 || codes[10] != 409 {
		t.Fatalf("cancel statuses %v: want ten 200 and one 409 (the repeat)", codes)
	}
	row := e.slotRow(f.slot.ID)
	if row.Confirmed != 20 || row.Waitlisted != 190 || e.countBookings(f.slot.ID, "confirmed") != 20 {
		t.Fatalf("after cancellations: slot %+v, confirmed rows %d", row, e.countBookings(f.slot.ID, "confirmed"))
	}
	for p := 1; p <= 200; p++ {
		r := e.do("GET", "/api/v1/bookings/"+waitlisted[p].ManageToken, nil)
		var b booking.BookingResponse
		r.JSON(t, &b)
		wantPromoted := p <= 10
		if (b.Status == bookingmodel.StatusConfirmed) != wantPromoted {
			t.Fatalf("queue position %d is %s after 10 seats freed", p, b.Status)
		}
		if !wantPromoted && (b.Position == nil || *b.Position != p-10) {
			t.Fatalf("queue position %d now shows position %v, want %d", p, b.Position, p-10)
		}
	}
	// Each promoted person is told.
	for p := 1; p <= 10; p++ {
		e.mailWithSubject(waitlisted[p].Email, "You have a place: ")
	}
}

// TestConcurrentSamePersonHoldsOneBooking: one person fires at once at twenty overlapping
// slots of different sessions, and at twenty slots of one session: exactly one booking
// each time, the rest 409 naming it.
func TestConcurrentSamePersonHoldsOneBooking(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	first := newSessionFixture(e, 5, nil)
	var overlapping, sameSession []uint
	for i := range 20 {
		overlapping = append(overlapping, newSessionFixture(e, 5, map[string]any{"title": fmt.Sprintf("Session %d", i)}).slot.ID)
		sameSession = append(sameSession, first.addSlot(first.startsAt.Add(time.Duration(i+1)*24*time.Hour), 5).ID)
	}
	for name, slots := range map[string][]uint{"overlapping": overlapping, "same session": sameSession} {
		var wg sync.WaitGroup
		codes := make([]int, len(slots))
		who := person(7, "email", fmt.Sprintf("one.person+%d@trust.example.org", len(name)))
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		// Warm one connection per request so they all arrive together.
		for range slots {
			e.doWith(client, "GET", "/healthz", nil)
		}
		gate := make(chan struct{})
		for i, id := range slots {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				codes[i] = e.doWith(client, "POST", fmt.Sprintf("/api/v1/slots/%d/bookings", id), who).Status
			}()
		}
		close(gate)
		wg.Wait()
		sort.Ints(codes)
		if codes[0] != 201 || codes[1] != 409 || codes[len(codes)-1] != 409 {
			t.Fatalf("%s: statuses %v, want one 201 and the rest 409", name, codes)
		}
	}
}
