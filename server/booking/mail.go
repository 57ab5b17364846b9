package booking

import (
	"context"
	"net/mail"
	"time"

	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
)

// manageURL is the private link to a booking's manage page.
func (s *Area) ManageURL(raw string) string { return s.Cfg.BaseURL + "/bookings/" + raw }

// mailBooking sends one booking email off the request path. manageRaw is the booking's
// raw manage token when the caller has it (booking, moving); it goes only into the mail.
// Without it, a mail about a booking that still stands gets a newly issued link.
func (s *Area) mailBooking(kind string, b bookingmodel.Booking, slot *bookingmodel.Slot, sess *bookingmodel.EngagementSession, manageRaw string) {
	s.Background("booking-mail", func(ctx context.Context) error {
		return s.sendBookingMail(ctx, kind, &b, slot, sess, manageRaw)
	})
}

// sendBookingMail looks up what only the store knows for a booking email (a manage
// link, who held places are for, the invite's organiser), has notifications compose it
// and sends it.
func (s *Area) sendBookingMail(ctx context.Context, kind string, b *bookingmodel.Booking, slot *bookingmodel.Slot, sess *bookingmodel.EngagementSession, manageRaw string) error {
	m := notifications.BookingMail{Kind: kind, Booking: *b, Slot: slot, Session: sess, Now: time.Now()}
	if m.WaitingBehindHeld() {
		m.HeldFor = s.heldFor(ctx, sess)
	}
	if manageRaw == "" && m.Active() { // only the hash of the first link is kept: issue another
		raw, err := s.db.IssueManageLink(ctx, b.ID)
		if err != nil {
			return err
		}
		manageRaw = raw
	}
	if manageRaw != "" {
		m.ManageURL = s.ManageURL(manageRaw)
	}
	if m.Method() != "" {
		org, err := s.inviteOrganizer(ctx, b.ID)
		if err != nil {
			return err
		}
		m.Organizer = org
	}
	msg, err := s.Emails.BookingMessage(m)
	if err != nil {
		return err
	}
	return s.Mail.Send(ctx, msg)
}

// inviteOrganizer is who a booking's invites come from: the one its first invite had
// (see models.Store.InviteOrganizer), else the sender configured now.
func (s *Area) inviteOrganizer(ctx context.Context, bookingID uint) (notifications.Party, error) {
	fromName, fromEmail := s.mailFrom()
	name, email, err := s.db.InviteOrganizer(ctx, bookingID, fromName, fromEmail)
	return notifications.Party{Name: name, Email: email}, err
}

// mailFrom is the display name and bare address of CONFER_MAIL_FROM (LoadConfig checked
// it): who sends booking mail, and so the ORGANIZER of a booking's first invite.
func (s *Area) mailFrom() (name, email string) {
	if a, err := mail.ParseAddress(s.Cfg.MailFrom); err == nil {
		return a.Name, a.Address
	}
	return "", "confer@localhost"
}

// mailPromoted tells each person promoted from a waitlist that they now have a place.
func (s *Area) mailPromoted(promoted []bookingmodel.Booking) {
	for _, p := range promoted {
		if p.Status == bookingmodel.StatusPending { // not confirmed from its mailbox: no joining link yet
			s.mailConfirmRequest("promoted", p, "", "")
			continue
		}
		if p.Slot != nil && p.Session != nil {
			s.mailBooking(notifications.BookingPromoted, p, p.Slot, p.Session, "")
		}
	}
}

// heldFor names who a session's held places are for, for an email ("the people they are
// held for" if the names cannot be read).
func (s *Area) heldFor(ctx context.Context, sess *bookingmodel.EngagementSession) string {
	who, err := s.db.ReservationWho(ctx, sess)
	if err != nil {
		return "the people they are held for"
	}
	return who
}
