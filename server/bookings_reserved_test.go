package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
	"github.com/confer-nhs/confer/server/coverage"
	"github.com/confer-nhs/confer/server/people"
)

const ahp = "Allied Health Professionals"

// reservedFixture is a 10-seat slot holding 40% (4 seats) for Allied Health Professionals
// until the day before it starts.
func reservedFixture(e *testEnv, extra map[string]any) *sessionFixture {
	e.t.Helper()
	until := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Minute)
	body := map[string]any{"title": "Therapies and the new EPR", "reserved_share": 40,
		"reserved_until": until.Format(time.RFC3339), "reserved_staff_groups": []string{ahp}}
	for k, v := range extra {
		body[k] = v
	}
	return newSessionFixture(e, 10, body)
}

// listedSlot reads one slot from the public listing.
func (e *testEnv) listedSlot(id uint) booking.PublicSlot {
	e.t.Helper()
	var list struct{ Items []booking.PublicSlot }
	e.do("GET", "/api/v1/slots", nil).JSON(e.t, &list)
	for _, s := range list.Items {
		if s.ID == id {
			return s
		}
	}
	e.t.Fatalf("slot %d not listed", id)
	return booking.PublicSlot{}
}

// checkCounters compares a slot's counters with its booking rows: confirmed, waitlisted
// and confirmed_open (confirmed bookings that do not qualify for held seats).
func (e *testEnv) checkCounters(slotID uint) bookingmodel.Slot {
	e.t.Helper()
	s := e.slotRow(slotID)
	var open int64
	if err := e.store.DB.Model(&bookingmodel.Booking{}).Where("slot_id = ? AND status = ? AND NOT reserve_qualified",
		slotID, bookingmodel.StatusConfirmed).Count(&open).Error; err != nil {
		e.t.Fatal(err)
	}
	if c, w := e.countBookings(slotID, bookingmodel.StatusConfirmed), e.countBookings(slotID, bookingmodel.StatusWaitlisted); c != s.Confirmed ||
		w != s.Waitlisted || int(open) != s.ConfirmedOpen || s.Confirmed > s.Capacity {
		e.t.Fatalf("slot %d: rows %d confirmed (%d open) / %d waitlisted; counters %d (%d open) / %d, capacity %d",
			slotID, c, open, w, s.Confirmed, s.ConfirmedOpen, s.Waitlisted, s.Capacity)
	}
	return s
}

// TestReservedSeatsHoldUntilRelease walks a hold through its life: the listing shows it,
// staff who don't qualify fill only the open seats and then queue, a qualifying person
// books a held seat, a cancellation goes to the first in the queue who may take it, and
// the release opens the rest to the queue in order.
func TestReservedSeatsHoldUntilRelease(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := reservedFixture(e, nil)
	if f.session.ReservedShare != 40 || len(f.session.ReservedStaffGroups) != 1 || f.session.ReservedUntil == nil {
		t.Fatalf("session reservation: %+v", f.session.ReservationFields)
	}

	s := e.listedSlot(f.slot.ID)
	if s.Remaining != 10 || s.OpenRemaining != 6 || s.Reserved == nil || s.Reserved.Seats != 4 || s.Reserved.Remaining != 4 ||
		s.Reserved.StaffGroups[0] != ahp || s.Session.ReservedShare != 40 {
		t.Fatalf("listing before: %+v reserved %+v", s.SlotResponse, s.Reserved)
	}

	for i := range 6 { // nurses take the six open seats
		if r, b := f.book(f.slot.ID, person(i)); r.Status != 201 || b.Status != bookingmodel.StatusConfirmed || b.ReservedSeat {
			t.Fatalf("nurse %d: %s", i, r)
		}
	}
	r, _ := f.book(f.slot.ID, person(6))
	if r.Status != 409 || !strings.Contains(string(r.Body), "places left are held for people in the Allied Health Professionals staff group until") ||
		!strings.Contains(string(r.Body), `"field":"waitlist"`) {
		t.Fatalf("seventh nurse without waitlist: %s", r)
	}
	for i := 6; i < 9; i++ { // three nurses queue
		if r, b := f.book(f.slot.ID, person(i, "waitlist", true)); r.Status != 201 || b.Status != bookingmodel.StatusWaitlisted ||
			*b.Position != i-5 {
			t.Fatalf("nurse %d on the waitlist: %s", i, r)
		}
	}
	if m := e.mailWithSubject("person.6@ward.example.org", "Waiting list"); !strings.Contains(m.Text,
		"held for people in the Allied Health Professionals staff group until") || !strings.Contains(m.HTML, "held places open to everyone") {
		t.Fatalf("waiting-list email does not say the places are held:\n%s", m.Text)
	}
	s = e.listedSlot(f.slot.ID)
	if s.Remaining != 4 || s.OpenRemaining != 0 || s.Reserved.Remaining != 4 || s.Waitlisted != 3 {
		t.Fatalf("listing with open seats gone: %+v reserved %+v", s.SlotResponse, s.Reserved)
	}
	var programme struct {
		Sessions []coverage.ProgrammeSlotResponse
	}
	e.do("GET", "/api/v1/programme", nil).JSON(t, &programme)
	if len(programme.Sessions) != 1 || programme.Sessions[0].SeatsLeft != 4 || programme.Sessions[0].OpenSeatsLeft != 0 ||
		programme.Sessions[0].HeldUntil == nil {
		t.Fatalf("public programme: %+v", programme.Sessions)
	}

	physio, book := f.book(f.slot.ID, person(20, "staff_group", ahp, "job_role", "Physiotherapist"))
	if physio.Status != 201 || book.Status != bookingmodel.StatusConfirmed || !book.ReservedSeat || book.Slot.Reserved.Remaining != 3 {
		t.Fatalf("physiotherapist takes a held seat: %s", physio)
	}
	e.checkCounters(f.slot.ID)

	// A nurse cancels: their open seat goes to the head of the queue (nurse 6), not to
	// the held pool.
	e.cancelByEmail("person.0@ward.example.org")
	if got := e.statusOf("person.6@ward.example.org"); got != bookingmodel.StatusConfirmed {
		t.Fatalf("head of the queue after a nurse cancels: %s", got)
	}
	e.checkCounters(f.slot.ID)

	// The physiotherapist cancels: a held seat frees, and no nurse may take it yet.
	e.cancelByEmail("person.20@ward.example.org")
	if got := e.statusOf("person.7@ward.example.org"); got != bookingmodel.StatusWaitlisted {
		t.Fatalf("nurse 7 took a held seat before the release: %s", got)
	}
	e.checkCounters(f.slot.ID)

	// The release time passes: the held seats open to the queue, in order.
	if err := e.store.DB.Model(&bookingmodel.EngagementSession{}).Where("id = ?", f.session.ID).
		Update("reserved_until", time.Now().UTC().Add(-time.Minute)).Error; err != nil {
		t.Fatal(err)
	}
	if err := e.srv.booking.ReleaseHeldSeats(context.Background(), time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"person.7@ward.example.org", "person.8@ward.example.org"} {
		if got := e.statusOf(email); got != bookingmodel.StatusConfirmed {
			t.Fatalf("%s after the release: %s", email, got)
		}
		e.mailWithSubject(email, "You have a place")
	}
	slot := e.checkCounters(f.slot.ID)
	if slot.Confirmed != 8 || slot.Waitlisted != 0 {
		t.Fatalf("after release: %+v", slot)
	}
	e.slotListInvalidateForTest()
	s = e.listedSlot(f.slot.ID)
	if s.Reserved != nil || s.OpenRemaining != 2 {
		t.Fatalf("listing after release: %+v reserved %+v", s.SlotResponse, s.Reserved)
	}
	// A second run releases nothing twice.
	if err := e.srv.booking.ReleaseHeldSeats(context.Background(), time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	e.checkCounters(f.slot.ID)
}

// TestReservedSeatsUnderConcurrency races 40 bookings, half qualifying, at a 10-seat slot
// holding 4: never more than 10 confirmed, never more than 6 who don't qualify, counters
// equal to the rows, on either database.
func TestReservedSeatsUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := reservedFixture(e, nil)
	const n = 40
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := person(i, "waitlist", true)
			if i%2 == 0 {
				body["staff_group"] = ahp
			}
			<-start
			statuses[i] = e.doWith(client, "POST", fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID), body).Status
		}()
	}
	close(start)
	wg.Wait()
	for i, st := range statuses {
		if st != 201 {
			t.Fatalf("booking %d: status %d", i, st)
		}
	}
	s := e.checkCounters(f.slot.ID)
	if s.Confirmed != 10 || s.ConfirmedOpen > 6 || s.Waitlisted != 30 {
		t.Fatalf("after the race: %d confirmed (%d open), %d waitlisted", s.Confirmed, s.ConfirmedOpen, s.Waitlisted)
	}
}

// TestReservedSeatsByOrganisationAndChanges: a hold for one organisation's staff; lifting
// it promotes the queue; and every bad setting is a 422 naming its field.
func TestReservedSeatsByOrganisationAndChanges(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	var moor people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside Community Health", "code": "RMC", "kind": "community",
		"email_domains": []string{"moorside.nhs.example"}}, "token", admin).JSON(t, &moor)
	f := reservedFixture(e, map[string]any{"reserved_share": 50, "reserved_staff_groups": []string{},
		"reserved_organisation_ids": []uint{moor.ID}})
	for i := range 5 {
		if r, _ := f.book(f.slot.ID, person(i)); r.Status != 201 {
			t.Fatalf("open seat %d: %s", i, r)
		}
	}
	r, _ := f.book(f.slot.ID, person(5))
	if r.Status != 409 || !strings.Contains(string(r.Body), "held for staff of Moorside Community Health until") {
		t.Fatalf("held for Moorside: %s", r)
	}
	f.book(f.slot.ID, person(6, "waitlist", true))
	// Organisation from the email's domain qualifies.
	if r, b := f.book(f.slot.ID, person(7, "email", "n.nurse@moorside.nhs.example")); r.Status != 201 || !b.ReservedSeat {
		t.Fatalf("Moorside nurse: %s", r)
	}
	// Lifting the hold promotes the queue at once.
	url := fmt.Sprintf("/api/v1/sessions/%d", f.session.ID)
	if r := e.do("PATCH", url, map[string]any{"reserved_share": 0}, "token", f.token); r.Status != 200 {
		t.Fatalf("lift the hold: %s", r)
	}
	if got := e.statusOf("person.6@ward.example.org"); got != bookingmodel.StatusConfirmed {
		t.Fatalf("queue after lifting the hold: %s", got)
	}
	e.checkCounters(f.slot.ID)

	future := time.Now().UTC().Add(24 * time.Hour).Format(time.RFC3339)
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"reserved_share": 95}, "reserved_share"},
		{map[string]any{"reserved_share": -1}, "reserved_share"},
		{map[string]any{"reserved_share": 30, "reserved_until": nil}, "reserved_until"},
		{map[string]any{"reserved_share": 30, "reserved_until": "2020-01-01T00:00:00Z"}, "reserved_until"},
		{map[string]any{"reserved_share": 30, "reserved_until": "tomorrow"}, "reserved_until"},
		{map[string]any{"reserved_share": 30, "reserved_until": future, "reserved_organisation_ids": []uint{}, "reserved_staff_groups": []string{}}, "reserved_organisation_ids"},
		{map[string]any{"reserved_share": 30, "reserved_until": future, "reserved_staff_groups": []string{"Wizards"}}, "reserved_staff_groups"},
		{map[string]any{"reserved_share": 30, "reserved_until": future, "reserved_organisation_ids": []uint{9999}}, "reserved_organisation_ids"},
	} {
		r := e.do("PATCH", url, c.body, "token", f.token)
		if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"`+c.field+`"`) {
			t.Errorf("%v: %s", c.body, r)
		}
	}
	var after booking.SessionResponse
	e.do("GET", url, nil, "token", f.token).JSON(t, &after)
	if after.ReservedShare != 0 {
		t.Fatalf("a refused change was stored: %+v", after.ReservationFields)
	}
}

// cancelByEmail cancels a person's active booking as its manage link would, by resetting
// the link to one the test knows.
func (e *testEnv) cancelByEmail(email string) {
	e.t.Helper()
	raw, hash := models.NewSecret("bk_")
	res := e.store.DB.Model(&bookingmodel.Booking{}).Where("email = ? AND status IN ?", email,
		[]string{bookingmodel.StatusConfirmed, bookingmodel.StatusWaitlisted}).Update("manage_hash", hash)
	if res.Error != nil || res.RowsAffected != 1 {
		e.t.Fatalf("reset manage link of %s: %v (%d rows)", email, res.Error, res.RowsAffected)
	}
	if r := e.do("POST", "/api/v1/bookings/"+raw+"/cancel", nil); r.Status != 200 {
		e.t.Fatalf("cancel %s: %s", email, r)
	}
}

// statusOf is a person's latest booking's status.
func (e *testEnv) statusOf(email string) string {
	e.t.Helper()
	var b bookingmodel.Booking
	if err := e.store.DB.Where("email = ?", email).Order("id DESC").Take(&b).Error; err != nil {
		e.t.Fatal(err)
	}
	return b.Status
}

func (e *testEnv) slotListInvalidateForTest() { e.srv.booking.SlotList.Invalidate() }

// TestMovingIntoHeldPlaces: moving to another time follows the same rule as booking it.
func TestMovingIntoHeldPlaces(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := reservedFixture(e, nil)
	other := f.addSlot(f.startsAt.Add(2*time.Hour), 5) // 2 held, 3 open
	for i := range 3 {
		if r, _ := f.book(other.ID, person(i)); r.Status != 201 {
			t.Fatalf("open place %d: %s", i, r)
		}
	}
	_, nurse := f.book(f.slot.ID, person(10))
	_, physio := f.book(f.slot.ID, person(11, "staff_group", ahp))
	r := e.do("POST", "/api/v1/bookings/"+nurse.ManageToken+"/move", map[string]any{"slot_id": other.ID})
	if r.Status != 409 || !strings.Contains(string(r.Body), "places left are held for people in the Allied Health") {
		t.Fatalf("nurse moving into held places: %s", r)
	}
	if r := e.do("POST", "/api/v1/bookings/"+physio.ManageToken+"/move", map[string]any{"slot_id": other.ID}); r.Status != 200 {
		t.Fatalf("physiotherapist moving into a held place: %s", r)
	}
	e.checkCounters(f.slot.ID)
	if s := e.checkCounters(other.ID); s.Confirmed != 4 || s.ConfirmedOpen != 3 {
		t.Fatalf("after the move: %+v", s)
	}
}
