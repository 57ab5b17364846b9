package notifications

import (
	"strconv"
	"time"
)

// iTIP methods (RFC 5546) of a calendar invite: REQUEST adds or updates the event in the
// attendee's calendar, CANCEL removes it, PUBLISH is a copy to save (the "Add to Apple
// calendar" download: it has no ATTENDEE, as RFC 5546 asks of PUBLISH).
const (
	MethodRequest = "REQUEST"
	MethodCancel  = "CANCEL"
	MethodPublish = "PUBLISH"
)

// Party is an invite's organiser or attendee: a display name (may be empty) and an address.
type Party struct{ Name, Email string }

// Invite is one calendar event sent by email, as plain data. Calendars match later
// updates by UID and take the highest Sequence; Organizer must stay the same for the
// event's life, or clients treat an update as coming from a stranger.
type Invite struct {
	Method     string // MethodRequest or MethodCancel
	UID        string
	Sequence   int
	Stamp      time.Time // when this revision was made (DTSTAMP)
	Start, End time.Time
	Summary    string
	// Description is the event's notes: the session's description, the meeting link and
	// the booking's manage link, so people find them from their calendar.
	Description string
	Location    string
	URL         string
	Organizer   Party
	Attendee    Party
}

// ICS renders the invite as an RFC 5545 calendar with one VEVENT, times in UTC, and the
// Europe/London zone the people it is sent to read them in.
func (inv *Invite) ICS() []byte {
	w := &calWriter{}
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//Confer//Engagement sessions//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", inv.Method)
	w.text("X-WR-TIMEZONE", "Europe/London")
	londonZone(w)
	w.prop("BEGIN", "VEVENT")
	w.text("UID", inv.UID)
	w.prop("DTSTAMP", utcStamp(inv.Stamp))
	w.prop("SEQUENCE", strconv.Itoa(inv.Sequence))
	w.prop("DTSTART", utcStamp(inv.Start))
	w.prop("DTEND", utcStamp(inv.End))
	w.text("SUMMARY", inv.Summary)
	if inv.Description != "" {
		w.text("DESCRIPTION", inv.Description)
	}
	if inv.Location != "" {
		w.text("LOCATION", inv.Location)
	}
	if inv.URL != "" {
		w.prop("URL", uriValue(inv.URL))
	}
	w.prop("ORGANIZER", calAddress(inv.Organizer.Email), nameParam(inv.Organizer.Name)...)
	if inv.Method != MethodPublish {
		w.prop("ATTENDEE", calAddress(inv.Attendee.Email), append(nameParam(inv.Attendee.Name),
			calParam{"ROLE", "REQ-PARTICIPANT"}, calParam{"PARTSTAT", "ACCEPTED"}, calParam{"RSVP", "FALSE"})...)
	}
	if inv.Method == MethodCancel {
		w.prop("STATUS", "CANCELLED")
	} else {
		w.prop("STATUS", "CONFIRMED")
	}
	w.prop("END", "VEVENT")
	w.prop("END", "VCALENDAR")
	return w.bytes()
}

// Attach adds the invite to m twice, as Outlook and the others each expect it: as a
// text/calendar alternative to the text and HTML bodies, which Outlook turns into an
// actionable meeting request (MS-OXCMAIL: it must sit in multipart/alternative), and as
// an invite.ics attachment that any client can open or save.
func (inv *Invite) Attach(m *Message) {
	ics := inv.ICS()
	m.Alternatives = append(m.Alternatives, Part{ContentType: "text/calendar; method=" + inv.Method, Content: string(ics)})
	m.Attachments = append(m.Attachments, Attachment{Filename: "invite.ics", ContentType: "text/calendar", Content: ics})
}

// nameParam is the CN parameter of a name, or none for an empty name.
func nameParam(name string) []calParam {
	if name == "" {
		return nil
	}
	return []calParam{{"CN", name}}
}

func utcStamp(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// londonZone describes Europe/London since 1996 (EU rules: last Sunday of March and
// October at 01:00 UTC), for clients that show times in the zone the invite names.
func londonZone(w *calWriter) {
	w.prop("BEGIN", "VTIMEZONE")
	w.prop("TZID", "Europe/London")
	for _, z := range []struct{ kind, start, from, to, name, rule string }{
		{"STANDARD", "19961027T020000", "+0100", "+0000", "GMT", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
		{"DAYLIGHT", "19810329T010000", "+0000", "+0100", "BST", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
	} {
		w.prop("BEGIN", z.kind)
		w.prop("DTSTART", z.start)
		w.prop("TZOFFSETFROM", z.from)
		w.prop("TZOFFSETTO", z.to)
		w.prop("TZNAME", z.name)
		w.prop("RRULE", z.rule)
		w.prop("END", z.kind)
	}
	w.prop("END", "VTIMEZONE")
}
