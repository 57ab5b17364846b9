package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBookingCalendarFile: the "Add to Apple calendar" download of a confirmed booking is
// a PUBLISH event with the emailed invite's UID, the meeting link and the manage link in
// its description, and no ATTENDEE; a held place (confirm to keep) has none, since its
// meeting link must reach only the mailbox. The file is also written beside the invites
// (CONFER_ICS_DIR/download) for frontend/src/bookings/invites.test.ts to read with ical.js.
func TestBookingCalendarFile(t *testing.T) {
	e := newTestEnv(t)
	f := newSessionFixture(e, 5, map[string]any{"title": "Safety, EPR; and \"you\""})
	_, b := f.book(f.slot.ID, person(1, "name", "Zoë O'Brien"))
	invite := e.mailWithSubject(b.Email, "Booked:")
	r := e.do("GET", "/api/v1/bookings/"+b.ManageToken+"/calendar.ics", nil)
	ics := string(r.Body)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("calendar file: %s %v", r, r.Header)
	}
	unfolded := strings.ReplaceAll(ics, "\r\n ", "")
	var uid string
	for _, l := range strings.Split(string(invite.Attachments[0].Content), "\r\n") {
		if strings.HasPrefix(l, "UID:") {
			uid = l
		}
	}
	manage := e.URL + "/bookings/" + b.ManageToken
	for _, want := range []string{"METHOD:PUBLISH", uid, "Join online: https://teams.example/meet/123", manage, `SUMMARY:Safety\, EPR\; and "you"`} {
		if uid == "" || !strings.Contains(unfolded, want) {
			t.Errorf("calendar file lacks %q:\n%s", want, ics)
		}
	}
	if strings.Contains(ics, "ATTENDEE") {
		t.Errorf("a PUBLISH event names an attendee:\n%s", ics)
	}
	writeDownloadCase(t, []byte(ics), map[string]any{"uid": strings.TrimPrefix(uid, "UID:"), "summary": `Safety, EPR; and "you"`, "manage_url": manage})

	keep := newSessionFixture(e, 5, map[string]any{"title": "Confirm first", "confirm_to_keep": true})
	_, held := keep.book(keep.slot.ID, person(2))
	e.run([]scenario{
		{name: "held place", method: "GET", url: "/api/v1/bookings/" + held.ManageToken + "/calendar.ics", status: 409, notContains: []string{"teams.example"}},
		{name: "wrong token", method: "GET", url: "/api/v1/bookings/bk_notarealtokenatall/calendar.ics", status: 404},
	})
}

// writeDownloadCase writes the download and what it must say to CONFER_ICS_DIR/download.
func writeDownloadCase(t *testing.T, ics []byte, want map[string]any) {
	t.Helper()
	dir := os.Getenv("CONFER_ICS_DIR")
	if dir == "" {
		dir = filepath.Join("..", "tmp", "ics")
	}
	dir = filepath.Join(dir, "download")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	want["file"] = "booking.ics"
	data, _ := json.Marshal(want)
	if err := os.WriteFile(filepath.Join(dir, "booking.ics"), ics, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
