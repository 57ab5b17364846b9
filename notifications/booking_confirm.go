package notifications

import "github.com/confer-nhs/confer/models/booking"
import "github.com/confer-nhs/confer/models"

// BookingConfirm is what a confirm-request email is made of: a held place (kind
// "pending", "waitlisted" or "promoted") with its slot, session and confirm_by, and the
// links the HTTP layer made from the raw tokens, which go only into this email. A
// promotion has neither link and points to the first email instead.
type BookingConfirm struct {
	Kind       string
	Booking    booking.Booking // with Slot, Session and ConfirmBy
	ConfirmURL string
	ManageURL  string
}

// confirmData is the data of the "booking_confirm" email.
type confirmData struct {
	Kind, Name, Title, When, Until, Location, ConfirmBy, ConfirmURL, ManageURL string
	Position                                                                   int
	Online                                                                     bool
}

// BookingConfirmMessage composes the email asking a booker to confirm their address. It
// never carries the meeting link: that goes out once the place is confirmed.
func (r Renderer) BookingConfirmMessage(c BookingConfirm) (*Message, error) {
	b := &c.Booking
	sess, slot := b.Session, b.Slot
	d := confirmData{Kind: c.Kind, Name: b.Name, Title: sess.Title, When: models.LondonTime(slot.StartsAt),
		Until: slot.EndsAt.In(models.London()).Format("15:04"), ConfirmBy: models.LondonTime(*b.ConfirmBy),
		Position: b.Position, Online: sess.Format != "in_person", ConfirmURL: c.ConfirmURL, ManageURL: c.ManageURL}
	if !d.Online {
		d.Location = sess.Location
	}
	m, err := r.NewMessage("booking_confirm", b.Email, b.Name, d)
	if err != nil {
		return nil, err
	}
	m.Categories = []string{"booking-confirm"}
	return m, nil
}
