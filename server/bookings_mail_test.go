package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// TestInviteFollowsTheBooking books, moves and cancels, and reads each email's invite:
// UTC times, the Europe/London zone, one UID throughout, SEQUENCE 0, 1, 2, and CANCEL.
func TestInviteFollowsTheBooking(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 5, nil)
	// 2026-style summer and winter times both: one slot in the other half of the year.
	other := f.addSlot(f.startsAt.Add(24*time.Hour*183), 5)
	_, b := f.book(f.slot.ID, person(1))
	msgs := e.waitForMails(b.Email, 1)
	if !strings.Contains(msgs[0].Text, "/bookings/"+b.ManageToken) || !strings.Contains(msgs[0].Text, "https://teams.example/meet/123") {
		t.Fatalf("confirmation lacks the manage link or meeting link:\n%s", msgs[0].Text)
	}
	ev := inviteOf(t, msgs[0])
	uid := ev.get("UID")
	if ev.Method != "REQUEST" || ev.get("SEQUENCE") != "0" || uid == "" ||
		ev.get("DTSTART") != f.startsAt.Format("20060102T150405Z") || ev.get("DTEND") != f.startsAt.Add(45*time.Minute).Format("20060102T150405Z") {
		t.Fatalf("first invite:\n%s", ev.Raw)
	}
	if len(ev.TZIDs) != 1 || ev.TZIDs[0] != "Europe/London" || !strings.Contains(string(ev.Raw), "\r\nX-WR-TIMEZONE:Europe/London\r\n") {
		t.Fatalf("invite lacks the Europe/London zone:\n%s", ev.Raw)
	}
	if a := ev.Props["ATTENDEE"]; a.Value != "mailto:"+b.Email || a.Params["CN"] != b.Name {
		t.Fatalf("attendee: %+v", a)
	}
	if !strings.Contains(ev.get("DESCRIPTION"), "/bookings/"+b.ManageToken) || !strings.Contains(ev.get("DESCRIPTION"), "Join online: https://teams.example/meet/123") {
		t.Fatalf("description lacks the manage or meeting link: %q", ev.get("DESCRIPTION"))
	}

	// Admins see the invite's text/calendar alternative in the outbox beside its attachment.
	r := e.do("GET", fmt.Sprintf("/api/v1/outbox/%d", msgs[0].ID), nil, "token", e.tokenFor(models.RoleAdmin))
	if r.Status != 200 || !strings.Contains(string(r.Body), `"alternatives":[{"content_type":"text/calendar; method=REQUEST","size":`) ||
		!strings.Contains(string(r.Body), `"attachments":[{"filename":"invite.ics","content_type":"text/calendar","size":`) {
		t.Fatalf("outbox message: %s", r)
	}

	r = e.do("POST", "/api/v1/bookings/"+b.ManageToken+"/move", map[string]any{"slot_id": other.ID})
	if r.Status != 200 || !strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d`, other.ID)) {
		t.Fatalf("move: %s", r)
	}
	msgs = e.waitForMails(b.Email, 2)
	ev = inviteOf(t, msgs[1])
	if ev.get("UID") != uid || ev.get("SEQUENCE") != "1" || ev.get("DTSTART") != other.StartsAt.UTC().Format("20060102T150405Z") || ev.Method != "REQUEST" ||
		!strings.Contains(ev.get("DESCRIPTION"), "/bookings/"+b.ManageToken) {
		t.Fatalf("moved invite (uid %q):\n%s", uid, ev.Raw)
	}
	if row := e.slotRow(f.slot.ID); row.Confirmed != 0 {
		t.Fatalf("old slot still counts the moved booking: %+v", row)
	}

	r = e.do("POST", "/api/v1/bookings/"+b.ManageToken+"/cancel", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"status":"cancelled"`) {
		t.Fatalf("cancel: %s", r)
	}
	msgs = e.waitForMails(b.Email, 3)
	ev = inviteOf(t, msgs[2])
	if ev.Method != "CANCEL" || ev.get("UID") != uid || ev.get("SEQUENCE") != "2" || ev.get("STATUS") != "CANCELLED" {
		t.Fatalf("cancel invite:\n%s", ev.Raw)
	}
	if r := e.do("POST", "/api/v1/bookings/"+b.ManageToken+"/move", map[string]any{"slot_id": f.slot.ID}); r.Status != 409 {
		t.Fatalf("moving a cancelled booking: %s", r)
	}
}

// restartOn starts another server instance on the same database: what a restart (or a
// second instance behind a load balancer) looks like. opts adjust its config.
func restartOn(t *testing.T, store *models.Store, opts ...func(*web.Config)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := web.LoadConfig(func(k string) string {
		return map[string]string{"CONFER_BASE_URL": "http://" + ln.Addr().String(), "CONFER_RATE_LIMIT": "0"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv := New(cfg, store, notifications.NewOutbox(store, "Confer <confer@test.example>"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	startReady(t, srv)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(5 * time.Second) })
	return srv
}

// TestRemindersOnceAcrossRestart runs the reminder job on one instance, then on a fresh
// one over the same database: each due booking gets exactly one reminder.
func TestRemindersOnceAcrossRestart(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 5, nil)
	_, due := f.book(f.slot.ID, person(1))
	_, notYet := f.book(f.addSlot(f.startsAt.Add(72*time.Hour), 5).ID, person(2))
	e.waitForMails(due.Email, 1)
	e.waitForMails(notYet.Email, 1)

	dayBefore := f.startsAt.Add(-23 * time.Hour)
	ctx := context.Background()
	if n, err := e.srv.booking.SendDueReminders(ctx, dayBefore); err != nil || n != 1 {
		t.Fatalf("first run: sent %d, %v; want 1", n, err)
	}
	if n, _ := e.srv.booking.SendDueReminders(ctx, dayBefore.Add(time.Minute)); n != 0 {
		t.Fatalf("second run on the same instance sent %d", n)
	}
	e.srv.Shutdown(5 * time.Second)
	second := restartOn(t, e.store)
	if n, err := second.booking.SendDueReminders(ctx, dayBefore.Add(2*time.Minute)); err != nil || n != 0 {
		t.Fatalf("after restart: sent %d, %v; want 0", n, err)
	}
	msgs := e.mailsTo(due.Email)
	if len(msgs) != 2 || !strings.HasPrefix(msgs[1].Subject, "Reminder: ") || !strings.Contains(msgs[1].Text, "https://teams.example/meet/123") {
		t.Fatalf("mails to the due booker: %d, last %q", len(msgs), msgs[len(msgs)-1].Subject)
	}
	if got := len(e.mailsTo(notYet.Email)); got != 1 {
		t.Fatalf("a booking three days later got a reminder too early: %d mails", got)
	}
	// A booking made within the last day before its slot is not reminded: its confirmation
	// is fresh. (The first instance is stopped, so this goes through the store.)
	soonStart := time.Now().UTC().Add(2 * time.Hour).Truncate(time.Minute)
	cap5 := 5
	soon, err := booking.Of(e.store).CreateSlot(ctx, f.session.ID, booking.SlotInput{StartsAt: &soonStart, EndsAt: ptrTime(soonStart.Add(time.Hour)), Capacity: &cap5})
	if err != nil {
		t.Fatal(err)
	}
	late, _, err := booking.Of(e.store).Book(ctx, soon.ID, booking.BookingInput{Name: "Late", Email: "late@trust.example.org", StaffGroup: "Other", JobRole: "Porter"})
	if err != nil || late.ReminderSentAt == nil {
		t.Fatalf("late booking: %v, reminder %v", err, late)
	}
	if n, _ := second.booking.SendDueReminders(ctx, time.Now().UTC()); n != 0 {
		t.Fatalf("late booking reminded: %d", n)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }

// TestRosterAttendanceCSVAndMessage covers the facilitator's side of a slot.
func TestRosterAttendanceCSVAndMessage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newSessionFixture(e, 2, nil)
	_, a := f.book(f.slot.ID, person(1, "name", "=HYPERLINK(\"http://evil.example\")"))
	_, b := f.book(f.slot.ID, person(2, "job_role", "@SUM(A1)"))
	_, w := f.book(f.slot.ID, person(3, "waitlist", true))
	comms := e.tokenFor(models.RoleComms)
	rosterURL := fmt.Sprintf("/api/v1/slots/%d/bookings", f.slot.ID)
	e.run([]scenario{
		{name: "comms may not see rosters", method: "GET", url: rosterURL, headers: []string{"token", comms}, status: 403},
		{name: "no one signed out", method: "GET", url: rosterURL + ".csv", status: 401},
		{name: "roster", method: "GET", url: rosterURL, headers: []string{"token", f.token}, status: 200,
			contains: []string{a.Email, `"status":"waitlisted","position":1`, `"job_role":"Staff Nurse"`}},
		{name: "attendance", method: "POST", url: fmt.Sprintf("/api/v1/bookings/%d/attendance", a.ID), headers: []string{"token", f.token},
			body: map[string]string{"status": "attended"}, status: 200, contains: []string{`"attendance":"attended"`}},
		{name: "no-show", method: "POST", url: fmt.Sprintf("/api/v1/bookings/%d/attendance", b.ID), headers: []string{"token", f.token},
			body: map[string]string{"status": "no_show"}, status: 200, contains: []string{`"attendance":"no_show"`}},
		{name: "bad attendance", method: "POST", url: fmt.Sprintf("/api/v1/bookings/%d/attendance", a.ID), headers: []string{"token", f.token},
			body: map[string]string{"status": "maybe"}, status: 422, contains: []string{`"field":"status"`}},
		{name: "waitlisted has no attendance", method: "POST", url: fmt.Sprintf("/api/v1/bookings/%d/attendance", w.ID), headers: []string{"token", f.token},
			body: map[string]string{"status": "attended"}, status: 409},
		{name: "empty message", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/message", f.slot.ID), headers: []string{"token", f.token},
			body: map[string]string{"subject": "", "message": "x"}, status: 422, contains: []string{`"field":"subject"`}},
		{name: "message attendees", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/message", f.slot.ID), headers: []string{"token", f.token},
			body: map[string]string{"subject": "Room change", "message": "We are now in <b>Room 4</b>."}, status: 202, contains: []string{`"recipients":2`}},
	})
	r := e.do("GET", rosterURL+".csv", nil, "token", f.token)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %s", r)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.Body)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("csv rows %d, %v:\n%s", len(rows), err, r.Body)
	}
	if rows[1][1] != `'=HYPERLINK("http://evil.example")` || rows[2][5] != "'@SUM(A1)" || rows[1][8] != "attended" || rows[3][7] != "1" {
		t.Fatalf("csv cells not guarded or wrong: %q", rows)
	}
	msg := e.mailWithSubject(b.Email, "Room change")
	if !strings.Contains(msg.HTML, "&lt;b&gt;Room 4&lt;/b&gt;") || !strings.Contains(msg.Text, "We are now in <b>Room 4</b>.") {
		t.Fatalf("message mail:\n%s", msg.HTML)
	}
	e.mailWithSubject(w.Email, "Waiting list: ")
	if got := len(e.mailsTo(w.Email)); got != 1 {
		t.Fatalf("waitlisted person got the attendees' message: %d mails", got)
	}
}

// TestInviteEscapesText: commas, semicolons and line breaks in a facilitator's text stay
// inside their property and come back intact.
func TestInviteEscapesText(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC)
	inv := &notifications.Invite{Method: notifications.MethodRequest, UID: "booking-x@confer", Sequence: 3,
		Start: start, End: start.Add(time.Hour), Summary: "Safety; EPR, nurses", Description: "Line one\r\nLine two, with; marks \\o/",
		Location: "Room 2, Block B", Organizer: notifications.Party{Email: "confer@test.example"},
		Attendee: notifications.Party{Name: "Ada, RN", Email: "ada@trust.example.org"}}
	ev := parseICS(t, inv.ICS())
	if ev.get("SUMMARY") != "Safety; EPR, nurses" || ev.get("DESCRIPTION") != "Line one\nLine two, with; marks \\o/" ||
		ev.get("LOCATION") != "Room 2, Block B" || ev.get("SEQUENCE") != "3" || ev.get("DTSTART") != "20260701T083000Z" {
		t.Fatalf("round trip: %q %q %q\n%s", ev.get("SUMMARY"), ev.get("DESCRIPTION"), ev.get("LOCATION"), ev.Raw)
	}
	if o := ev.Props["ORGANIZER"]; o.Value != "mailto:confer@test.example" || len(o.Params) != 0 {
		t.Fatalf("organizer without a name: %+v", o)
	}
}
