package server

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

const meetingURL = "https://teams.example/meet/123"

var confirmLinkRe = regexp.MustCompile(`/bookings/confirm/(bc_[A-Za-z0-9_-]+)`)

// confirmToken waits for the confirm email to addr and returns its token, checking the
// email carries no joining link.
func (e *testEnv) confirmToken(addr string) string {
	e.t.Helper()
	m := e.mailWithSubject(addr, "Confirm your")
	if strings.Contains(m.Text+m.HTML, meetingURL) {
		e.t.Fatalf("confirm email to %s carries the meeting link: %s", addr, m.Text)
	}
	match := confirmLinkRe.FindStringSubmatch(m.Text)
	if match == nil {
		e.t.Fatalf("no confirm link in %q", m.Text)
	}
	return match[1]
}

// TestRestrictedSessionLinkOnlyReachesTheMailbox (security review D4): booking a session
// for one organisation's staff with an address at its domain holds a place (pending, and
// counted against capacity) but shows the meeting link nowhere, neither in the response
// nor on the manage page; the link arrives only after the booker confirms from the email.
func TestRestrictedSessionLinkOnlyReachesTheMailbox(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	var moor people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside Hospitals", "code": "RMT", "kind": "acute",
		"email_domains": []string{"moorside.nhs.example"}}, "token", admin).JSON(t, &moor)
	f := newSessionFixture(e, 1, map[string]any{"organisation_ids": []uint{moor.ID}, "restrict_to_organisations": true})
	addr := "a.nurse@moorside.nhs.example"

	r := e.do("POST", fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID), person(1, "email", addr))
	if r.Status != http.StatusCreated || strings.Contains(string(r.Body), "teams.example") || !strings.Contains(string(r.Body), `"status":"pending"`) {
		t.Fatalf("restricted booking: want 201 pending without the meeting link, got %s", r)
	}
	var b booking.BookingResponse
	r.JSON(t, &b)
	if b.ConfirmBy == nil || b.ConfirmBy.After(time.Now().Add(24*time.Hour+time.Minute)) {
		t.Fatalf("confirm_by %v: want within a day", b.ConfirmBy)
	}
	if row := e.slotRow(f.slot.ID); row.Confirmed != 1 {
		t.Fatalf("a pending place must hold its seat: %+v", row)
	}
	e.run([]scenario{
		{name: "manage page before confirming", method: "GET", url: "/api/v1/bookings/" + b.ManageToken, status: 200,
			contains: []string{`"status":"pending"`}, notContains: []string{"teams.example"}},
		{name: "slot is full while pending", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID),
			body: person(2, "email", "b.nurse@moorside.nhs.example"), status: 409, contains: []string{"full"}},
		{name: "cannot move before confirming", method: "POST", url: "/api/v1/bookings/" + b.ManageToken + "/move",
			body: map[string]any{"slot_id": f.addSlot(f.startsAt.Add(48*time.Hour), 5).ID}, status: 409, contains: []string{"confirm your booking first"}},
		{name: "a made-up confirm token", method: "POST", url: "/api/v1/bookings/confirm", body: map[string]any{"token": "bc_notarealtokenatall"}, status: 404},
		{name: "the manage token does not confirm", method: "POST", url: "/api/v1/bookings/confirm", body: map[string]any{"token": b.ManageToken}, status: 404},
	})
	if n := len(e.waitForMails(addr, 1)); n != 1 { // mail is sent in the background
		t.Fatalf("want only the confirm email before confirming, got %d", n)
	}
	var stored bookingmodel.Booking
	e.store.DB.First(&stored, b.ID)
	token := e.confirmToken(addr)
	if stored.ConfirmHash == "" || strings.Contains(stored.ConfirmHash, token) || stored.ConfirmHash != models.HashSecret(token) {
		t.Fatalf("confirm token must be stored hashed: %q", stored.ConfirmHash)
	}

	e.run([]scenario{
		{name: "confirm", method: "POST", url: "/api/v1/bookings/confirm", body: map[string]any{"token": token}, status: 200,
			contains: []string{`"status":"confirmed"`, meetingURL, `"confirm_by":null`}},
		{name: "confirm again changes nothing", method: "POST", url: "/api/v1/bookings/confirm", body: map[string]any{"token": token}, status: 200,
			contains: []string{`"status":"confirmed"`}},
		{name: "manage page after confirming", method: "GET", url: "/api/v1/bookings/" + b.ManageToken, status: 200, contains: []string{meetingURL}},
	})
	booked := e.mailWithSubject(addr, "Booked:")
	if !strings.Contains(booked.Text, meetingURL) || len(booked.Attachments) == 0 {
		t.Fatalf("after confirming, the booking email carries the link and the invite: %s", booked.Text)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(e.mailsTo(addr)); n != 2 {
		t.Fatalf("want the confirm and the booked email, got %d", n)
	}
}

// TestUnconfirmedPlacesAreReleased (D4, D7): with confirm_to_keep on an open session, a
// place nobody confirms is released by the reminders worker once its deadline passes (on
// two instances at once, released once), and the waiting list is promoted as on a
// cancellation; a waiting booking not yet confirmed is promoted to pending, and told
// without the link.
func TestUnconfirmedPlacesAreReleased(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 1, map[string]any{"confirm_to_keep": true, "confirm_within_hours": 6})
	if !f.session.ConfirmToKeep || f.session.ConfirmWithinHours != 6 {
		t.Fatalf("session settings not kept: %+v", f.session)
	}
	_, a := f.book(f.slot.ID, person(1))
	_, b := f.book(f.slot.ID, person(2, "waitlist", true))
	_, c := f.book(f.slot.ID, person(3, "waitlist", true))
	if a.Status != "pending" || b.Status != "waitlisted" || c.Status != "waitlisted" || a.ConfirmBy == nil || b.ConfirmBy == nil {
		t.Fatalf("statuses: %s %s %s", a.Status, b.Status, c.Status)
	}
	if d := time.Until(*a.ConfirmBy); d > 6*time.Hour || d < 5*time.Hour {
		t.Fatalf("confirm_by %v: want 6 hours from now", a.ConfirmBy)
	}
	// C confirms while waiting; B never does.
	if r := e.do("POST", "/api/v1/bookings/confirm", map[string]any{"token": e.confirmToken("person.3@ward.example.org")}); r.Status != 200 ||
		!strings.Contains(string(r.Body), `"status":"waitlisted"`) {
		t.Fatalf("confirm while waiting: %s", r)
	}
	// A cancels: B, unconfirmed, is promoted to pending and told to confirm, with no link.
	if r := e.do("POST", "/api/v1/bookings/"+a.ManageToken+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel: %s", r)
	}
	if got := e.do("GET", "/api/v1/bookings/"+b.ManageToken, nil); !strings.Contains(string(got.Body), `"status":"pending"`) {
		t.Fatalf("unconfirmed head of the queue: %s", got)
	}
	promo := e.mailWithSubject("person.2@ward.example.org", "Confirm your place")
	if strings.Contains(promo.Text+promo.HTML, meetingURL) || len(promo.Attachments) != 0 {
		t.Fatalf("promotion of an unconfirmed booking carries the link: %s", promo.Text)
	}

	// Before the deadline nothing is released.
	if err := e.srv.booking.ExpireUnconfirmed(context.Background(), time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if e.countBookings(f.slot.ID, "pending") != 1 {
		t.Fatal("released before its deadline")
	}
	// After it, two instances run the worker at once: B is released once, C promoted.
	later := time.Now().UTC().Add(7 * time.Hour)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.srv.booking.ExpireUnconfirmed(context.Background(), later); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	row := e.slotRow(f.slot.ID)
	if row.Confirmed != 1 || row.Waitlisted != 0 || e.countBookings(f.slot.ID, "confirmed") != 1 ||
		e.countBookings(f.slot.ID, "cancelled") != 2 {
		t.Fatalf("after release: %+v, confirmed %d, cancelled %d", row, e.countBookings(f.slot.ID, "confirmed"), e.countBookings(f.slot.ID, "cancelled"))
	}
	if m := e.mailWithSubject("person.3@ward.example.org", "You have a place"); !strings.Contains(m.Text, meetingURL) {
		t.Fatalf("confirmed and promoted: the email carries the link: %s", m.Text)
	}
	if r := e.do("POST", "/api/v1/bookings/confirm", map[string]any{"token": e.confirmToken("person.2@ward.example.org")}); r.Status != 409 {
		t.Fatalf("confirming a released place: %s", r)
	}
}

// TestConfirmDeadlineIsSoonerForSoonSlots: a slot starting in four hours gives two hours
// to confirm, not the session's 24.
func TestConfirmDeadlineIsSoonerForSoonSlots(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 5, map[string]any{"confirm_to_keep": true})
	soon := f.addSlot(time.Now().UTC().Add(4*time.Hour).Truncate(time.Minute), 5)
	_, b := f.book(soon.ID, person(1))
	if b.ConfirmBy == nil || time.Until(*b.ConfirmBy) > 2*time.Hour+time.Minute || time.Until(*b.ConfirmBy) < time.Hour {
		t.Fatalf("confirm_by %v for a slot in 4 hours", b.ConfirmBy)
	}
	e.run([]scenario{{name: "bad confirm_within_hours", method: "PATCH", url: fmt.Sprintf("/api/v1/sessions/%d", f.session.ID),
		body: map[string]any{"confirm_within_hours": 0}, headers: []string{"token", f.token}, status: 422,
		contains: []string{`"field":"confirm_within_hours"`}}})
}

// TestPendingPlacesNeverOverbook: concurrent bookings of a confirm-to-keep slot take
// exactly its capacity in pending places, on both databases (confer_book on Postgres).
func TestPendingPlacesNeverOverbook(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 3, map[string]any{"confirm_to_keep": true})
	var wg sync.WaitGroup
	codes := make([]int, 12)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = e.do("POST", fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID), person(i)).Status
		}()
	}
	wg.Wait()
	created := 0
	for _, c := range codes {
		if c == 201 {
			created++
		}
	}
	row := e.slotRow(f.slot.ID)
	if created != 3 || row.Confirmed != 3 || e.countBookings(f.slot.ID, "pending") != 3 {
		t.Fatalf("created %d, slot %+v, pending %d", created, row, e.countBookings(f.slot.ID, "pending"))
	}
}

// TestBookingLimitsPerClientAndDomain (D7): bookings are limited per client address and
// per email domain (a refused attempt still counts for its client), each answered 429
// with Retry-After and nothing stored.
func TestBookingLimitsPerClientAndDomain(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.Booking = web.BookingLimits{PerClient: 6, PerDomain: 3} })
	f := newSessionFixture(e, 50, nil)
	url := fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID)
	for i := range 3 {
		if r := e.do("POST", url, person(i)); r.Status != 201 {
			t.Fatalf("booking %d: %s", i, r)
		}
	}
	r := e.do("POST", url, person(3))
	if r.Status != 429 || r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Body), "ward.example.org") {
		t.Fatalf("fourth at one domain: %s", r)
	}
	for i, email := range []string{"a@other.example", "b@third.example"} {
		if r := e.do("POST", url, person(10+i, "email", email)); r.Status != 201 {
			t.Fatalf("other domain %s: %s", email, r)
		}
	}
	r = e.do("POST", url, person(20, "email", "c@fourth.example"))
	if r.Status != 429 || !strings.Contains(string(r.Body), "network") {
		t.Fatalf("over the per-client limit: %s", r)
	}
	if row := e.slotRow(f.slot.ID); row.Confirmed != 5 {
		t.Fatalf("refused bookings were stored: %+v", row)
	}
}
