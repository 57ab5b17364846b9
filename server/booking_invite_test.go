package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications/sendgridfake"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/booking"
)

// awkwardNames are names people really have, and names an attacker would type, that broke
// invites written by golang-ical (issue 12 A): quotes, commas, semicolons, colons, carets,
// backslashes, and long multi-byte names that must fold between, not inside, characters.
var awkwardNames = []string{
	"Zoë O'Brien",
	"Smith, Jane",
	`Jane "JJ" Smith`,
	"Jo;ROLE=CHAIR;RSVP=TRUE:mailto:x@evil.example",
	`Back\slash\, N\;ame`,
	"Caret ^n^' ^^ Jones",
	"Siân Ó Súilleabháin-Ní Bhriain, Ward 7: Nurse ",
	strings.Repeat("Ngozi Adébáyọ̀-Ọláwálé 🙂 ", 7),
}

// inviteOrganizer is the configured sender in TestInviteNamesRoundTrip: a display name
// with every character that needs quoting or RFC 6868, as a trust could well configure.
const inviteOrganizer = `"North Moor NHS: Engagement; \"Comms\", ^Team" <engage@north-moor.example>`

// TestInviteNamesRoundTrip books each awkward name, moves, cancels, promotes, cancels
// a slot and moves a go-live milestone (rescheduling a series' slot), and reads every invite strictly: each ATTENDEE has exactly its name and address
// and no other parameters than ours (nothing injected), the ORGANIZER is the configured
// sender, lines end in CRLF and fold within 75 octets. It also writes each invite and
// what it should say to CONFER_ICS_DIR (default tmp/ics at the repository root), where
// frontend/src/bookings/invites.test.ts reads them back with Mozilla's ical.js.
func TestInviteNamesRoundTrip(t *testing.T) {
	t.Parallel()
	dir := clearInviteDir(t)
	e := newTestEnv(t, func(c *web.Config) { c.MailFrom = inviteOrganizer })
	f := newSessionFixture(e, len(awkwardNames)+2, map[string]any{"title": `Safety; EPR, "nurses" \ midwives`})
	later := f.addSlot(f.startsAt.Add(48*time.Hour), 10)
	doomed := f.addSlot(f.startsAt.Add(96*time.Hour), 10)
	full := f.addSlot(f.startsAt.Add(120*time.Hour), 1)
	var bookings []booking.BookingResponse
	for i, name := range awkwardNames {
		slot := f.slot.ID
		if i%2 == 1 {
			slot = doomed.ID
		}
		_, b := f.book(slot, person(100+i, "name", name, "email", fmt.Sprintf("o'neill.%d+x@ward.example.org", i)))
		if b.ID == 0 {
			t.Fatalf("booking %q failed", name)
		}
		bookings = append(bookings, b)
	}
	e.waitForMails(bookings[0].Email, 1)
	if r := e.do("POST", "/api/v1/bookings/"+bookings[0].ManageToken+"/move", map[string]any{"slot_id": later.ID}); r.Status != 200 {
		t.Fatalf("move: %s", r)
	}
	if r := e.do("POST", "/api/v1/bookings/"+bookings[2].ManageToken+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel: %s", r)
	}
	if r := e.do("POST", fmt.Sprintf("/api/v1/slots/%d/cancel", doomed.ID), nil, "token", f.token); r.Status != 200 {
		t.Fatalf("cancel slot: %s", r)
	}
	_, first := f.book(full.ID, person(200, "name", "Ffion ap Rhys, \"Ffi\""))
	_, waiting := f.book(full.ID, person(201, "name", "Óisín Mac Giolla; Phádraig", "waitlist", true))
	if r := e.do("POST", "/api/v1/bookings/"+first.ManageToken+"/cancel", nil); r.Status != 200 || waiting.Status != "waitlisted" {
		t.Fatalf("cancel to promote: %s (waiting %s)", r, waiting.Status)
	}
	rescheduled := rescheduleByMilestone(t, f, person(202, "name", "Nuala O'Hara; \"Ward 9\", ^Theatres"))

	want := map[string]int{} // invites per address
	for i, b := range bookings {
		switch {
		case i == 0: // confirmed, moved
			want[b.Email] = 2
		case i == 2 || i%2 == 1: // confirmed, cancelled or slot cancelled
			want[b.Email] = 2
		default:
			want[b.Email] = 1
		}
	}
	want[first.Email], want[waiting.Email], want[rescheduled.Email] = 2, 1, 2
	var out []inviteCase
	for _, b := range append(bookings, first, waiting, rescheduled) {
		for _, m := range e.waitForMailsWith(b.Email, want[b.Email]) {
			out = append(out, checkInvite(t, e, b, m))
		}
	}
	kinds := map[string]int{}
	for _, c := range out {
		kinds[c.Kind]++
	}
	if kinds["confirmed"] != len(awkwardNames)+2 || kinds["moved"] != 1 || kinds["cancelled"] != 2 ||
		kinds["slot_cancelled"] != len(awkwardNames)/2 || kinds["promoted"] != 1 || kinds["rescheduled"] != 1 {
		t.Fatalf("invites by kind: %v", kinds)
	}
	writeInviteCases(t, dir, out)
}

// rescheduleByMilestone books someone on a series anchored to a go-live milestone, then
// moves the milestone a week on: they get a "rescheduled" invite updating their event.
func rescheduleByMilestone(t *testing.T, f *sessionFixture, who map[string]any) booking.BookingResponse {
	t.Helper()
	goLive := time.Now().AddDate(0, 3, 0)
	comms, milestone := newMilestone(f.e, goLive.Format("2006-01-02"))
	s := anchoredSeries(f, milestone, 2, 5)
	_, b := f.book(s.Slots[0].ID, who)
	f.e.waitForMailsWith(b.Email, 1)
	r := f.e.do("PATCH", fmt.Sprintf("/api/v1/milestones/%d", milestone),
		map[string]any{"go_live_on": goLive.AddDate(0, 0, 7).Format("2006-01-02")}, "token", comms)
	if r.Status != 200 {
		t.Fatalf("move milestone: %s", r)
	}
	return b
}

// waitForMailsWith waits for n mails with an invite to addr (a waitlisted mail has none).
func (e *testEnv) waitForMailsWith(addr string, n int) []models.OutboxMessage {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var with []models.OutboxMessage
		for _, m := range e.mailsTo(addr) {
			if len(m.Attachments) > 0 {
				with = append(with, m)
			}
		}
		if len(with) >= n {
			return with
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("want %d invites to %s, have %d", n, addr, len(with))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// inviteCase is one invite written for the independent parser, with what it must say.
type inviteCase struct {
	File           string `json:"file"`
	Kind           string `json:"kind"`
	Method         string `json:"method"`
	Sequence       int    `json:"sequence"`
	UID            string `json:"uid"`
	Summary        string `json:"summary"`
	AttendeeName   string `json:"attendee_name"`
	AttendeeEmail  string `json:"attendee_email"`
	OrganizerName  string `json:"organizer_name"`
	OrganizerEmail string `json:"organizer_email"`
	ManageURL      string `json:"manage_url"`  // "" when the mail has none: DESCRIPTION then has no manage link
	BookingUID     string `json:"booking_uid"` // the booking's calendar_uid, read from the database
	content        []byte
}

// checkInvite reads one booking mail's invite strictly and says what it is.
func checkInvite(t *testing.T, e *testEnv, b booking.BookingResponse, m models.OutboxMessage) inviteCase {
	t.Helper()
	ev := inviteOf(t, m)
	kind := strings.TrimPrefix(m.Category, "booking-")
	c := inviteCase{Kind: kind, Method: ev.Method, UID: ev.get("UID"), Summary: ev.get("SUMMARY"),
		AttendeeName: b.Name, AttendeeEmail: b.Email, OrganizerName: `North Moor NHS: Engagement; "Comms", ^Team`,
		OrganizerEmail: "engage@north-moor.example", content: m.Attachments[0].Content}
	c.Sequence, _ = strconv.Atoi(ev.get("SEQUENCE"))
	if err := e.store.DB.Table("bookings").Where("id = ?", b.ID).Pluck("calendar_uid", &c.BookingUID).Error; err != nil || c.BookingUID == "" {
		t.Errorf("booking %d's calendar_uid: %q %v", b.ID, c.BookingUID, err)
	}
	switch kind {
	case "confirmed", "moved":
		c.ManageURL = e.srv.booking.ManageURL(b.ManageToken)
	case "promoted", "rescheduled": // a newly issued link (only the first one's hash is kept), to the same booking
		if l := manageLinkRe.FindStringSubmatch(m.Text); l != nil {
			c.ManageURL = e.srv.booking.ManageURL(l[1])
			var got booking.BookingResponse
			e.do("GET", "/api/v1/bookings/"+l[1], nil).JSON(t, &got)
			if got.ID != b.ID {
				t.Errorf("the %s mail's manage link opens booking %d, want %d", kind, got.ID, b.ID)
			}
		} else {
			t.Errorf("%s mail has no manage link:\n%s", kind, m.Text)
		}
	}
	a, o := ev.Props["ATTENDEE"], ev.Props["ORGANIZER"]
	wantAttendee := map[string]string{"CN": b.Name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"}
	if a.Value != "mailto:"+b.Email || fmt.Sprint(a.Params) != fmt.Sprint(wantAttendee) {
		t.Errorf("%s invite to %q: attendee %q %v\n%s", kind, b.Name, a.Value, a.Params, ev.Raw)
	}
	if strings.Count(a.RawParams, `\`) != strings.Count(b.Name, `\`) {
		t.Errorf("attendee parameters hold backslash escapes, which RFC 5545 does not have: %s", a.RawParams)
	}
	if o.Value != "mailto:"+c.OrganizerEmail || len(o.Params) != 1 || o.Params["CN"] != c.OrganizerName {
		t.Errorf("%s invite: organizer %q %v", kind, o.Value, o.Params)
	}
	if c.Summary != `Safety; EPR, "nurses" \ midwives` {
		t.Errorf("summary %q", c.Summary)
	}
	wantMethod := map[string]string{"confirmed": "REQUEST", "moved": "REQUEST", "promoted": "REQUEST", "rescheduled": "REQUEST",
		"cancelled": "CANCEL", "slot_cancelled": "CANCEL"}[kind]
	hasManage := strings.Contains(ev.get("DESCRIPTION"), "/bookings/")
	if ev.Method != wantMethod || hasManage != (c.ManageURL != "") || (c.ManageURL != "" && !strings.Contains(ev.get("DESCRIPTION"), c.ManageURL)) {
		t.Errorf("%s invite: method %s, description %q (manage link %q)", kind, ev.Method, ev.get("DESCRIPTION"), c.ManageURL)
	}
	return c
}

// clearInviteDir makes CONFER_ICS_DIR (default tmp/ics at the repository root) and
// removes the invites and manifest an earlier run wrote, so a run that fails leaves none
// behind for the frontend test to pass on.
func clearInviteDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CONFER_ICS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "tmp", "ics")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.ics"))
	for _, f := range append(old, filepath.Join(dir, "manifest.json")) {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	return dir
}

// writeInviteCases writes the invites and manifest.json for the frontend's ical.js test;
// the manifest goes last, so a reader never sees a manifest naming files not yet there.
func writeInviteCases(t *testing.T, dir string, cases []inviteCase) {
	t.Helper()
	for i := range cases {
		cases[i].File = fmt.Sprintf("%02d-%s.ics", i+1, cases[i].Kind)
		if err := os.WriteFile(filepath.Join(dir, cases[i].File), cases[i].content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	manifest, err := json.MarshalIndent(map[string]any{"written_by": "server.TestInviteNamesRoundTrip", "invites": cases}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d invites to %s", len(cases), dir)
}

// TestInviteKeepsItsOrganizer: a booking's invites keep the ORGANIZER of the first one
// after CONFER_MAIL_FROM changes (a restart with a new sender), so calendars accept the
// update and the cancellation; a booking made after the change gets the new sender.
func TestInviteKeepsItsOrganizer(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.MailFrom = "North Moor Engagement <engage@north-moor.example>" })
	f := newSessionFixture(e, 5, nil)
	other := f.addSlot(f.startsAt.Add(48*time.Hour), 5)
	_, b := f.book(f.slot.ID, person(1))
	first := inviteOf(t, e.waitForMailsWith(b.Email, 1)[0])
	e.srv.Shutdown(5 * time.Second)

	srv := restartOn(t, e.store, func(c *web.Config) { c.MailFrom = "Confer Bookings <bookings@confer.example>" })
	e.srv, e.URL = srv, srv.Cfg.BaseURL
	if r := e.do("POST", "/api/v1/bookings/"+b.ManageToken+"/move", map[string]any{"slot_id": other.ID}); r.Status != 200 {
		t.Fatalf("move: %s", r)
	}
	if r := e.do("POST", "/api/v1/bookings/"+b.ManageToken+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel: %s", r)
	}
	_, later := f.book(f.slot.ID, person(2))
	msgs := e.waitForMailsWith(b.Email, 3)
	for i, m := range append(msgs, e.waitForMailsWith(later.Email, 1)...) {
		ev := inviteOf(t, m)
		o := ev.Props["ORGANIZER"]
		want := [2]string{"North Moor Engagement", "mailto:engage@north-moor.example"}
		if i == 3 {
			want = [2]string{"Confer Bookings", "mailto:bookings@confer.example"}
		}
		if o.Params["CN"] != want[0] || o.Value != want[1] {
			t.Errorf("invite %d (%s, %s): organizer %q %q, want %q", i, m.Category, ev.Method, o.Params["CN"], o.Value, want)
		}
	}
	if first.Props["ORGANIZER"].Params["CN"] != "North Moor Engagement" {
		t.Fatalf("first invite's organizer is not the configured sender's name: %+v", first.Props["ORGANIZER"])
	}
}

// TestInviteThroughSendGrid: through SendGrid the invite travels as content[] after
// text/plain and text/html ("text/calendar; method=REQUEST", which SendGrid sends inside
// multipart/alternative, where Outlook looks for a meeting request) and again as an
// invite.ics attachment whose type has no parameters (SendGrid refuses ';' there).
func TestInviteThroughSendGrid(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.MailFrom = `"Jane \"JJ\" Smith, Comms" <comms@trust.example>` })
	f := newSessionFixture(e, 5, nil)
	_, b := f.book(f.slot.ID, person(1, "name", "Zoë O'Brien"))
	waitFor(t, func() bool { return fake.MessagesTo(b.Email) == 1 })
	if r := e.do("POST", "/api/v1/bookings/"+b.ManageToken+"/cancel", nil); r.Status != 200 {
		t.Fatalf("cancel: %s", r)
	}
	waitFor(t, func() bool { return fake.MessagesTo(b.Email) == 2 })
	var methods []string
	for _, req := range fake.Accepted() {
		m := req.Mail
		var types []string
		for _, c := range m.Content {
			types = append(types, c.Type)
		}
		if len(m.Content) != 3 || len(m.Attachments) != 1 {
			t.Fatalf("content %v, %d attachments", types, len(m.Attachments))
		}
		ev := parseICS(t, []byte(m.Content[2].Value))
		methods = append(methods, ev.Method)
		a := m.Attachments[0]
		raw, err := base64.StdEncoding.DecodeString(a.Content)
		if fmt.Sprint(types) != fmt.Sprint([]string{"text/plain", "text/html", "text/calendar; method=" + ev.Method}) ||
			err != nil || string(raw) != m.Content[2].Value || a.Type != "text/calendar" || a.Filename != "invite.ics" || a.Disposition != "attachment" {
			t.Fatalf("content %v; attachment %s %s %s, same calendar: %v", types, a.Type, a.Filename, a.Disposition, string(raw) == m.Content[2].Value)
		}
		if at, o := ev.Props["ATTENDEE"], ev.Props["ORGANIZER"]; at.Params["CN"] != "Zoë O'Brien" || o.Params["CN"] != `Jane "JJ" Smith, Comms` || o.Value != "mailto:comms@trust.example" {
			t.Fatalf("attendee %+v organizer %+v", at, o)
		}
	}
	sort.Strings(methods)
	if fmt.Sprint(methods) != "[CANCEL REQUEST]" {
		t.Fatalf("methods %v", methods)
	}
}

// TestConfigRefusesABadMailFrom: a sender that is not an address fails start-up with one
// line, rather than invites going out from confer@localhost.
func TestConfigRefusesABadMailFrom(t *testing.T) {
	t.Parallel()
	for from, ok := range map[string]bool{`Jane "JJ" Smith, Comms <comms@trust.example>`: false, "not an address": false,
		`"Smith, Jane" <jane@trust.example>`: true, "engage@trust.example": true} {
		_, err := web.LoadConfig(func(k string) string { return map[string]string{"CONFER_MAIL_FROM": from}[k] })
		if (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), "CONFER_MAIL_FROM")) {
			t.Errorf("%q: %v", from, err)
		}
	}
}

// waitFor polls cond for up to ten seconds (mail is sent in the background).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
