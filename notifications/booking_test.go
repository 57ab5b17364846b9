package notifications_test

import (
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
)

// Monday 7 December 2026, 2:30pm to 3:30pm in London (GMT).
var (
	slotStart = time.Date(2026, 12, 7, 14, 30, 0, 0, time.UTC)
	composed  = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
)

// bookingMail is a booking on an online session with a manage link and an organiser.
func bookingMail(kind string) notifications.BookingMail {
	return notifications.BookingMail{Kind: kind,
		Booking: booking.Booking{Name: "Ann Jones", Email: "ann@ward.example.nhs.uk", Position: 2,
			CalendarUID: "uid-1@confer", CalendarSeq: 3, PreviousStatus: booking.StatusConfirmed},
		Slot: &booking.Slot{StartsAt: slotStart, EndsAt: slotStart.Add(time.Hour), Capacity: 10, Confirmed: 10},
		Session: &booking.EngagementSession{Title: "Discharge planning", Description: "Bring your questions.",
			Format: "virtual", MeetingURL: "https://meet.example/abc"},
		ManageURL: "https://confer.example/bookings/tok", Organizer: notifications.Party{Name: "Care programme", Email: "care@nhs.example"},
		Now: composed}
}

// icsProps reads a calendar as a client would: lines end in CRLF, a line starting with a
// space continues the one before; each property maps to its (still escaped) value, and
// its parameters are kept in name+";"+params for the ones a test needs.
func icsProps(t *testing.T, raw string) map[string]string {
	t.Helper()
	if !strings.HasSuffix(raw, "\r\n") || strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
		t.Fatalf("invite lines do not all end in CRLF:\n%q", raw)
	}
	props := map[string]string{}
	inEvent := false
	for _, line := range strings.Split(strings.ReplaceAll(strings.TrimSuffix(raw, "\r\n"), "\r\n ", ""), "\r\n") {
		head, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("no colon in %q", line)
		}
		name, params, _ := strings.Cut(head, ";")
		switch {
		case line == "BEGIN:VEVENT":
			inEvent = true
		case line == "END:VEVENT":
			inEvent = false
		case name == "METHOD" || (inEvent && name != "BEGIN" && name != "END"):
			props[name] = value
			if params != "" {
				props[name+";"] = params
			}
		}
	}
	return props
}

// invite checks that a message carries one invite both ways, the alternative saying the
// method the calendar does, and returns its properties.
func invite(t *testing.T, m *notifications.Message) map[string]string {
	t.Helper()
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "invite.ics" || m.Attachments[0].ContentType != "text/calendar" {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	ics := string(m.Attachments[0].Content)
	p := icsProps(t, ics)
	if len(m.Alternatives) != 1 || m.Alternatives[0].ContentType != "text/calendar; method="+p["METHOD"] ||
		m.Alternatives[0].Content != ics {
		t.Fatalf("alternatives = %+v", m.Alternatives)
	}
	return p
}

// TestBookingKindChoosesInvite: a place gained or moved is a REQUEST, a lost place a
// CANCEL, and waiting lists, reminders and a cancelled place on a waiting list carry none.
func TestBookingKindChoosesInvite(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, previous, method, calendarLine string
	}{
		{notifications.BookingConfirmed, "", "REQUEST", "adds the event to"},
		{notifications.BookingPromoted, "", "REQUEST", "adds the event to"},
		{notifications.BookingMoved, booking.StatusConfirmed, "REQUEST", "adds the event to"},
		{notifications.BookingRescheduled, booking.StatusConfirmed, "REQUEST", "updates the event in"},
		{notifications.BookingCancelled, booking.StatusConfirmed, "CANCEL", "removes the event from"},
		{notifications.BookingSlotCancelled, booking.StatusWaitlisted, "CANCEL", "removes the event from"},
		{notifications.BookingCancelled, booking.StatusWaitlisted, "", ""},
		{notifications.BookingWaitlisted, "", "", ""},
		{notifications.BookingReminder, "", "", ""},
	} {
		bm := bookingMail(c.kind)
		bm.Booking.PreviousStatus = c.previous
		if got := bm.Method(); got != c.method {
			t.Errorf("%s after %q: Method = %q, want %q", c.kind, c.previous, got, c.method)
		}
		m, err := emails.BookingMessage(bm)
		if err != nil {
			t.Fatal(err)
		}
		if m.To != "ann@ward.example.nhs.uk" || m.ToName != "Ann Jones" || len(m.Categories) != 1 || m.Categories[0] != "booking-"+c.kind {
			t.Errorf("%s: to %q %q, categories %v", c.kind, m.To, m.ToName, m.Categories)
		}
		if c.method == "" {
			if len(m.Attachments)+len(m.Alternatives) != 0 || strings.Contains(m.Text, "calendar file") {
				t.Errorf("%s after %q carries an invite: %+v\n%s", c.kind, c.previous, m.Attachments, m.Text)
			}
			continue
		}
		p := invite(t, m)
		if p["METHOD"] != c.method || p["UID"] != "uid-1@confer" || p["SEQUENCE"] != "3" ||
			p["DTSTART"] != "20261207T143000Z" || p["DTEND"] != "20261207T153000Z" || p["DTSTAMP"] != "20261201T090000Z" ||
			p["ORGANIZER"] != "mailto:care@nhs.example" || p["ORGANIZER;"] != "CN=Care programme" ||
			p["ATTENDEE"] != "mailto:ann@ward.example.nhs.uk" {
			t.Errorf("%s invite: %v", c.kind, p)
		}
		if want := map[string]string{"REQUEST": "CONFIRMED", "CANCEL": "CANCELLED"}[c.method]; p["STATUS"] != want {
			t.Errorf("%s: STATUS %q, want %q", c.kind, p["STATUS"], want)
		}
		if !strings.Contains(m.Text, "The attached calendar file "+c.calendarLine+" your calendar.") {
			t.Errorf("%s text lacks the calendar line:\n%s", c.kind, m.Text)
		}
	}
}

// TestBookingMailFields: the meeting link only in a mail about an online place that
// stands and is not waiting, the manage link only while the booking stands, the
// location for an in-person session; the invite's notes follow the same rules.
func TestBookingMailFields(t *testing.T) {
	t.Parallel()
	join, manage := "Join online: https://meet.example/abc", "https://confer.example/bookings/tok"
	for _, c := range []struct {
		kind      string
		has, lack []string
	}{
		{notifications.BookingConfirmed, []string{"Booked: Discharge planning, Mon 7 Dec 2026 at 14:30",
			`You are booked on "Discharge planning".`, "When: Mon 7 Dec 2026 at 14:30 to 15:30 (UK time)", join, manage}, nil},
		{notifications.BookingReminder, []string{"Reminder: Discharge planning tomorrow", join, manage}, nil},
		{notifications.BookingRescheduled, []string{"New time: Discharge planning, now Mon 7 Dec 2026 at 14:30",
			`The organisers have moved "Discharge planning" to a new time`, "Your session has a new time", "choose another time or cancel", join, manage}, nil},
		{notifications.BookingWaitlisted, []string{"waiting list: number 2", manage}, []string{join, "held for"}},
		{notifications.BookingCancelled, []string{"is cancelled"}, []string{join, manage, "private link"}},
		{notifications.BookingSlotCancelled, []string{"the organisers have cancelled"}, []string{join, manage, "private link"}},
	} {
		m, err := emails.BookingMessage(bookingMail(c.kind))
		if err != nil {
			t.Fatal(err)
		}
		all := m.Subject + "\n" + m.Text + "\n" + m.HTML
		for _, want := range c.has {
			if !strings.Contains(all, want) {
				t.Errorf("%s lacks %q:\n%s\n%s", c.kind, want, m.Subject, m.Text)
			}
		}
		for _, bad := range c.lack {
			if strings.Contains(all, bad) {
				t.Errorf("%s has %q:\n%s", c.kind, bad, m.Text)
			}
		}
	}

	cancel := bookingMail(notifications.BookingCancelled)
	m, err := emails.BookingMessage(cancel)
	if err != nil {
		t.Fatal(err)
	}
	if p := invite(t, m); p["DESCRIPTION"] != `Bring your questions.` || p["LOCATION"] != `Online: https://meet.example/abc` {
		t.Errorf("a cancelled invite's notes keep only the description: %v", p)
	}

	noLink := bookingMail(notifications.BookingPromoted)
	noLink.ManageURL = ""
	if m, err = emails.BookingMessage(noLink); err != nil {
		t.Fatal(err)
	}
	p := invite(t, m)
	if !strings.Contains(m.Text, "use the private link in the first email we sent you") ||
		!strings.Contains(p["DESCRIPTION"], `Join online: https://meet.example/abc\n\nTo move or cancel\, use the private link in the first email`) ||
		p["URL"] != "https://meet.example/abc" {
		t.Errorf("a promotion without a link:\n%s\n%v", m.Text, p)
	}

	inPerson := bookingMail(notifications.BookingConfirmed)
	inPerson.Session.Format, inPerson.Session.Location = "in_person", "Room 4, Moor House"
	if m, err = emails.BookingMessage(inPerson); err != nil {
		t.Fatal(err)
	}
	p = invite(t, m)
	if !strings.Contains(m.Text, "Where: Room 4, Moor House") || strings.Contains(m.Text, "Join online") ||
		p["LOCATION"] != `Room 4\, Moor House` || p["URL"] != "" ||
		p["DESCRIPTION"] != `Bring your questions.\n\nTo move or cancel your booking\, use your private link (do not share it):\nhttps://confer.example/bookings/tok` {
		t.Errorf("in person:\n%s\n%v", m.Text, p)
	}
}

// TestBookingWaitingBehindHeld: a waiting-list mail names who the held places are for
// and until when, only while places are held, some are free and the booker does not
// qualify for them.
func TestBookingWaitingBehindHeld(t *testing.T) {
	t.Parallel()
	until := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	held := func(edit func(*notifications.BookingMail)) notifications.BookingMail {
		bm := bookingMail(notifications.BookingWaitlisted)
		bm.Session.ReservedShare, bm.Session.ReservedUntil, bm.Slot.Confirmed = 2, &until, 8
		bm.HeldFor = "nurses in North Moor"
		edit(&bm)
		return bm
	}
	for name, c := range map[string]struct {
		bm   notifications.BookingMail
		want bool
	}{
		"held":           {held(func(*notifications.BookingMail) {}), true},
		"qualifies":      {held(func(b *notifications.BookingMail) { b.Booking.ReserveQualified = true }), false},
		"released":       {held(func(b *notifications.BookingMail) { b.Now = until }), false},
		"full":           {held(func(b *notifications.BookingMail) { b.Slot.Confirmed = 10 }), false},
		"not a waitlist": {held(func(b *notifications.BookingMail) { b.Kind = notifications.BookingConfirmed }), false},
	} {
		if got := c.bm.WaitingBehindHeld(); got != c.want {
			t.Errorf("%s: WaitingBehindHeld = %v", name, got)
		}
		m, err := emails.BookingMessage(c.bm)
		if err != nil {
			t.Fatal(err)
		}
		says := strings.Contains(m.Text, "are held for nurses in North Moor until Fri 4 Dec 2026 at 12:00, so you are on its waiting list: number 2")
		if says != c.want {
			t.Errorf("%s: mentions held places %v, want %v:\n%s", name, says, c.want, m.Text)
		}
	}
}

// TestBookingCalendarFile: the download is a PUBLISH copy with the manage link and no
// attendee (RFC 5546).
func TestBookingCalendarFile(t *testing.T) {
	t.Parallel()
	bm := bookingMail("")
	p := icsProps(t, string(bm.Invite(notifications.MethodPublish).ICS()))
	if p["METHOD"] != "PUBLISH" || p["ATTENDEE"] != "" || p["STATUS"] != "CONFIRMED" || p["UID"] != "uid-1@confer" ||
		!strings.HasSuffix(p["DESCRIPTION"], `(do not share it):\nhttps://confer.example/bookings/tok`) {
		t.Errorf("download: %v", p)
	}
}

// TestBookingConfirmMessage: the confirm request carries the confirm and manage links,
// never the meeting link; a promotion without links points to the first email.
func TestBookingConfirmMessage(t *testing.T) {
	t.Parallel()
	by := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	bm := bookingMail("")
	req := notifications.BookingConfirm{Kind: "pending", ConfirmURL: "https://confer.example/bookings/confirm/c1",
		ManageURL: "https://confer.example/bookings/m1", Booking: bm.Booking}
	req.Booking.Slot, req.Booking.Session, req.Booking.ConfirmBy = bm.Slot, bm.Session, &by
	m, err := emails.BookingConfirmMessage(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`We are holding a place for you on "Discharge planning".`,
		"by Wed 2 Dec 2026 at 00:00 (UK time)", "Confirm your booking:\nhttps://confer.example/bookings/confirm/c1",
		"How to join: we send the joining link once you have confirmed.", "https://confer.example/bookings/m1"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("confirm lacks %q:\n%s", want, m.Text)
		}
	}
	if m.Subject != "Confirm your booking: Discharge planning, Mon 7 Dec 2026 at 14:30" ||
		strings.Contains(m.Text+m.HTML, "meet.example") || len(m.Attachments) != 0 || m.Categories[0] != "booking-confirm" {
		t.Errorf("confirm: %q %v\n%s", m.Subject, m.Categories, m.Text)
	}
	req.Kind, req.ConfirmURL, req.ManageURL = "promoted", "", ""
	if m, err = emails.BookingConfirmMessage(req); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Subject, "Confirm your place: ") || !strings.Contains(m.Text, "Use the confirm link in the first email") ||
		strings.Contains(m.Text, "bookings/") {
		t.Errorf("promoted confirm: %q\n%s", m.Subject, m.Text)
	}
}

// TestBookingLinksMessage: one line per booking with its status, the greeting from the
// last booking's name, and a plural subject.
func TestBookingLinksMessage(t *testing.T) {
	t.Parallel()
	sess := &booking.EngagementSession{Title: "Discharge planning"}
	links := []notifications.BookingLink{
		{Booking: booking.Booking{Name: "A Jones", Status: booking.StatusConfirmed, StartsAt: slotStart, Session: sess}, ManageURL: "https://c.example/bookings/1"},
		{Booking: booking.Booking{Name: "Ann Jones", Status: booking.StatusWaitlisted, StartsAt: slotStart.Add(24 * time.Hour), Session: sess}, ManageURL: "https://c.example/bookings/2"},
	}
	m, err := emails.BookingLinksMessage("ann@ward.example.nhs.uk", links)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hello Ann Jones,", "new private links to your 2 bookings",
		"Discharge planning\nMon 7 Dec 2026 at 14:30 (UK time)\nhttps://c.example/bookings/1\n",
		"Tue 8 Dec 2026 at 14:30 (UK time), on the waiting list\nhttps://c.example/bookings/2"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("links lack %q:\n%s", want, m.Text)
		}
	}
	if m.Subject != "Your booking links" || m.To != "ann@ward.example.nhs.uk" || m.Categories[0] != "booking-links" {
		t.Errorf("links: %q %q %v", m.Subject, m.To, m.Categories)
	}
}

// TestSessionMessage: a facilitator's words arrive trimmed, under their subject, naming
// the session and its time.
func TestSessionMessage(t *testing.T) {
	t.Parallel()
	bm := bookingMail("")
	m, err := emails.SessionMessage(notifications.SessionNote{Subject: "  Room change ", Message: "\nWe are in room 5.\n",
		Booking: bm.Booking, Slot: &booking.Slot{StartsAt: slotStart, Session: bm.Session}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Room change" || m.Categories[0] != "slot-message" ||
		!strings.Contains(m.Text, "A message from the organisers of \"Discharge planning\" (Mon 7 Dec 2026 at 14:30, UK time):\n\nWe are in room 5.\n") {
		t.Errorf("message: %q %v\n%s", m.Subject, m.Categories, m.Text)
	}
}
