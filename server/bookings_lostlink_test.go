package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/server/booking"
)

// TestLostLinkSendsFreshLinks: asking for an address with bookings and for one without
// gets the same answer; the first gets one mail with a new working link to each upcoming
// booking (and the old links still work), the second gets nothing. Past three mails an
// hour an address gets no more, with the same answer; past twenty requests an hour a
// client gets 429.
func TestLostLinkSendsFreshLinks(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	a := newSessionFixture(e, 5, nil)
	b := newSessionFixture(e, 5, map[string]any{"title": "Rostering go-live", "category": "operational"})
	later := b.addSlot(b.startsAt.Add(24*time.Hour), 5)
	_, first := a.book(a.slot.ID, person(1, "name", "Ada Lovelace"))
	_, second := b.book(later.ID, person(1, "name", "Ada Lovelace"))
	c := newSessionFixture(e, 5, map[string]any{"title": "Cancelled one"})
	_, gone := c.book(c.addSlot(c.startsAt.Add(120*time.Hour), 5).ID, person(1, "name", "Ada Lovelace"))
	if first.ManageToken == "" || second.ManageToken == "" || gone.ManageToken == "" {
		t.Fatal("bookings failed")
	}
	if r := e.do("POST", "/api/v1/bookings/"+gone.ManageToken+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel: %s", r)
	}
	addr := "person.1@ward.example.org"
	before := len(e.waitForMails(addr, 4))

	known := e.do("POST", "/api/v1/bookings/lost-link", map[string]any{"email": " Person.1@WARD.example.org "})
	unknown := e.do("POST", "/api/v1/bookings/lost-link", map[string]any{"email": "nobody@ward.example.org"})
	if known.Status != 202 || unknown.Status != 202 || string(known.Body) != string(unknown.Body) ||
		!strings.Contains(string(known.Body), "If this email address has any upcoming bookings") {
		t.Fatalf("answers differ or are wrong:\n%s\n%s", known, unknown)
	}
	m := e.mailWithSubject(addr, "Your booking links")
	for _, want := range []string{"Hello Ada Lovelace", "Clinical safety and the new EPR", "Rostering go-live", "Links we sent you before still work"} {
		if !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
			t.Errorf("links mail lacks %q:\n%s", want, m.Text)
		}
	}
	links := manageLinkRe.FindAllStringSubmatch(m.Text, -1)
	if len(links) != 2 {
		t.Fatalf("want 2 links (the cancelled booking left out), got %d:\n%s", len(links), m.Text)
	}
	for i, want := range []booking.BookingResponse{first, second} {
		tok := links[i][1]
		if tok == want.ManageToken {
			t.Fatal("a raw token was kept and sent again")
		}
		var got booking.BookingResponse
		if r := e.do("GET", "/api/v1/bookings/"+tok, nil); r.Status != 200 {
			t.Fatalf("new link %d: %s", i, r)
		} else {
			r.JSON(t, &got)
		}
		if got.ID != want.ID {
			t.Fatalf("new link %d opens booking %d, want %d (soonest first)", i, got.ID, want.ID)
		}
		if r := e.do("GET", "/api/v1/bookings/"+want.ManageToken, nil); r.Status != 200 {
			t.Fatalf("old link %d stopped working: %s", i, r)
		}
	}
	// The new link changes the booking like the old one.
	if r := e.do("POST", "/api/v1/bookings/"+links[1][1]+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel with a new link: %s", r)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.mailsTo("nobody@ward.example.org")); n != 0 {
		t.Fatalf("an address with no bookings got %d mails", n)
	}

	// Per address: two more mails this hour, then the same answer and no mail.
	for i := 0; i < 3; i++ {
		if r := e.do("POST", "/api/v1/bookings/lost-link", map[string]any{"email": addr}); r.Status != 202 || string(r.Body) != string(known.Body) {
			t.Fatalf("request %d: %s", i, r)
		}
	}
	// The mails go in the background: wait for the ones due (a busy machine can take
	// seconds), then a little longer for any that should not come.
	linkMails := func() (n int) {
		for _, m := range e.mailsTo(addr) {
			if strings.HasPrefix(m.Subject, "Your booking link") {
				n++
			}
		}
		return n
	}
	for deadline := time.Now().Add(15 * time.Second); linkMails() < booking.LostLinkPerAddress && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if sent := linkMails(); sent != booking.LostLinkPerAddress {
		t.Fatalf("mails to one address in an hour: %d, want %d (total before %d)", sent, booking.LostLinkPerAddress, before)
	}
	// Per client: 20 requests an hour (5 used), whatever the address.
	for i := 5; i < booking.LostLinkPerClient; i++ {
		if r := e.do("POST", "/api/v1/bookings/lost-link", map[string]any{"email": fmt.Sprintf("x%d@ward.example.org", i)}); r.Status != 202 {
			t.Fatalf("request %d: %s", i, r)
		}
	}
	e.run([]scenario{
		{name: "over the client limit", method: "POST", url: "/api/v1/bookings/lost-link", body: map[string]any{"email": "y@ward.example.org"},
			status: 429, contains: []string{"too many requests for booking links"}},
	})
	fresh := newTestEnv(t)
	fresh.run([]scenario{
		{name: "no email", method: "POST", url: "/api/v1/bookings/lost-link", body: map[string]any{"email": ""}, status: 422, contains: []string{`"field":"email"`}},
		{name: "bad email", method: "POST", url: "/api/v1/bookings/lost-link", body: map[string]any{"email": "not-an-email"}, status: 422, contains: []string{`"field":"email"`}},
		{name: "unknown field", method: "POST", url: "/api/v1/bookings/lost-link", body: `{"email":"a@b.example","x":1}`, status: 400, contains: []string{`"field":"x"`}},
	})
}
