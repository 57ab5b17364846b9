package notifications

import (
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
)

// Kinds of booking email; each is a branch of templates/booking.*.
const (
	BookingConfirmed     = "confirmed"
	BookingWaitlisted    = "waitlisted"
	BookingPromoted      = "promoted"
	BookingMoved         = "moved"
	BookingRescheduled   = "rescheduled" // the organisers moved the slot (its milestone moved)
	BookingCancelled     = "cancelled"
	BookingSlotCancelled = "slot_cancelled"
	BookingReminder      = "reminder"
)

// BookingMail is what a booking email is made of, as plain data the HTTP layer has
// already looked up: the booking with its slot and session, and the few things only the
// store knows (a manage link, who held places are for, the invite's organiser). Which of
// them go into the email, and whether a calendar invite goes with it, is decided here.
type BookingMail struct {
	Kind    string // one of the Booking… kinds
	Booking booking.Booking
	Slot    *booking.Slot
	Session *booking.EngagementSession
	// ManageURL is the booking's private manage link; "" sends the "use the link in the
	// first email" line instead. It goes only into a mail about a booking that stands.
	ManageURL string
	// HeldFor names who the session's held places are for; read only when
	// WaitingBehindHeld says the email mentions them.
	HeldFor string
	// Organizer is who the invite comes from; needed only when Method is not "".
	Organizer Party
	// Now is when the mail is composed: the invite's DTSTAMP and the moment held places
	// are judged at. Zero means time.Now().
	Now time.Time
}

// bookingData is the data of the "booking" email.
type bookingData struct {
	Kind, Name, Title, When, Until, MeetingURL, Location, ManageURL string
	HeldFor, HeldUntil                                              string // waitlisted while places are held for others
	Position                                                        int
	Active, HasInvite                                               bool
	// Status is the booking's status: a rescheduled mail to someone waiting for a place
	// or yet to confirm their address says so, and ConfirmBy (UK time) is their deadline.
	Status, ConfirmBy string
}

// now is m.Now, or the current time when it is unset.
func (m BookingMail) now() time.Time {
	if m.Now.IsZero() {
		return time.Now()
	}
	return m.Now
}

// Active says whether the email is about a booking that still stands (not a cancellation):
// only such an email carries the manage link and the meeting link.
func (m BookingMail) Active() bool {
	return m.Kind != BookingCancelled && m.Kind != BookingSlotCancelled
}

// withoutPlace says the booking holds no confirmed place: it waits on the list, or its
// holder has not yet confirmed their address. Such a booking was never sent an invite.
func (m BookingMail) withoutPlace() bool {
	return m.Booking.Status == booking.StatusWaitlisted || m.Booking.Status == booking.StatusPending
}

// Method is the iTIP method of the email's calendar invite, or "" when it has none: a
// place gained, moved or rescheduled is a REQUEST; a cancelled booking that had a place, or a
// cancelled slot, is a CANCEL. Waiting lists and reminders carry no invite, nor does the
// news of a new time to someone without a confirmed place (they never had an invite).
func (m BookingMail) Method() string {
	switch {
	case m.Kind == BookingRescheduled && m.withoutPlace():
		return ""
	case m.Kind == BookingConfirmed || m.Kind == BookingPromoted || m.Kind == BookingMoved || m.Kind == BookingRescheduled:
		return MethodRequest
	case (m.Kind == BookingCancelled && m.Booking.PreviousStatus == booking.StatusConfirmed) || m.Kind == BookingSlotCancelled:
		return MethodCancel
	}
	return ""
}

// WaitingBehindHeld says whether a waiting-list email explains that the places left are
// held for others (so the caller looks up HeldFor): the booker does not qualify for them,
// some are still held, and some are free.
func (m BookingMail) WaitingBehindHeld() bool {
	return m.Kind == BookingWaitlisted && !m.Booking.ReserveQualified &&
		m.Session.HeldShare(m.now()) > 0 && m.Slot.Remaining() > 0
}

// BookingMessage composes a booking email to the booker: the "booking" template with
// the fields its kind allows (the meeting link only for an online place that stands and
// is not waiting; the location for an in-person session), and the calendar invite when
// Method says there is one.
func (r Renderer) BookingMessage(m BookingMail) (*Message, error) {
	b, slot, sess := &m.Booking, m.Slot, m.Session
	d := bookingData{Kind: m.Kind, Name: b.Name, Title: sess.Title, When: models.LondonTime(slot.StartsAt),
		Until: slot.EndsAt.In(models.London()).Format("15:04"), Position: b.Position, Active: m.Active(), Status: b.Status}
	if b.ConfirmBy != nil {
		d.ConfirmBy = models.LondonTime(*b.ConfirmBy)
	}
	if sess.Format == "in_person" {
		d.Location = sess.Location
	} else if m.Kind != BookingWaitlisted && d.Active && !m.withoutPlace() {
		d.MeetingURL = sess.MeetingURL
	}
	if m.WaitingBehindHeld() {
		d.HeldFor, d.HeldUntil = m.HeldFor, models.LondonTime(*sess.ReservedUntil)
	}
	if d.Active {
		d.ManageURL = m.ManageURL
	}
	method := m.Method()
	d.HasInvite = method != ""
	msg, err := r.NewMessage("booking", b.Email, b.Name, d)
	if err != nil {
		return nil, err
	}
	msg.Categories = []string{"booking-" + m.Kind}
	if d.HasInvite {
		m.ManageURL = d.ManageURL
		m.Invite(method).Attach(msg)
	}
	return msg, nil
}

// Invite is the booking's calendar event (RFC 5546 iTIP) with its stable UID and current
// SEQUENCE, sent as method: with a booking email, or as the PUBLISH file people download
// to add it to their calendar. The description carries the manage link when there is
// one, so people can move or cancel from their calendar.
func (m BookingMail) Invite(method string) *Invite {
	b, slot, sess := &m.Booking, m.Slot, m.Session
	inv := &Invite{Method: method, UID: b.CalendarUID, Sequence: b.CalendarSeq, Stamp: m.now().UTC(),
		Start: slot.StartsAt, End: slot.EndsAt, Summary: sess.Title, Organizer: m.Organizer,
		Attendee: Party{Name: b.Name, Email: b.Email}}
	desc := []string{sess.Description}
	if sess.Format == "virtual" && sess.MeetingURL != "" {
		inv.Location, inv.URL = "Online: "+sess.MeetingURL, sess.MeetingURL
		if method != MethodCancel {
			desc = append(desc, "Join online: "+sess.MeetingURL)
		}
	} else {
		inv.Location = sess.Location
	}
	switch {
	case m.ManageURL != "":
		desc = append(desc, "To move or cancel your booking, use your private link (do not share it):\n"+m.ManageURL)
	case method == MethodRequest:
		desc = append(desc, "To move or cancel, use the private link in the first email we sent you about this booking.")
	}
	inv.Description = joinParagraphs(desc)
	return inv
}

// joinParagraphs joins the non-empty paragraphs with a blank line between them.
func joinParagraphs(ps []string) string {
	out := ps[:0:0]
	for _, p := range ps {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}
