package server

import (
	"strings"
	"sync"
	"testing"
	"time"

	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
)

// TestMoveToAnotherSessionOfTheCategory: a booking moves to a time of another session in
// the same category (the manage page lists them), keeping its calendar event; a session
// of another category, a full time, and a session that asks people to confirm from their
// email are refused with the field named and nothing changed; two people moving into the
// last place at once never overbook it.
func TestMoveToAnotherSessionOfTheCategory(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	a := newSessionFixture(e, 5, nil)
	b := newSessionFixture(e, 1, map[string]any{"title": "Medicines safety"})
	b1 := b.addSlot(b.startsAt.Add(24*time.Hour), 1)
	other := newSessionFixture(e, 5, map[string]any{"title": "Rostering go-live", "category": "operational"})
	other1 := other.addSlot(other.startsAt.Add(48*time.Hour), 5)
	keep := newSessionFixture(e, 5, map[string]any{"title": "Confirm first", "confirm_to_keep": true})
	keep1 := keep.addSlot(keep.startsAt.Add(72*time.Hour), 5)

	_, ada := a.book(a.slot.ID, person(1))
	_, bob := a.book(a.slot.ID, person(2))
	var page booking.BookingResponse
	e.do("GET", "/api/v1/bookings/"+ada.ManageToken, nil).JSON(t, &page)
	if len(page.OtherSessions) != 2 || page.OtherSessions[0].Session.ID != b.session.ID || len(page.OtherSessions[0].Slots) != 2 {
		t.Fatalf("other sessions of the category on the manage page: %+v", page.OtherSessions)
	}
	for _, o := range page.OtherSessions {
		if o.Session.Category != "clinical" || o.Session.ID == a.session.ID {
			t.Fatalf("a session of another category, or its own, is offered: %+v", o.Session)
		}
	}

	move := func(token string, slot uint) resp {
		return e.do("POST", "/api/v1/bookings/"+token+"/move", map[string]any{"slot_id": slot})
	}
	r := move(ada.ManageToken, b1.ID)
	var moved booking.BookingResponse
	r.JSON(t, &moved)
	if r.Status != 200 || moved.Session.ID != b.session.ID || moved.Slot.ID != b1.ID || moved.Status != "confirmed" || moved.ID != ada.ID {
		t.Fatalf("move to another session of the category: %s", r)
	}
	if a1, got := e.slotRow(a.slot.ID), e.slotRow(b1.ID); a1.Confirmed != 1 || got.Confirmed != 1 {
		t.Fatalf("counters after the move: old %d, new %d", a1.Confirmed, got.Confirmed)
	}
	var row bookingmodel.Booking
	e.store.DB.First(&row, ada.ID)
	if row.EngagementSessionID != b.session.ID || row.CalendarSeq != 1 {
		t.Fatalf("booking row after the move: session %d, sequence %d", row.EngagementSessionID, row.CalendarSeq)
	}
	m := e.mailWithSubject("person.1@ward.example.org", "Moved: Medicines safety")
	if !strings.Contains(string(m.Attachments[0].Content), "SUMMARY:Medicines safety") {
		t.Fatalf("moved invite: %s", m.Attachments[0].Content)
	}

	before := [2]int{e.slotRow(a.slot.ID).Confirmed, e.slotRow(b1.ID).Confirmed}
	e.run([]scenario{
		{name: "another category", method: "POST", url: "/api/v1/bookings/" + bob.ManageToken + "/move", body: map[string]any{"slot_id": other1.ID},
			status: 422, contains: []string{`"field":"slot_id"`, "same category"}},
		{name: "full time", method: "POST", url: "/api/v1/bookings/" + bob.ManageToken + "/move", body: map[string]any{"slot_id": b1.ID},
			status: 409, contains: []string{`"field":"slot_id"`, "full"}},
		{name: "session asks to confirm from the email", method: "POST", url: "/api/v1/bookings/" + bob.ManageToken + "/move",
			body: map[string]any{"slot_id": keep1.ID}, status: 409, contains: []string{`"field":"slot_id"`, "confirm from their email"}},
	})
	if now := [2]int{e.slotRow(a.slot.ID).Confirmed, e.slotRow(b1.ID).Confirmed}; now != before || e.slotRow(other1.ID).Confirmed != 0 {
		t.Fatalf("refused moves changed counters: %v -> %v", before, now)
	}

	// Five people in a move at once into one last place: exactly one gets it.
	last := b.addSlot(b.startsAt.Add(96*time.Hour), 1)
	tokens := []string{bob.ManageToken}
	for i := 3; i < 7; i++ {
		_, p := a.book(a.slot.ID, person(i))
		tokens = append(tokens, p.ManageToken)
	}
	var wg sync.WaitGroup
	codes := make([]int, len(tokens))
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = move(tok, last.ID).Status
		}()
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 409:
		default:
			t.Fatalf("concurrent move answered %d", c)
		}
	}
	if got := e.slotRow(last.ID); ok != 1 || got.Confirmed != 1 {
		t.Fatalf("concurrent moves into one place: %d moved, %d confirmed (codes %v)", ok, got.Confirmed, codes)
	}
	if got := e.slotRow(a.slot.ID).Confirmed; got != len(tokens)-1 {
		t.Fatalf("the old time has %d confirmed, want %d", got, len(tokens)-1)
	}

}
