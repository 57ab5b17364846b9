package booking

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
)

// Kinds of booking email; each is a branch of notifications/templates/booking.*.
const (
	mailConfirmed     = "confirmed"
	mailWaitlisted    = "waitlisted"
	mailPromoted      = "promoted"
	mailMoved         = "moved"
	mailCancelled     = "cancelled"
	mailSlotCancelled = "slot_cancelled"
	mailReminder      = "reminder"
)

// bookingMailData is the data of the "booking" email.
type bookingMailData struct {
	Kind, Name, Title, When, Until, MeetingURL, Location, ManageURL string
	HeldFor, HeldUntil                                              string // waitlisted while places are held for others
	Position                                                        int
	Active, HasInvite                                               bool
}

// manageURL is the private link to a booking's manage page.
func (s *Area) ManageURL(raw string) string { return s.Cfg.BaseURL + "/bookings/" + raw }

// mailBooking sends one booking email off the request path. manageRaw is the booking's
// raw manage token when the caller has it (booking, moving); it goes only into the mail.
// Without it, a mail about a booking that still stands gets a newly issued link.
func (s *Area) mailBooking(kind string, b models.Booking, slot *models.Slot, sess *models.EngagementSession, manageRaw string) {
	s.Background("booking-mail", func(ctx context.Context) error {
		return s.sendBookingMail(ctx, kind, &b, slot, sess, manageRaw)
	})
}

func (s *Area) sendBookingMail(ctx context.Context, kind string, b *models.Booking, slot *models.Slot, sess *models.EngagementSession, manageRaw string) error {
	d := bookingMailData{Kind: kind, Name: b.Name, Title: sess.Title, When: models.LondonTime(slot.StartsAt),
		Until: slot.EndsAt.In(models.London()).Format("15:04"), Position: b.Position,
		Active: kind != mailCancelled && kind != mailSlotCancelled}
	if sess.Format == "in_person" {
		d.Location = sess.Location
	} else if kind != mailWaitlisted && d.Active {
		d.MeetingURL = sess.MeetingURL
	}
	if kind == mailWaitlisted && !b.ReserveQualified && sess.HeldShare(time.Now()) > 0 && slot.Remaining() > 0 {
		d.HeldFor, d.HeldUntil = s.heldFor(ctx, sess), models.LondonTime(*sess.ReservedUntil)
	}
	if manageRaw == "" && d.Active { // only the hash of the first link is kept: issue another
		raw, err := s.Store.IssueManageLink(ctx, b.ID)
		if err != nil {
			return err
		}
		manageRaw = raw
	}
	if manageRaw != "" && d.Active {
		d.ManageURL = s.ManageURL(manageRaw)
	}
	var method string
	switch {
	case kind == mailConfirmed || kind == mailPromoted || kind == mailMoved:
		method = notifications.MethodRequest
	case (kind == mailCancelled && b.PreviousStatus == models.StatusConfirmed) || kind == mailSlotCancelled:
		method = notifications.MethodCancel
	}
	d.HasInvite = method != ""
	m, err := s.Emails.NewMessage("booking", b.Email, b.Name, d)
	if err != nil {
		return err
	}
	m.Categories = []string{"booking-" + kind}
	if d.HasInvite {
		inv, err := s.bookingInvite(ctx, b, slot, sess, method, d.ManageURL)
		if err != nil {
			return err
		}
		inv.Attach(m)
	}
	return s.Mail.Send(ctx, m)
}

// mailPromoted tells each person promoted from a waitlist that they now have a place.
func (s *Area) mailPromoted(promoted []models.Booking) {
	for _, p := range promoted {
		if p.Status == models.StatusPending { // not confirmed from its mailbox: no joining link yet
			s.mailConfirmRequest("promoted", p, "", "")
			continue
		}
		if p.Slot != nil && p.Session != nil {
			s.mailBooking(mailPromoted, p, p.Slot, p.Session, "")
		}
	}
}

// heldFor names who a session's held places are for, for an email ("the people they are
// held for" if the names cannot be read).
func (s *Area) heldFor(ctx context.Context, sess *models.EngagementSession) string {
	who, err := s.Store.ReservationWho(ctx, sess)
	if err != nil {
		return "the people they are held for"
	}
	return who
}
