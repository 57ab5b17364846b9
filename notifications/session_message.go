package notifications

import (
	"strings"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
)

// SessionNote is a facilitator's message to one confirmed attendee of a slot.
type SessionNote struct {
	Subject, Message string
	Booking          booking.Booking // the attendee
	Slot             *booking.Slot   // with its Session
}

// sessionMessageData is the data of the "session_message" email.
type sessionMessageData struct {
	Subject, Name, Title, When, Message string
}

// SessionMessage composes a facilitator's message as the "session_message" email,
// naming the session and its time so the attendee knows which booking it is about.
func (r Renderer) SessionMessage(s SessionNote) (*Message, error) {
	b := &s.Booking
	m, err := r.NewMessage("session_message", b.Email, b.Name, sessionMessageData{Subject: strings.TrimSpace(s.Subject),
		Name: b.Name, Title: s.Slot.Session.Title, When: models.LondonTime(s.Slot.StartsAt), Message: strings.TrimSpace(s.Message)})
	if err != nil {
		return nil, err
	}
	m.Categories = []string{"slot-message"}
	return m, nil
}
