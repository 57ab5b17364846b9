package server

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
)

// sessionCardsOf reads GET /bookable-sessions with a query.
func sessionCardsOf(e *testEnv, query string) []booking.SessionCard {
	e.t.Helper()
	r := e.do("GET", "/api/v1/bookable-sessions"+query, nil)
	if r.Status != 200 {
		e.t.Fatalf("bookable sessions%s: %s", query, r)
	}
	var out struct{ Items []booking.SessionCard }
	r.JSON(e.t, &out)
	return out.Items
}

// TestBookableSessionsListing: the public listing has one item per session, with its next
// three times, how many more, and the places left over all of them; filters apply to the
// times; a session's page lists every time, full ones too, and answers for a session
// with none left.
func TestBookableSessionsListing(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	a := newSessionFixture(e, 4, nil) // clinical, first at +72h
	for i := 1; i <= 4; i++ {
		a.addSlot(a.startsAt.Add(time.Duration(i)*24*time.Hour), 4)
	}
	b := newSessionFixture(e, 2, map[string]any{"title": "Rostering go-live", "category": "operational"})
	e.store.DB.Model(&bookingmodel.Slot{}).Where("id = ?", b.slot.ID).Update("starts_at", a.startsAt.Add(-time.Hour))
	empty := newSessionFixture(e, 1, map[string]any{"title": "All done"})
	e.store.DB.Model(&bookingmodel.Slot{}).Where("id = ?", empty.slot.ID).Update("starts_at", time.Now().Add(-time.Hour))
	if r, _ := a.book(a.slot.ID, person(1)); r.Status != 201 {
		t.Fatalf("book: %s", r)
	}
	if r, _ := b.book(b.slot.ID, person(2)); r.Status != 201 {
		t.Fatalf("book: %s", r)
	}

	cards := sessionCardsOf(e, "")
	if len(cards) != 2 || cards[0].Session.ID != b.session.ID || cards[1].Session.ID != a.session.ID {
		t.Fatalf("want the operational session (sooner) then the clinical one, got %+v", cards)
	}
	ca := cards[1]
	if ca.Times != 5 || len(ca.Next) != 3 || ca.More != 2 || ca.PlacesLeft != 5*4-1 || ca.Next[0].ID != a.slot.ID ||
		ca.Next[0].Remaining != 3 || !ca.Next[0].StartsAt.Before(ca.Next[1].StartsAt) {
		t.Fatalf("clinical card: %+v", ca)
	}
	if cb := cards[0]; cb.Times != 1 || cb.More != 0 || cb.PlacesLeft != 1 || cb.Session.Title != "Rostering go-live" {
		t.Fatalf("operational card: %+v", cb)
	}
	r := e.do("GET", "/api/v1/bookable-sessions", nil)
	if strings.Contains(string(r.Body), "teams.example") || strings.Contains(string(r.Body), "ward.example.org") {
		t.Fatalf("the listing shows a meeting link or a booker: %s", r.Body)
	}
	if got := sessionCardsOf(e, "?category=operational"); len(got) != 1 || got[0].Session.ID != b.session.ID {
		t.Fatalf("category filter: %+v", got)
	}
	// A date filter keeps only that day's times: the clinical card then has one.
	day := a.startsAt.Add(48 * time.Hour).In(models.London()).Format("2006-01-02")
	if got := sessionCardsOf(e, "?category=clinical&from="+day+"&to="+day); len(got) != 1 || got[0].Times != 1 || got[0].More != 0 {
		t.Fatalf("date filter: %+v", got)
	}
	e.run([]scenario{
		{name: "bad category", method: "GET", url: "/api/v1/bookable-sessions?category=social", status: 422, contains: []string{`"field":"category"`}},
		{name: "no such session", method: "GET", url: "/api/v1/bookable-sessions/99999", status: 404},
	})

	var page booking.BookableSession
	e.do("GET", fmt.Sprintf("/api/v1/bookable-sessions/%d", a.session.ID), nil).JSON(t, &page)
	if page.Session.ID != a.session.ID || len(page.Slots) != 5 || page.Slots[0].Remaining != 3 {
		t.Fatalf("session page: %+v", page)
	}
	// Full times stay on the page, for their waiting lists.
	if r, _ := b.book(b.slot.ID, person(3)); r.Status != 201 {
		t.Fatalf("book: %s", r)
	}
	e.do("GET", fmt.Sprintf("/api/v1/bookable-sessions/%d", b.session.ID), nil).JSON(t, &page)
	if len(page.Slots) != 1 || page.Slots[0].Remaining != 0 {
		t.Fatalf("full session page: %+v", page)
	}
	e.do("GET", fmt.Sprintf("/api/v1/bookable-sessions/%d", empty.session.ID), nil).JSON(t, &page)
	if page.Session.Title != "All done" || len(page.Slots) != 0 {
		t.Fatalf("session with no times left: %+v", page)
	}
}

// manageLinkRe finds manage links in a mail.
var manageLinkRe = regexp.MustCompile(`/bookings/(bk_[A-Za-z0-9_-]+)`)
