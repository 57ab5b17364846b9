package booking

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// ReminderLead is how long before a slot starts its reminder goes out: the day before.
const ReminderLead = 24 * time.Hour

// SlotRoster returns a slot's bookings for its facilitators: confirmed in booking order,
// then the waitlist in queue order (with positions), then cancellations.
func (st *Store) SlotRoster(ctx context.Context, slotID uint) (*Slot, []Booking, error) {
	slot, err := st.GetSlot(ctx, slotID)
	if err != nil {
		return nil, nil, err
	}
	var all []Booking
	if err := st.DB.WithContext(ctx).Where("slot_id = ?", slotID).
		Order("CASE status WHEN 'confirmed' THEN 0 WHEN 'pending' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, queue_seq, id").
		Find(&all).Error; err != nil {
		return nil, nil, err
	}
	place := 0
	for i := range all {
		if all[i].Status == StatusWaitlisted {
			place++
			all[i].Position = place
		}
	}
	return slot, all, nil
}

// ConfirmedAttendees returns the confirmed bookings of a slot, for messaging them.
func (st *Store) ConfirmedAttendees(ctx context.Context, slotID uint) (*Slot, []Booking, error) {
	slot, err := st.GetSlot(ctx, slotID)
	if err != nil {
		return nil, nil, err
	}
	var out []Booking
	err = st.DB.WithContext(ctx).Where("slot_id = ? AND status = ?", slotID, StatusConfirmed).Order("id").Find(&out).Error
	return slot, out, err
}

// SetAttendance records whether a confirmed participant attended.
func (st *Store) SetAttendance(ctx context.Context, bookingID uint, attendance string) (*Booking, error) {
	if attendance != AttendanceAttended && attendance != AttendanceNoShow {
		return nil, models.Invalid("status", "status must be attended or no_show")
	}
	var b Booking
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&b, bookingID).Error; err != nil {
			return models.OrNotFound(err, "booking")
		}
		if b.Status != StatusConfirmed {
			return models.Conflict("status", "only confirmed bookings have attendance; this one is %s", b.Status)
		}
		b.Attendance = attendance
		return tx.Model(&b).Updates(map[string]any{"attendance": attendance, "updated_at": time.Now().UTC()}).Error
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

// DueReminders lists confirmed bookings whose slot starts within ReminderLead of now and
// whose reminder is neither sent nor waived (bookings made within that last day have it
// waived when they are made: see reminderDoneIfSoon).
func (st *Store) DueReminders(ctx context.Context, now time.Time, limit int) ([]Booking, error) {
	var out []Booking
	err := st.DB.WithContext(ctx).Preload("Slot").Preload("Session").
		Where("status = ? AND reminder_sent_at IS NULL AND starts_at > ? AND starts_at <= ?",
			StatusConfirmed, now, now.Add(ReminderLead)).
		Order("starts_at, id").Limit(limit).Find(&out).Error
	return out, err
}

// ClaimReminder marks a booking's reminder as sent if nobody has yet, and reports whether
// this caller won it. The conditional update is what keeps a restart, or a second
// instance, from sending the same reminder twice.
func (st *Store) ClaimReminder(ctx context.Context, bookingID uint, now time.Time) (bool, error) {
	res := st.DB.WithContext(ctx).Model(&Booking{}).
		Where("id = ? AND reminder_sent_at IS NULL AND status = ?", bookingID, StatusConfirmed).
		Update("reminder_sent_at", now.UTC())
	return res.RowsAffected == 1, res.Error
}

// ReleaseReminder gives a claimed reminder back after the mail could not be sent, so the
// next run tries again.
func (st *Store) ReleaseReminder(ctx context.Context, bookingID uint) error {
	return st.DB.WithContext(ctx).Model(&Booking{}).Where("id = ?", bookingID).Update("reminder_sent_at", nil).Error
}
