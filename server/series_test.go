package server

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/booking"
	"github.com/confer-nhs/confer/server/people"
)

// seriesResult is what POST /sessions/{id}/series answers.
type seriesResult struct {
	ID          uint                   `json:"id"`
	MilestoneID *uint                  `json:"milestone_id"`
	WeeksBefore *int                   `json:"weeks_before"`
	Slots       []booking.SlotResponse `json:"slots"`
}

func slotStarts(slots []booking.SlotResponse) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.StartsAt.UTC().Format(time.RFC3339)
	}
	return out
}

func sameStrings(a, b []string) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// newMilestone makes an organisation and a milestone for it, as a comms officer.
func newMilestone(e *testEnv, goLive string) (token string, id uint) {
	e.t.Helper()
	admin := e.tokenFor(models.RoleAdmin)
	var org people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside Hospitals", "code": "RMT", "kind": "acute"},
		"token", admin).JSON(e.t, &org)
	token = e.tokenFor(models.RoleComms)
	r := e.do("POST", "/api/v1/milestones", map[string]any{"organisation_id": org.ID, "name": "Moorside go-live",
		"site": "Moorside General", "go_live_on": goLive,
		"targets": []map[string]any{{"staff_group": "nursing and midwifery registered", "category": "clinical", "min_percent": 80}}},
		"token", token)
	if r.Status != 201 {
		e.t.Fatalf("create milestone: %s", r)
	}
	var m struct {
		ID uint `json:"id"`
	}
	r.JSON(e.t, &m)
	return token, m.ID
}

// TestSeriesKeepsLocalTimesAcrossClockChange: a weekly series at 10:00 Europe/London
// from 16 March 2027 stays at 10:00 local after the clocks go forward on 28 March, so its
// UTC times move an hour earlier; BYDAY and UNTIL expand the same way.
func TestSeriesKeepsLocalTimesAcrossClockChange(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 10, nil)
	url := fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID)
	r := e.do("POST", url, map[string]any{"rrule": "FREQ=WEEKLY;COUNT=4", "starts_at": "2027-03-16T10:00:00",
		"ends_at": "2027-03-16T11:00:00", "capacity": 12}, "token", f.token)
	if r.Status != 201 {
		t.Fatalf("create series: %s", r)
	}
	var s seriesResult
	r.JSON(t, &s)
	want := []string{"2027-03-16T10:00:00Z", "2027-03-23T10:00:00Z", "2027-03-30T09:00:00Z", "2027-04-06T09:00:00Z"}
	if got := slotStarts(s.Slots); !sameStrings(got, want) || s.ID == 0 {
		t.Fatalf("series slots %v, want %v", got, want)
	}
	for _, sl := range s.Slots {
		if sl.EndsAt.Sub(sl.StartsAt) != time.Hour || sl.Capacity != 12 || sl.SessionID != f.session.ID {
			t.Fatalf("slot %+v", sl)
		}
	}
	// Stored, and listed with the session.
	var sess booking.SessionResponse
	e.do("GET", fmt.Sprintf("/api/v1/sessions/%d", f.session.ID), nil, "token", f.token).JSON(t, &sess)
	if len(sess.Slots) != 5 {
		t.Fatalf("session has %d slots, want the fixture's and 4 more", len(sess.Slots))
	}

	r = e.do("POST", url, map[string]any{"rrule": "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270402T000000Z",
		"starts_at": "2027-03-23T10:00", "ends_at": "2027-03-23T11:30", "capacity": 5, "timezone": "Europe/London"}, "token", f.token)
	if r.Status != 201 {
		t.Fatalf("BYDAY series: %s", r)
	}
	r.JSON(t, &s)
	want = []string{"2027-03-23T10:00:00Z", "2027-03-25T10:00:00Z", "2027-03-30T09:00:00Z", "2027-04-01T09:00:00Z"}
	if got := slotStarts(s.Slots); !sameStrings(got, want) {
		t.Fatalf("BYDAY series slots %v, want %v", got, want)
	}
}

// TestSeriesRefusesBadInput: each bad field is a 422 naming it, and nothing is stored.
func TestSeriesRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 10, nil)
	_, milestone := newMilestone(e, "2027-04-27")
	url := fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID)
	body := func(extra ...any) map[string]any {
		b := map[string]any{"rrule": "FREQ=WEEKLY;COUNT=4", "starts_at": "2027-03-16T10:00:00", "ends_at": "2027-03-16T11:00:00", "capacity": 10}
		for i := 0; i+1 < len(extra); i += 2 {
			b[extra[i].(string)] = extra[i+1]
		}
		return b
	}
	tok := []string{"token", f.token}
	e.run([]scenario{
		{name: "not a rule", method: "POST", url: url, body: body("rrule", "every tuesday"), headers: tok, status: 422, contains: []string{`"field":"rrule"`}},
		{name: "no end", method: "POST", url: url, body: body("rrule", "FREQ=WEEKLY"), headers: tok, status: 422, contains: []string{`"field":"rrule"`, "COUNT or UNTIL"}},
		{name: "count too high", method: "POST", url: url, body: body("rrule", "FREQ=DAILY;COUNT=201"), headers: tok, status: 422, contains: []string{`"field":"rrule"`, "at most 200"}},
		{name: "until too far", method: "POST", url: url, body: body("rrule", "FREQ=DAILY;UNTIL=20300101T000000Z"), headers: tok, status: 422, contains: []string{`"field":"rrule"`, "at most 200"}},
		{name: "hourly", method: "POST", url: url, body: body("rrule", "FREQ=HOURLY;COUNT=3"), headers: tok, status: 422, contains: []string{`"field":"rrule"`}},
		{name: "dtstart in rule", method: "POST", url: url, body: body("rrule", "DTSTART=20270316T100000;FREQ=DAILY;COUNT=3"), headers: tok, status: 422, contains: []string{`"field":"rrule"`}},
		{name: "bad zone", method: "POST", url: url, body: body("timezone", "Mars/Olympus"), headers: tok, status: 422, contains: []string{`"field":"timezone"`}},
		{name: "bad start", method: "POST", url: url, body: body("starts_at", "16/03/2027 10am"), headers: tok, status: 422, contains: []string{`"field":"starts_at"`}},
		{name: "past", method: "POST", url: url, body: body("starts_at", "2020-03-16T10:00:00", "ends_at", "2020-03-16T11:00:00"), headers: tok, status: 422, contains: []string{`"field":"starts_at"`}},
		{name: "ends first", method: "POST", url: url, body: body("ends_at", "2027-03-16T09:00:00"), headers: tok, status: 422, contains: []string{`"field":"ends_at"`}},
		{name: "no capacity", method: "POST", url: url, body: body("capacity", nil), headers: tok, status: 422, contains: []string{`"field":"capacity"`}},
		{name: "weeks without milestone", method: "POST", url: url, body: body("weeks_before", 6), headers: tok, status: 422, contains: []string{`"field":"milestone_id"`}},
		{name: "milestone without weeks", method: "POST", url: url, body: body("milestone_id", milestone), headers: tok, status: 422, contains: []string{`"field":"weeks_before"`}},
		{name: "no such milestone", method: "POST", url: url, body: body("milestone_id", 99999, "weeks_before", 2), headers: tok, status: 422, contains: []string{`"field":"milestone_id"`}},
		{name: "public", method: "POST", url: url, body: body(), status: 401},
		{name: "another facilitator", method: "POST", url: url, body: body(), headers: []string{"token", e.tokenFor(models.RoleFacilitator)}, status: 403},
		{name: "comms is not a facilitator", method: "POST", url: url, body: body(), headers: []string{"token", e.tokenFor(models.RoleComms)}, status: 403},
		{name: "no session", method: "POST", url: "/api/v1/sessions/99999/series", body: body(), headers: []string{"token", e.tokenFor(models.RoleAdmin)}, status: 404},
	})
	if n := len(e.slotsOfSession(f.session.ID)); n != 1 {
		t.Fatalf("refused series stored slots: session has %d", n)
	}
}

func (e *testEnv) slotsOfSession(id uint) []booking.SlotResponse {
	e.t.Helper()
	var sess booking.SessionResponse
	e.do("GET", fmt.Sprintf("/api/v1/sessions/%d", id), nil, "token", e.tokenFor(models.RoleAdmin)).JSON(e.t, &sess)
	return sess.Slots
}

// TestMilestonesValidateAndAuthorise: the milestone API's fields, its 422s, and who may use it.
func TestMilestonesValidateAndAuthorise(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms, id := newMilestone(e, "2027-04-27")
	good := func(extra ...any) map[string]any {
		b := map[string]any{"organisation_id": 1, "name": "Wave 2", "go_live_on": "2027-06-01"}
		for i := 0; i+1 < len(extra); i += 2 {
			b[extra[i].(string)] = extra[i+1]
		}
		return b
	}
	tok := []string{"token", comms}
	e.run([]scenario{
		{name: "list", method: "GET", url: "/api/v1/milestones", headers: tok, status: 200,
			contains: []string{`"go_live_on":"2027-04-27"`, `"staff_group":"Nursing and Midwifery Registered"`, `"min_percent":80`, `"site":"Moorside General"`}},
		{name: "facilitator creates", method: "POST", url: "/api/v1/milestones", body: good(), headers: []string{"token", e.tokenFor(models.RoleFacilitator)}, status: 201},
		{name: "bad date", method: "POST", url: "/api/v1/milestones", body: good("go_live_on", "27/04/2027"), headers: tok, status: 422, contains: []string{`"field":"go_live_on"`}},
		{name: "no date", method: "POST", url: "/api/v1/milestones", body: good("go_live_on", nil), headers: tok, status: 422, contains: []string{`"field":"go_live_on"`}},
		{name: "no name", method: "POST", url: "/api/v1/milestones", body: good("name", " "), headers: tok, status: 422, contains: []string{`"field":"name"`}},
		{name: "no organisation", method: "POST", url: "/api/v1/milestones", body: good("organisation_id", 999), headers: tok, status: 422, contains: []string{`"field":"organisation_id"`}},
		{name: "bad group", method: "POST", url: "/api/v1/milestones", body: good("targets", []map[string]any{{"staff_group": "Nurses", "min_percent": 80}}), headers: tok, status: 422, contains: []string{`"field":"targets"`}},
		{name: "percent 0", method: "POST", url: "/api/v1/milestones", body: good("targets", []map[string]any{{"staff_group": "Students", "min_percent": 0}}), headers: tok, status: 422, contains: []string{`"field":"targets"`}},
		{name: "percent 101", method: "POST", url: "/api/v1/milestones", body: good("targets", []map[string]any{{"staff_group": "Students", "min_percent": 101}}), headers: tok, status: 422, contains: []string{`"field":"targets"`}},
		{name: "unknown field", method: "POST", url: "/api/v1/milestones", body: good("colour", "red"), headers: tok, status: 400},
		{name: "rename", method: "PATCH", url: fmt.Sprintf("/api/v1/milestones/%d", id), body: map[string]any{"name": "Moorside wave 1"}, headers: tok, status: 200, contains: []string{`"name":"Moorside wave 1"`, `"go_live_on":"2027-04-27"`, `"bookings_told":0`}},
		{name: "patch bad date", method: "PATCH", url: fmt.Sprintf("/api/v1/milestones/%d", id), body: map[string]any{"go_live_on": "2027-02-30"}, headers: tok, status: 422, contains: []string{`"field":"go_live_on"`}},
		{name: "patch missing", method: "PATCH", url: "/api/v1/milestones/99999", body: map[string]any{"name": "x"}, headers: tok, status: 404},
		{name: "public list", method: "GET", url: "/api/v1/milestones", status: 401},
		{name: "public create", method: "POST", url: "/api/v1/milestones", body: good(), status: 401},
		{name: "public patch", method: "PATCH", url: fmt.Sprintf("/api/v1/milestones/%d", id), body: map[string]any{"name": "x"}, status: 401},
	})
}

// TestMovingMilestoneMovesAnchoredSeries: a series anchored 6 weeks before go-live starts
// 6 weeks before it; moving go-live 2 weeks later moves every slot 2 weeks, keeping 10:00
// London across the clock change. The one person booked on the series gets a calendar
// update to the same event (same UID, higher SEQUENCE) with their manage link; someone
// booked on a slot outside the series hears nothing.
func TestMovingMilestoneMovesAnchoredSeries(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 10, nil)
	comms, milestone := newMilestone(e, "2027-04-27")
	r := e.do("POST", fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID), map[string]any{"rrule": "FREQ=WEEKLY;COUNT=4",
		"starts_at": "2027-01-05T10:00:00", "ends_at": "2027-01-05T11:00:00", "capacity": 10, "milestone_id": milestone, "weeks_before": 6},
		"token", f.token)
	if r.Status != 201 {
		t.Fatalf("anchored series: %s", r)
	}
	var s seriesResult
	r.JSON(t, &s)
	want := []string{"2027-03-16T10:00:00Z", "2027-03-23T10:00:00Z", "2027-03-30T09:00:00Z", "2027-04-06T09:00:00Z"}
	if got := slotStarts(s.Slots); !sameStrings(got, want) || s.MilestoneID == nil || *s.MilestoneID != milestone || *s.WeeksBefore != 6 {
		t.Fatalf("anchored series %+v: starts %v, want %v", s, got, want)
	}
	_, booked := f.book(s.Slots[0].ID, person(1))
	_, outside := f.book(f.slot.ID, person(2))
	first := e.waitForMailsWith(booked.Email, 1)[0]
	e.waitForMailsWith(outside.Email, 1)
	before := inviteOf(t, first)

	// A date that would put slots in the past is refused, and nothing moves.
	r = e.do("PATCH", fmt.Sprintf("/api/v1/milestones/%d", milestone), map[string]any{"go_live_on": "2020-05-11"}, "token", comms)
	if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"go_live_on"`) {
		t.Fatalf("moving go-live into the past: %s", r)
	}
	r = e.do("PATCH", fmt.Sprintf("/api/v1/milestones/%d", milestone), map[string]any{"go_live_on": "2027-05-11"}, "token", comms)
	if r.Status != 200 {
		t.Fatalf("move milestone: %s", r)
	}
	var moved struct {
		GoLiveOn     string `json:"go_live_on"`
		BookingsTold int    `json:"bookings_told"`
	}
	r.JSON(t, &moved)
	if moved.GoLiveOn != "2027-05-11" || moved.BookingsTold != 1 {
		t.Fatalf("moved milestone: %s", r)
	}
	var got []string
	for _, sl := range e.slotsOfSession(f.session.ID) {
		if sl.ID != f.slot.ID {
			got = append(got, sl.StartsAt.UTC().Format(time.RFC3339))
		}
	}
	want = []string{"2027-03-30T09:00:00Z", "2027-04-06T09:00:00Z", "2027-04-13T09:00:00Z", "2027-04-20T09:00:00Z"}
	if !sameStrings(got, want) {
		t.Fatalf("after the move, series starts %v, want %v", got, want)
	}

	mails := e.waitForMailsWith(booked.Email, 2)
	update := mails[0]
	if update.ID == first.ID {
		update = mails[1]
	}
	after := inviteOf(t, update)
	seqBefore, _ := strconv.Atoi(before.get("SEQUENCE"))
	seqAfter, _ := strconv.Atoi(after.get("SEQUENCE"))
	if update.Category != "booking-rescheduled" || after.Method != "REQUEST" || after.get("UID") != before.get("UID") || seqAfter <= seqBefore {
		t.Fatalf("update %s: method %s UID %s (was %s) SEQUENCE %d (was %d)", update.Category, after.Method,
			after.get("UID"), before.get("UID"), seqAfter, seqBefore)
	}
	if dt := after.get("DTSTART"); dt != "20270330T090000Z" {
		t.Fatalf("updated invite starts %q", dt)
	}
	if !strings.Contains(update.Text, "/bookings/") {
		t.Fatalf("update has no manage link: %s", update.Text)
	}
	// Keep: the existing manage link still works and shows the new time; the calendar
	// file it offers is the same event at its new revision.
	if r := e.do("GET", "/api/v1/bookings/"+booked.ManageToken, nil); r.Status != 200 || !strings.Contains(string(r.Body), "2027-03-30T09:00:00Z") {
		t.Fatalf("manage page after the move: %s", r)
	}
	if r := e.do("GET", "/api/v1/bookings/"+booked.ManageToken+"/calendar.ics", nil); r.Status != 200 ||
		!strings.Contains(string(r.Body), "SEQUENCE:"+strconv.Itoa(seqAfter)) || !strings.Contains(string(r.Body), before.get("UID")) {
		t.Fatalf("calendar file after the move: %s", r)
	}
	time.Sleep(200 * time.Millisecond) // let any stray mail land before counting
	if n := len(e.mailsTo(outside.Email)); n != 1 {
		t.Fatalf("someone booked outside the series got %d mails, want only their confirmation", n)
	}
	if n := len(e.mailsTo(booked.Email)); n != 2 {
		t.Fatalf("the booked person got %d mails, want confirmation and one update", n)
	}
	// Move: the same link moves the booking to another slot of the series.
	if r := e.do("POST", "/api/v1/bookings/"+booked.ManageToken+"/move", map[string]any{"slot_id": s.Slots[1].ID}); r.Status != 200 {
		t.Fatalf("move with the existing link: %s", r)
	}
}
