package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/booking"
)

// anchoredSeries makes a weekly series on a session, anchored to a milestone.
func anchoredSeries(f *sessionFixture, milestone uint, weeksBefore, capacity int) seriesResult {
	f.e.t.Helper()
	r := f.e.do("POST", fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID), map[string]any{"rrule": "FREQ=WEEKLY;COUNT=2",
		"starts_at": "2027-01-05T10:00:00", "ends_at": "2027-01-05T11:00:00", "capacity": capacity,
		"milestone_id": milestone, "weeks_before": weeksBefore}, "token", f.token)
	if r.Status != 201 {
		f.e.t.Fatalf("anchored series: %s", r)
	}
	var s seriesResult
	r.JSON(f.e.t, &s)
	return s
}

// milestoneDetail is what GET /milestones/{id} answers.
type milestoneDetail struct {
	ID       uint   `json:"id"`
	GoLiveOn string `json:"go_live_on"`
	Series   []struct {
		ID            uint   `json:"id"`
		SessionID     uint   `json:"session_id"`
		SessionTitle  string `json:"session_title"`
		Rule          string `json:"rule"`
		WeeksBefore   int    `json:"weeks_before"`
		UpcomingSlots int    `json:"upcoming_slots"`
		Booked        int    `json:"booked"`
		Unconfirmed   int    `json:"unconfirmed"`
		Waiting       int    `json:"waiting"`
	} `json:"series"`
}

// TestMilestoneSaysWhatAMoveWouldTouch: GET /milestones/{id} lists the series anchored
// to it with their slots still to come and the people on them by status (the page's
// confirm step reads it), to the team only; GET /sessions/{id}/series names each
// series' slots and milestone, so a session's list of times can mark them.
func TestMilestoneSaysWhatAMoveWouldTouch(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms, milestone := newMilestone(e, "2027-04-27")
	f := newSessionFixture(e, 10, nil)
	g := newSessionFixture(e, 10, map[string]any{"title": "Ward rounds on the new EPR", "confirm_to_keep": true})
	a := anchoredSeries(f, milestone, 6, 1)
	b := anchoredSeries(g, milestone, 4, 5)
	f.book(a.Slots[0].ID, person(1))
	f.book(a.Slots[0].ID, person(2, "waitlist", true))
	g.book(b.Slots[1].ID, person(3))

	r := e.do("GET", fmt.Sprintf("/api/v1/milestones/%d", milestone), nil, "token", comms)
	var m milestoneDetail
	r.JSON(t, &m)
	if r.Status != 200 || m.ID != milestone || m.GoLiveOn != "2027-04-27" || len(m.Series) != 2 {
		t.Fatalf("milestone: %s", r)
	}
	sa, sb := m.Series[0], m.Series[1]
	if sa.ID != a.ID || sa.SessionID != f.session.ID || sa.SessionTitle != "Clinical safety and the new EPR" || sa.Rule != "FREQ=WEEKLY;COUNT=2" ||
		sa.WeeksBefore != 6 || sa.UpcomingSlots != 2 || sa.Booked != 1 || sa.Waiting != 1 || sa.Unconfirmed != 0 {
		t.Errorf("first series: %+v", sa)
	}
	if sb.ID != b.ID || sb.SessionTitle != "Ward rounds on the new EPR" || sb.WeeksBefore != 4 || sb.UpcomingSlots != 2 ||
		sb.Booked != 0 || sb.Unconfirmed != 1 || sb.Waiting != 0 {
		t.Errorf("second series: %+v", sb)
	}
	// A cancelled slot is not moved, so it is not counted.
	if r := e.do("POST", fmt.Sprintf("/api/v1/slots/%d/cancel", b.Slots[0].ID), nil, "token", g.token); r.Status != 200 {
		t.Fatalf("cancel slot: %s", r)
	}
	e.do("GET", fmt.Sprintf("/api/v1/milestones/%d", milestone), nil, "token", comms).JSON(t, &m)
	if m.Series[1].UpcomingSlots != 1 || m.Series[1].Unconfirmed != 1 {
		t.Errorf("after cancelling a slot: %+v", m.Series[1])
	}

	for _, c := range []struct {
		name, path, token string
		status            int
	}{
		{"anonymous", fmt.Sprintf("/api/v1/milestones/%d", milestone), "", 401},
		{"facilitator", fmt.Sprintf("/api/v1/milestones/%d", milestone), f.token, 200},
		{"unknown milestone", "/api/v1/milestones/99999", comms, 404},
		{"anonymous, a session's series", fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID), "", 401},
		{"comms, a session's series", fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID), comms, 403},
		{"unknown session", "/api/v1/sessions/99999/series", f.token, 404},
	} {
		var r resp
		if c.token == "" {
			r = e.do("GET", c.path, nil)
		} else {
			r = e.do("GET", c.path, nil, "token", c.token)
		}
		if r.Status != c.status {
			t.Errorf("%s: %s, want %d", c.name, r, c.status)
		}
	}

	var list struct {
		Items []struct {
			ID            uint   `json:"id"`
			RRule         string `json:"rrule"`
			Timezone      string `json:"timezone"`
			MilestoneID   *uint  `json:"milestone_id"`
			MilestoneName string `json:"milestone_name"`
			WeeksBefore   *int   `json:"weeks_before"`
			SlotIDs       []uint `json:"slot_ids"`
		} `json:"items"`
	}
	f.addSlot(f.startsAt.Add(48*time.Hour), 5) // a single time is in no series
	e.do("GET", fmt.Sprintf("/api/v1/sessions/%d/series", f.session.ID), nil, "token", f.token).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("session series: %+v", list)
	}
	it := list.Items[0]
	if it.ID != a.ID || it.RRule != "FREQ=WEEKLY;COUNT=2" || it.Timezone != "Europe/London" || it.MilestoneID == nil ||
		*it.MilestoneID != milestone || it.MilestoneName != "Moorside go-live" || it.WeeksBefore == nil || *it.WeeksBefore != 6 ||
		fmt.Sprint(it.SlotIDs) != fmt.Sprint([]uint{a.Slots[0].ID, a.Slots[1].ID}) {
		t.Errorf("session series: %+v", it)
	}
}

// TestMovingMilestoneTellsEveryoneOnMovedSlots: when a milestone moves, the booked get
// the calendar update (TestMovingMilestoneMovesAnchoredSeries), and the people waiting
// for a place, or yet to confirm their address, on a moved slot are emailed the new
// time too: no invite (they never had one), their place in the queue or their
// deadline to confirm, and no joining link before they have confirmed.
func TestMovingMilestoneTellsEveryoneOnMovedSlots(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms, milestone := newMilestone(e, "2027-04-27")
	f := newSessionFixture(e, 10, nil)
	g := newSessionFixture(e, 10, map[string]any{"title": "Ward rounds on the new EPR", "confirm_to_keep": true})
	a := anchoredSeries(f, milestone, 6, 1)
	b := anchoredSeries(g, milestone, 4, 5)
	_, booked := f.book(a.Slots[0].ID, person(1))
	_, waiting := f.book(a.Slots[0].ID, person(2, "waitlist", true))
	_, pending := g.book(b.Slots[0].ID, person(3))
	if booked.Status != "confirmed" || waiting.Status != "waitlisted" || pending.Status != "pending" {
		t.Fatalf("statuses %s %s %s", booked.Status, waiting.Status, pending.Status)
	}
	e.waitForMailsWith(booked.Email, 1)
	e.waitForMails(waiting.Email, 1)
	e.waitForMails(pending.Email, 1)

	r := e.do("PATCH", fmt.Sprintf("/api/v1/milestones/%d", milestone), map[string]any{"go_live_on": "2027-05-04"}, "token", comms)
	var moved struct {
		BookingsTold int `json:"bookings_told"`
	}
	r.JSON(t, &moved)
	if r.Status != 200 || moved.BookingsTold != 3 {
		t.Fatalf("move milestone: %s", r)
	}
	e.waitForMailsWith(booked.Email, 2)
	// 16 March 2027 moved a week on is 23 March, still GMT: 10:00 UTC.
	for _, c := range []struct {
		who        booking.BookingResponse
		has, lacks []string
	}{
		{waiting, []string{"New time: Clinical safety and the new EPR, now Tue 23 Mar 2027 at 10:00",
			"You are still on its waiting list at the new time: number 1.", "/bookings/"},
			[]string{"teams.example", "calendar file", "nothing to do"}},
		{pending, []string{"New time: Ward rounds on the new EPR, now Tue 6 Apr 2027 at 10:00",
			"We are still holding your place at the new time.", "confirm your email address with the link in the first email", "(UK time)"},
			[]string{"teams.example", "calendar file", "nothing to do"}},
	} {
		mails := e.waitForMails(c.who.Email, 2)
		var update *models.OutboxMessage
		for i := range mails {
			if mails[i].Category == "booking-rescheduled" {
				update = &mails[i]
			}
		}
		if update == nil {
			t.Fatalf("%s (%s) was not told of the new time: %d mails", c.who.Name, c.who.Status, len(mails))
		}
		all := update.Subject + "\n" + update.Text + "\n" + update.HTML
		if len(update.Attachments) != 0 {
			t.Errorf("%s (%s) was sent an invite they never had", c.who.Name, c.who.Status)
		}
		for _, s := range c.has {
			if !strings.Contains(all, s) {
				t.Errorf("%s mail lacks %q:\n%s\n%s", c.who.Status, s, update.Subject, update.Text)
			}
		}
		for _, s := range c.lacks {
			if strings.Contains(all, s) {
				t.Errorf("%s mail has %q:\n%s", c.who.Status, s, update.Text)
			}
		}
	}
	time.Sleep(200 * time.Millisecond) // let any stray mail land before counting
	for _, who := range []booking.BookingResponse{booked, waiting, pending} {
		if n := len(e.mailsTo(who.Email)); n != 2 {
			t.Errorf("%s got %d mails, want the first and one about the new time", who.Status, n)
		}
	}
}
