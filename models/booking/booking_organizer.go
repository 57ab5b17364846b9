package booking

import (
	"context"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// InviteOrganizer returns the name and address a booking's calendar invites are sent as.
// The first call stores current (the sender configured now); every later call returns
// what was stored, so a booking's updates and cancellations keep the ORGANIZER its first
// invite had, whatever CONFER_MAIL_FROM says by then: calendars ignore or refuse an
// update from an organiser other than the event's. The conditional update makes the
// first of two concurrent mails win, and both read the same answer.
func (s *Store) InviteOrganizer(ctx context.Context, bookingID uint, name, email string) (string, string, error) {
	var b Booking
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Booking{}).Where("id = ? AND organizer_email = ''", bookingID).
			Updates(map[string]any{"organizer_name": name, "organizer_email": email}).Error; err != nil {
			return err
		}
		return tx.Select("organizer_name", "organizer_email").First(&b, bookingID).Error
	})
	if err != nil {
		return "", "", models.OrNotFound(err, "booking")
	}
	return b.OrganizerName, b.OrganizerEmail, nil
}
