package booking

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/models"
)

// BookingLink is a further manage link of a booking, issued after the first (whose hash
// is Booking.ManageHash). Manage tokens are stored only as hashes, so a link someone has
// lost cannot be sent again: a new one is issued, and every earlier link keeps working.
// Asking never breaks a link: anyone may ask on someone's behalf, and the first link also
// sits in the person's calendar event.
type BookingLink struct {
	ID        uint `gorm:"primaryKey"`
	BookingID uint
	Hash      string
	CreatedAt time.Time
}

// IssuedLink is a booking with a newly issued raw manage token, for one email.
type IssuedLink struct {
	Booking Booking
	Raw     string
}

// IssueManageLinks issues a fresh manage link for each of the person's bookings that
// still matter (not cancelled, not yet ended), soonest first, at most limit of them.
// It returns none when there are none; the caller answers the same either way.
func (st *Store) IssueManageLinks(ctx context.Context, email string, now time.Time, limit int) ([]IssuedLink, error) {
	var list []Booking
	err := st.DB.WithContext(ctx).Preload("Slot").Preload("Session").
		Where("email = ? AND status IN ? AND ends_at > ?", models.NormaliseEmail(email), activeStatuses, now.UTC()).
		Order("starts_at, id").Limit(limit).Find(&list).Error
	if err != nil || len(list) == 0 {
		return nil, err
	}
	out := make([]IssuedLink, len(list))
	links := make([]BookingLink, len(list))
	for i := range list {
		raw, hash := models.NewSecret(manageTokenPrefix)
		out[i] = IssuedLink{Booking: list[i], Raw: raw}
		links[i] = BookingLink{BookingID: list[i].ID, Hash: hash, CreatedAt: now.UTC()}
	}
	if err := st.DB.WithContext(ctx).Create(&links).Error; err != nil {
		return nil, err
	}
	return out, nil
}

// IssueManageLink issues one more manage link for a booking and returns its raw token,
// for a mail sent without the first one (a promotion from the waiting list, a confirmed
// place, a reminder), so every such mail and calendar event carries a working link.
func (st *Store) IssueManageLink(ctx context.Context, bookingID uint) (string, error) {
	raw, hash := models.NewSecret(manageTokenPrefix)
	link := BookingLink{BookingID: bookingID, Hash: hash, CreatedAt: time.Now().UTC()}
	if err := st.DB.WithContext(ctx).Create(&link).Error; err != nil {
		return "", err
	}
	return raw, nil
}
