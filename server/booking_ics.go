package server

import (
	"net/mail"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/confer-nhs/confer/models"
)

// inviteMethod is the iTIP method of a calendar attachment: REQUEST adds or updates the
// event in the attendee's calendar, CANCEL removes it.
type inviteMethod = ics.Method

// bookingInvite renders a booking as an RFC 5545 calendar (RFC 5546 iTIP): one VEVENT with
// the booking's stable UID and current SEQUENCE, times in UTC, and the Europe/London zone
// the participant reads them in. Outlook and Google match later updates by UID and take
// the highest SEQUENCE.
func (s *Server) bookingInvite(b *models.Booking, slot *models.Slot, sess *models.EngagementSession, method inviteMethod) []byte {
	cal := ics.NewCalendarFor("Confer")
	cal.SetProductId("-//Confer//Engagement sessions//EN")
	cal.SetMethod(method)
	cal.SetCalscale("GREGORIAN")
	cal.SetXWRTimezone("Europe/London")
	cal.AddVTimezone(londonZone())
	ev := cal.AddEvent(b.CalendarUID)
	ev.SetDtStampTime(time.Now().UTC())
	ev.SetSequence(b.CalendarSeq)
	ev.SetStartAt(slot.StartsAt)
	ev.SetEndAt(slot.EndsAt)
	ev.SetSummary(noCR(sess.Title))
	desc := noCR(sess.Description)
	if sess.Format == "virtual" && sess.MeetingURL != "" {
		ev.SetLocation("Online: " + sess.MeetingURL)
		ev.SetURL(sess.MeetingURL)
		desc = strings.TrimSpace(desc + "\n\nJoin online: " + sess.MeetingURL)
	} else if sess.Location != "" {
		ev.SetLocation(noCR(sess.Location))
	}
	if desc != "" {
		ev.SetDescription(desc)
	}
	ev.SetOrganizer("mailto:"+s.mailFromAddress(), ics.WithCN("Confer"))
	ev.AddAttendee("mailto:"+b.Email, ics.WithCN(b.Name), ics.ParticipationRoleReqParticipant,
		ics.ParticipationStatusAccepted, ics.WithRSVP(false))
	if method == ics.MethodCancel {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	return []byte(cal.Serialize())
}

// noCR drops carriage returns, which the library does not escape and which would end a
// content line early; line feeds are escaped as \n.
func noCR(s string) string { return strings.ReplaceAll(s, "\r", "") }

// londonZone describes Europe/London since 1996 (EU rules: last Sunday of March and
// October at 01:00 UTC), for clients that show times in the zone the invite names.
func londonZone() *ics.VTimezone {
	tz := ics.NewTimezone("Europe/London")
	std := tz.AddStandard()
	std.SetProperty(ics.ComponentPropertyDtStart, "19961027T020000")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0100")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0000")
	std.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "GMT")
	std.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	day := &ics.Daylight{}
	day.SetProperty(ics.ComponentPropertyDtStart, "19810329T010000")
	day.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0000")
	day.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0100")
	day.SetProperty(ics.ComponentProperty(ics.PropertyTzname), "BST")
	day.SetProperty(ics.ComponentPropertyRrule, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	tz.Components = append(tz.Components, day)
	return tz
}

// mailFromAddress is the bare address of CONFER_MAIL_FROM, the invite's organiser.
func (s *Server) mailFromAddress() string {
	if a, err := mail.ParseAddress(s.cfg.MailFrom); err == nil {
		return a.Address
	}
	return "confer@localhost"
}
