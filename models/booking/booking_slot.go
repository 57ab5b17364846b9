package booking

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// MaxSlotCapacity bounds a slot's seats: large enough for a town-hall webinar.
const MaxSlotCapacity = 10000

// Slot is one time of a session that people book, with counters kept by conditional
// updates: Confirmed never exceeds Capacity, Waitlisted counts those queuing, and
// WaitlistSeq hands out arrival numbers for the queue.
type Slot struct {
	ID                  uint `gorm:"primaryKey"`
	EngagementSessionID uint
	Session             *EngagementSession `gorm:"foreignKey:EngagementSessionID"`
	StartsAt            time.Time
	EndsAt              time.Time
	Capacity            int
	Confirmed           int
	ConfirmedOpen       int // confirmed bookings that do not qualify for held seats
	Waitlisted          int
	WaitlistSeq         int
	CancelledAt         *time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Remaining is the number of free seats.
func (s *Slot) Remaining() int { return max(s.Capacity-s.Confirmed, 0) }

// SlotInput is a new slot's times and capacity.
type SlotInput struct {
	StartsAt, EndsAt *time.Time
	Capacity         *int
}

func (in SlotInput) validate(now time.Time) error {
	switch {
	case in.StartsAt == nil:
		return models.Invalid("starts_at", "starts_at is required (an RFC 3339 time such as 2026-12-01T09:30:00Z)")
	case in.EndsAt == nil:
		return models.Invalid("ends_at", "ends_at is required (an RFC 3339 time such as 2026-12-01T10:00:00Z)")
	case in.Capacity == nil:
		return models.Invalid("capacity", "capacity is required")
	case !in.StartsAt.After(now):
		return models.Invalid("starts_at", "starts_at must be in the future")
	case !in.EndsAt.After(*in.StartsAt):
		return models.Invalid("ends_at", "ends_at must be after starts_at")
	case in.EndsAt.Sub(*in.StartsAt) > 24*time.Hour:
		return models.Invalid("ends_at", "a slot lasts at most 24 hours")
	}
	return checkCapacity(*in.Capacity)
}

func checkCapacity(n int) error {
	if n < 1 || n > MaxSlotCapacity {
		return models.Invalid("capacity", "capacity must be between 1 and %d", MaxSlotCapacity)
	}
	return nil
}

// CreateSlot adds a slot to a session.
func (st *Store) CreateSlot(ctx context.Context, sessionID uint, in SlotInput) (*Slot, error) {
	if err := in.validate(time.Now()); err != nil {
		return nil, err
	}
	slot := &Slot{EngagementSessionID: sessionID, StartsAt: in.StartsAt.UTC(), EndsAt: in.EndsAt.UTC(), Capacity: *in.Capacity}
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Select("id").First(&EngagementSession{}, sessionID).Error; err != nil {
			return models.OrNotFound(err, "session")
		}
		return tx.Omit("Session").Create(slot).Error
	})
	if err != nil {
		return nil, err
	}
	return slot, nil
}

// GetSlot returns one slot with its session.
func (st *Store) GetSlot(ctx context.Context, id uint) (*Slot, error) {
	return getSlot(st.DB.WithContext(ctx), id)
}

func getSlot(tx *gorm.DB, id uint) (*Slot, error) {
	var s Slot
	if err := tx.Preload("Session.Organisations").First(&s, id).Error; err != nil {
		return nil, models.OrNotFound(err, "slot")
	}
	return &s, nil
}

// ListUpcomingSlots returns every slot that has not started and is not cancelled, with
// its session, in time order: the public listing filters this in memory.
func (st *Store) ListUpcomingSlots(ctx context.Context, now time.Time) ([]Slot, error) {
	var out []Slot
	err := st.DB.WithContext(ctx).Preload("Session.Organisations").
		Where("starts_at > ? AND cancelled_at IS NULL", now).Order("starts_at, id").Find(&out).Error
	return out, err
}

// lockSlot takes the slot's row lock (a no-op update) so every change to one slot's seats
// and queue runs one at a time, always slot first: the lock order that rules out deadlocks.
func lockSlot(tx *gorm.DB, id uint) error {
	res := tx.Exec("UPDATE slots SET confirmed = confirmed WHERE id = ?", id)
	if res.Error == nil && res.RowsAffected == 0 {
		return models.NotFound("slot")
	}
	return res.Error
}

// SetSlotCapacity changes a slot's capacity. Raising it promotes people from the waitlist
// in order; lowering it below the confirmed count is refused.
func (st *Store) SetSlotCapacity(ctx context.Context, id uint, capacity int) (*Slot, []Booking, error) {
	if err := checkCapacity(capacity); err != nil {
		return nil, nil, err
	}
	var promoted []Booking
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE slots SET capacity = ?, updated_at = ? WHERE id = ? AND confirmed <= ?",
			capacity, time.Now().UTC(), id, capacity)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			s, err := getSlot(tx, id)
			if err != nil {
				return err
			}
			return models.Invalid("capacity", "capacity cannot go below the %d people already confirmed; cancel bookings first", s.Confirmed)
		}
		var err error
		promoted, err = promote(tx, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	s, err := st.GetSlot(ctx, id)
	return s, promoted, err
}

// CancelSlot cancels a slot and every booking in it, returning the bookings to tell.
func (st *Store) CancelSlot(ctx context.Context, id uint) ([]Booking, error) {
	var cancelled []Booking
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		now := time.Now().UTC()
		res := tx.Exec("UPDATE slots SET cancelled_at = ?, confirmed = 0, confirmed_open = 0, waitlisted = 0 WHERE id = ? AND cancelled_at IS NULL", now, id)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			if _, err := getSlot(tx, id); err != nil {
				return err
			}
			return models.Conflict("", "slot is already cancelled")
		}
		if err := tx.Where("slot_id = ? AND status IN ?", id, activeStatuses).Order("id").Find(&cancelled).Error; err != nil {
			return err
		}
		return tx.Model(&Booking{}).Where("slot_id = ? AND status IN ?", id, activeStatuses).
			Updates(map[string]any{"status": StatusCancelled, "cancelled_at": now, "calendar_seq": gorm.Expr("calendar_seq + 1")}).Error
	})
	for i := range cancelled {
		cancelled[i].CalendarSeq++
	}
	return cancelled, err
}

// ListUpcomingSlotsOfSession returns a session's slots that can still be booked or moved
// into, in time order.
func (st *Store) ListUpcomingSlotsOfSession(ctx context.Context, sessionID uint) ([]Slot, error) {
	var out []Slot
	err := st.DB.WithContext(ctx).Where("engagement_session_id = ? AND starts_at > ? AND cancelled_at IS NULL",
		sessionID, time.Now().UTC()).Order("starts_at, id").Find(&out).Error
	return out, err
}
