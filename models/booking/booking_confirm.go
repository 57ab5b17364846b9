package booking

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// ConfirmBooking confirms the booking behind a confirm link's raw token: a pending place
// becomes confirmed, a waiting one stays in the queue but will now take a seat as
// confirmed. It reports whether this call confirmed it (false when it already was, so a
// second click changes and sends nothing). A booking released or cancelled first is a 409.
func (st *Store) ConfirmBooking(ctx context.Context, raw string) (*Booking, bool, error) {
	hash := models.HashSecret(raw)
	if raw == "" {
		return nil, false, models.NotFound("booking")
	}
	var (
		b   *Booking
		now bool
	)
	err := st.withRetry(ctx, func(tx *gorm.DB) error {
		var err error
		if b, err = getBookingWhere(tx, "confirm_hash = ?", hash); err != nil {
			return err
		}
		if b.Status == StatusCancelled {
			return models.Conflict("", "this booking was not confirmed in time, or was cancelled: book again from the list of sessions")
		}
		if !b.Unconfirmed() {
			return nil
		}
		to := b.Status
		if to == StatusPending {
			to = StatusConfirmed
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status = ? AND confirm_by IS NOT NULL", b.ID, b.Status).
			Updates(map[string]any{"status": to, "confirm_by": nil, "updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errMoved // released or promoted meanwhile: read it again
		}
		b.Status, b.ConfirmBy, now = to, nil, true
		return nil
	})
	return b, now, err
}

// ExpireUnconfirmed releases every place whose confirm deadline has passed: the booking is
// cancelled and its seat (or queue place) given back, promoting the waiting list as a
// cancellation does. Each booking is claimed by a conditional update of its status, so of
// several instances only one releases it. It returns the released bookings and the
// promoted ones, to be told.
func (st *Store) ExpireUnconfirmed(ctx context.Context, now time.Time, limit int) (expired, promoted []Booking, err error) {
	var ids []uint
	if err := st.DB.WithContext(ctx).Model(&Booking{}).
		Where("confirm_by <= ? AND status IN ?", now.UTC(), []string{StatusPending, StatusWaitlisted}).
		Order("confirm_by, id").Limit(limit).Pluck("id", &ids).Error; err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		var b *Booking
		var p []Booking
		err := st.withRetry(ctx, func(tx *gorm.DB) error {
			var err error
			if b, err = getBookingWhere(tx, "id = ?", id); err != nil {
				return err
			}
			if b.ConfirmBy == nil || b.ConfirmBy.After(now) || (b.Status != StatusPending && b.Status != StatusWaitlisted) {
				b = nil // confirmed or released meanwhile
				return nil
			}
			if err := lockSlot(tx, b.SlotID); err != nil {
				return err
			}
			if err := setStatus(tx, b, StatusCancelled); err != nil {
				return err
			}
			p, err = release(tx, b.SlotID, b.Status, b.ReserveQualified)
			b.PreviousStatus, b.Status, b.CalendarSeq = b.Status, StatusCancelled, b.CalendarSeq+1
			return err
		})
		if err != nil {
			return expired, promoted, err
		}
		if b != nil {
			expired = append(expired, *b)
			promoted = append(promoted, p...)
		}
	}
	return expired, promoted, nil
}

// getBookingWhere loads one booking with its slot and session.
func getBookingWhere(tx *gorm.DB, cond string, arg any) (*Booking, error) {
	var b Booking
	if err := tx.Preload("Slot").Preload("Session.Organisations").Where(cond, arg).First(&b).Error; err != nil {
		return nil, models.OrNotFound(err, "booking")
	}
	return &b, fillPosition(tx, &b)
}
