package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
	"github.com/confer-nhs/confer/server/people"
)

// TestBookingRules sends each kind of bad booking and checks the status, that the error
// names what to fix, and that the slot's counters and bookings are exactly as before.
func TestBookingRules(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	var moor, river people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside Hospitals", "code": "RMT", "kind": "acute",
		"email_domains": []string{"moorside.nhs.example"}}, "token", admin).JSON(t, &moor)
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Riverbank Trust", "code": "RRB", "kind": "acute",
		"email_domains": []string{"riverbank.nhs.example"}}, "token", admin).JSON(t, &river)

	f := newSessionFixture(e, 1, nil)
	url := fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID)
	r, held := f.book(f.slot.ID, person(1))
	if r.Status != 201 || held.Status != "confirmed" || held.Position != nil {
		t.Fatalf("first booking: %s", r)
	}
	// The organisation came from the email domain when not stated? Not here: example.org is nobody's.
	overlapping := newSessionFixture(e, 5, map[string]any{"title": "Rostering go-live", "category": "operational"})
	later := f.addSlot(f.startsAt.Add(48*time.Hour), 5)
	restricted := newSessionFixture(e, 5, map[string]any{"title": "Moorside only", "organisation_ids": []uint{moor.ID},
		"restrict_to_organisations": true})
	cancelled := f.addSlot(f.startsAt.Add(24*time.Hour), 5)
	if r := e.do("POST", fmt.Sprintf("/api/v1/slots/%d/cancel", cancelled.ID), nil, "token", f.token); r.Status != 200 {
		t.Fatalf("cancel slot: %s", r)
	}
	past := f.addSlot(f.startsAt.Add(96*time.Hour), 5)
	e.store.DB.Model(&bookingmodel.Slot{}).Where("id = ?", past.ID).Update("starts_at", time.Now().Add(-time.Hour))

	before := e.slotRow(f.slot.ID)
	e.run([]scenario{
		{name: "malformed JSON", method: "POST", url: url, body: `{"name":`, status: 400, contains: []string{"malformed JSON"}},
		{name: "body over 1 MB", method: "POST", url: url, body: `{"name":"` + strings.Repeat("x", 2<<20) + `"}`, status: 413, contains: []string{"too large"}},
		{name: "unknown field", method: "POST", url: url, body: `{"name":"A","nickname":"B"}`, status: 400, contains: []string{`"field":"nickname"`}},
		{name: "no name", method: "POST", url: url, body: person(2, "name", " "), status: 422, contains: []string{`"field":"name"`}},
		{name: "bad email", method: "POST", url: url, body: person(2, "email", "not-an-email"), status: 422, contains: []string{`"field":"email"`}},
		{name: "bad staff group", method: "POST", url: url, body: person(2, "staff_group", "Wizards"), status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "no job role", method: "POST", url: url, body: person(2, "job_role", ""), status: 422, contains: []string{`"field":"job_role"`}},
		{name: "unknown organisation", method: "POST", url: url, body: person(2, "organisation_id", 9999), status: 422, contains: []string{`"field":"organisation_id"`}},
		{name: "no such slot", method: "POST", url: "/api/v1/slots/99999/bookings", body: person(2), status: 404, contains: []string{"slot not found"}},
		{name: "full without waitlist", method: "POST", url: url, body: person(2), status: 409, contains: []string{"full", `"field":"waitlist"`}},
		{name: "same person again, other casing", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", later.ID),
			body: person(1, "email", "PERSON.1@ward.example.ORG"), status: 409,
			contains: []string{"already holds a booking for this session", "Clinical safety and the new EPR"}},
		{name: "overlapping time", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", overlapping.slot.ID),
			body: person(1), status: 409, contains: []string{"overlapping time", "Clinical safety and the new EPR", "confirmed"}},
		{name: "cancelled slot", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", cancelled.ID), body: person(3), status: 422, contains: []string{"cancelled"}},
		{name: "past slot", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", past.ID), body: person(3), status: 422, contains: []string{"already started"}},
		{name: "restricted to Moorside", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", restricted.slot.ID),
			body: person(4, "email", "a.nurse@riverbank.nhs.example"), status: 422, contains: []string{"only for staff of Moorside Hospitals", `"field":"email"`}},
		{name: "restricted, stating Moorside with another domain", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/bookings", restricted.slot.ID),
			body: person(4, "email", "a.nurse@riverbank.nhs.example", "organisation_id", moor.ID), status: 422, contains: []string{"only for staff of"}},
		{name: "capacity below confirmed", method: "PATCH", url: fmt.Sprintf("/api/v1/slots/%d", f.slot.ID), body: map[string]any{"capacity": 0},
			headers: []string{"token", f.token}, status: 422, contains: []string{`"field":"capacity"`}},
		{name: "slot in the past", method: "POST", url: fmt.Sprintf("/api/v1/sessions/%d/slots", f.session.ID), headers: []string{"token", f.token},
			body: map[string]any{"starts_at": "2020-01-01T09:00:00Z", "ends_at": "2020-01-01T10:00:00Z", "capacity": 5}, status: 422, contains: []string{`"field":"starts_at"`}},
		{name: "slot time not RFC 3339", method: "POST", url: fmt.Sprintf("/api/v1/sessions/%d/slots", f.session.ID), headers: []string{"token", f.token},
			body: map[string]any{"starts_at": "tomorrow", "ends_at": "2030-01-01T10:00:00Z", "capacity": 5}, status: 422, contains: []string{`"field":"starts_at"`}},
		{name: "bad category", method: "POST", url: "/api/v1/sessions", headers: []string{"token", f.token},
			body: map[string]any{"title": "X", "category": "social", "format": "virtual", "meeting_url": "https://x.example"}, status: 422, contains: []string{`"field":"category"`}},
		{name: "virtual without link", method: "POST", url: "/api/v1/sessions", headers: []string{"token", f.token},
			body: map[string]any{"title": "X", "category": "clinical", "format": "virtual"}, status: 422, contains: []string{`"field":"meeting_url"`}},
		{name: "listing bad filter", method: "GET", url: "/api/v1/slots?category=social", status: 422, contains: []string{`"field":"category"`}},
		{name: "listing bad date", method: "GET", url: "/api/v1/slots?from=yesterday", status: 422, contains: []string{`"field":"from"`}},
		{name: "manage with a wrong token", method: "GET", url: "/api/v1/bookings/bk_notarealtokenatall", status: 404},
		{name: "cancel with a wrong token", method: "POST", url: "/api/v1/bookings/bk_notarealtokenatall/cancel", status: 404},
	})
	if after := e.slotRow(f.slot.ID); after.Confirmed != before.Confirmed || after.Waitlisted != before.Waitlisted || after.Capacity != before.Capacity {
		t.Fatalf("bad input changed the slot: %+v -> %+v", before, after)
	}
	var n int64
	e.store.DB.Model(&bookingmodel.Booking{}).Count(&n)
	if n != 1 {
		t.Fatalf("bad input stored bookings: %d rows, want 1", n)
	}

	// A Moorside address books the restricted session, and is attributed to Moorside.
	r, ok := f.book(restricted.slot.ID, person(5, "email", "Nurse@Ward7.Moorside.nhs.example"))
	if r.Status != 201 || ok.OrganisationID == nil || *ok.OrganisationID != moor.ID || ok.Email != "nurse@ward7.moorside.nhs.example" ||
		ok.StaffGroup != "Nursing and Midwifery Registered" {
		t.Fatalf("restricted booking from Moorside: %s", r)
	}

	// Waitlist, then raise the capacity: the head is promoted; lowering stops at confirmed.
	r, w := f.book(f.slot.ID, person(6, "waitlist", true))
	if r.Status != 201 || w.Status != "waitlisted" || *w.Position != 1 {
		t.Fatalf("waitlist: %s", r)
	}
	r = e.do("PATCH", fmt.Sprintf("/api/v1/slots/%d", f.slot.ID), map[string]any{"capacity": 3}, "token", f.token)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"confirmed":2`) || !strings.Contains(string(r.Body), `"waitlisted":0`) {
		t.Fatalf("raise capacity: %s", r)
	}
	if r := e.do("GET", "/api/v1/bookings/"+w.ManageToken, nil); !strings.Contains(string(r.Body), `"status":"confirmed"`) {
		t.Fatalf("raised capacity did not promote: %s", r)
	}
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/slots/%d", f.slot.ID), map[string]any{"capacity": 2}, "token", f.token); r.Status != 200 {
		t.Fatalf("lower to confirmed: %s", r)
	}
	// The public listing shows counts but never meeting links or who booked.
	r = e.do("GET", "/api/v1/slots?category=clinical", nil)
	if r.Status != 200 || strings.Contains(string(r.Body), "teams.example") || strings.Contains(string(r.Body), "ward.example.org") ||
		!strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d,"session_id":%d`, f.slot.ID, f.session.ID)) {
		t.Fatalf("listing: %s", r)
	}
	// Cancelled slots tell their bookers, with a calendar cancellation.
	r = e.do("POST", fmt.Sprintf("/api/v1/slots/%d/cancel", restricted.slot.ID), nil, "token", restricted.token)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"bookings_cancelled":1`) {
		t.Fatalf("cancel slot: %s", r)
	}
	m := e.mailWithSubject("nurse@ward7.moorside.nhs.example", "Session cancelled")
	if len(m.Attachments) != 1 || !strings.Contains(string(m.Attachments[0].Content), "METHOD:CANCEL") {
		t.Fatalf("slot cancellation mail: %q", m.Subject)
	}
}

// TestListingFiltersAndETag checks the filters and that a revalidation costs a 304 until
// a booking changes the counts.
func TestListingFiltersAndETag(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	var moor people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside", "code": "RMT", "kind": "acute"}, "token", admin).JSON(t, &moor)
	clinical := newSessionFixture(e, 5, map[string]any{"staff_groups": []string{"Medical and Dental"}})
	ops := newSessionFixture(e, 5, map[string]any{"title": "Ward rosters", "category": "operational", "organisation_ids": []uint{moor.ID}})
	day := clinical.startsAt.In(models.London()).Format("2006-01-02")
	count := func(q string) int {
		var out struct{ Items []booking.PublicSlot }
		r := e.do("GET", "/api/v1/slots"+q, nil)
		if r.Status != 200 {
			t.Fatalf("GET /slots%s: %s", q, r)
		}
		r.JSON(t, &out)
		return len(out.Items)
	}
	for q, want := range map[string]int{
		"": 2, "?category=clinical": 1, "?category=technical": 0,
		"?staff_group=Medical%20and%20Dental": 2, "?staff_group=Students": 1, // ops targets everyone's groups
		fmt.Sprintf("?organisation_id=%d", moor.ID): 2, "?organisation_id=99999": 1,
		"?from=" + day + "&to=" + day: 2, "?to=" + time.Now().In(models.London()).Format("2006-01-02"): 0,
	} {
		if got := count(q); got != want {
			t.Errorf("GET /slots%s: %d slots, want %d", q, got, want)
		}
	}
	r := e.do("GET", "/api/v1/slots", nil)
	etag := r.Header.Get("ETag")
	if r2 := e.do("GET", "/api/v1/slots", nil, "If-None-Match", etag); etag == "" || r2.Status != 304 {
		t.Fatalf("revalidate: etag %q, %s", etag, r2)
	}
	ops.book(ops.slot.ID, person(1))
	r3 := e.do("GET", "/api/v1/slots", nil, "If-None-Match", etag)
	if r3.Status != 200 || !strings.Contains(string(r3.Body), `"confirmed":1,"remaining":4`) {
		t.Fatalf("after a booking the listing must change: %s", r3)
	}
}

// TestSessionEditAndDelete: edits show in the public listing at once; a session with
// people booked cannot be deleted until its slots are cancelled.
func TestSessionEditAndDelete(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 5, nil)
	e.do("GET", "/api/v1/slots", nil) // fill the listing cache
	id := fmt.Sprintf("/api/v1/sessions/%d", f.session.ID)
	e.run([]scenario{
		{name: "rename", method: "PATCH", url: id, body: map[string]any{"title": "Renamed session", "staff_groups": []string{"students"}},
			headers: []string{"token", f.token}, status: 200, contains: []string{"Renamed session", `"staff_groups":["Students"]`}},
		{name: "listing shows the edit", method: "GET", url: "/api/v1/slots", status: 200, contains: []string{"Renamed session"}},
		{name: "in person needs a location", method: "PATCH", url: id, body: map[string]any{"format": "in_person"},
			headers: []string{"token", f.token}, status: 422, contains: []string{`"field":"location"`}},
		{name: "comms may not edit", method: "PATCH", url: id, body: map[string]any{"title": "x"},
			headers: []string{"token", e.tokenFor(models.RoleComms)}, status: 403},
	})
	f.book(f.slot.ID, person(1))
	if r := e.do("DELETE", id, nil, "token", f.token); r.Status != 409 || !strings.Contains(string(r.Body), "1 active booking") {
		t.Fatalf("delete with a booking: %s", r)
	}
	e.do("POST", fmt.Sprintf("/api/v1/slots/%d/cancel", f.slot.ID), nil, "token", f.token)
	if r := e.do("DELETE", id, nil, "token", f.token); r.Status != 204 {
		t.Fatalf("delete after cancelling: %s", r)
	}
	if r := e.do("GET", "/api/v1/slots", nil); strings.Contains(string(r.Body), "Renamed session") {
		t.Fatalf("deleted session still listed: %s", r)
	}
	if r := e.do("GET", id, nil, "token", f.token); r.Status != 404 {
		t.Fatalf("deleted session: %s", r)
	}
}
