package booking

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// errMoved says a booking changed slot between reading it and locking its slot: retry.
var errMoved = errors.New("booking moved while it was being changed")

// GetBookingByToken finds a booking by its manage link's raw token.
func (st *Store) GetBookingByToken(ctx context.Context, raw string) (*Booking, error) {
	return getBookingByHash(st.DB.WithContext(ctx), models.HashSecret(raw))
}

// getBookingByHash finds a booking by the hash of any of its manage links: the first
// (bookings.manage_hash) or one issued later (booking_links).
func getBookingByHash(tx *gorm.DB, hash string) (*Booking, error) {
	var b Booking
	err := tx.Preload("Slot").Preload("Session.Organisations").Where("manage_hash = ?", hash).First(&b).Error
	if err == gorm.ErrRecordNotFound {
		err = tx.Preload("Slot").Preload("Session.Organisations").
			Where("id IN (?)", tx.Model(&BookingLink{}).Select("booking_id").Where("hash = ?", hash)).First(&b).Error
	}
	if err != nil {
		return nil, models.OrNotFound(err, "booking")
	}
	return &b, fillPosition(tx, &b)
}

// fillPosition sets a waitlisted booking's current place in its slot's queue.
func fillPosition(tx *gorm.DB, b *Booking) error {
	if b.Status != StatusWaitlisted {
		b.Position = 0
		return nil
	}
	var n int64
	err := tx.Model(&Booking{}).Where("slot_id = ? AND status = ? AND queue_seq <= ?", b.SlotID, StatusWaitlisted, b.QueueSeq).Count(&n).Error
	b.Position = int(n)
	return err
}

// withRetry runs fn in a transaction, again if a booking moved under it.
func (st *Store) withRetry(ctx context.Context, fn func(tx *gorm.DB) error) error {
	var err error
	for range 5 {
		if err = st.Tx(ctx, fn); !errors.Is(err, errMoved) {
			return err
		}
	}
	return err
}

// CancelBooking cancels the booking behind a manage token. A freed seat goes to the head
// of the waitlist in the same transaction; the promoted bookings are returned to be told.
func (st *Store) CancelBooking(ctx context.Context, raw string) (*Booking, []Booking, error) {
	hash := models.HashSecret(raw)
	var (
		b        *Booking
		promoted []Booking
	)
	err := st.withRetry(ctx, func(tx *gorm.DB) error {
		var err error
		if b, err = getBookingByHash(tx, hash); err != nil {
			return err
		}
		if b.Status == StatusCancelled {
			return models.Conflict("", "this booking is already cancelled")
		}
		if err := lockSlot(tx, b.SlotID); err != nil {
			return err
		}
		if err := setStatus(tx, b, StatusCancelled); err != nil {
			return err
		}
		promoted, err = release(tx, b.SlotID, b.Status, b.ReserveQualified)
		b.PreviousStatus, b.Status, b.CalendarSeq = b.Status, StatusCancelled, b.CalendarSeq+1
		return err
	})
	return b, promoted, err
}

// setStatus changes a booking's status if it is still what was read and still in the slot
// whose lock we hold; otherwise someone else changed it first.
func setStatus(tx *gorm.DB, b *Booking, to string) error {
	now := time.Now().UTC()
	res := tx.Model(&Booking{}).Where("id = ? AND slot_id = ? AND status = ?", b.ID, b.SlotID, b.Status).
		Updates(map[string]any{"status": to, "cancelled_at": now, "updated_at": now, "calendar_seq": gorm.Expr("calendar_seq + 1")})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errMoved
	}
	return nil
}

// MoveBooking moves the booking behind a manage token to another slot with a free seat:
// another time of the same session, or a time of another session in the same category.
// It keeps the booking (and so its calendar UID) and bumps its calendar sequence; the
// seat it leaves goes to the old slot's waitlist.
func (st *Store) MoveBooking(ctx context.Context, raw string, slotID uint) (*Booking, []Booking, error) {
	hash := models.HashSecret(raw)
	var (
		b        *Booking
		promoted []Booking
	)
	err := st.withRetry(ctx, func(tx *gorm.DB) error {
		var err error
		if b, err = getBookingByHash(tx, hash); err != nil {
			return err
		}
		if b.Status == StatusCancelled {
			return models.Conflict("", "this booking is cancelled: book again from the list of sessions")
		}
		if slotID == b.SlotID {
			return models.Invalid("slot_id", "you are already booked into this slot")
		}
		if b.Unconfirmed() {
			return models.Conflict("", "confirm your booking first, with the link in the email we sent you; then you can move it")
		}
		if err := st.lockPerson(tx, b.Email); err != nil {
			return err
		}
		first, second := min(b.SlotID, slotID), max(b.SlotID, slotID)
		if err := lockSlot(tx, first); err != nil {
			return err
		}
		if err := lockSlot(tx, second); err != nil {
			return err
		}
		to, err := bookableSlot(tx, slotID)
		if err != nil {
			return err
		}
		if err := canMoveTo(tx, b, to); err != nil {
			return err
		}
		if err := checkClash(tx, b.Email, to, b.ID); err != nil {
			return err
		}
		promoted, err = moveInto(tx, b, to)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	b, err = getBookingByHash(st.DB.WithContext(ctx), hash)
	return b, promoted, err
}

// canMoveTo admits a slot of the booking's own session, or of another session in the same
// category. A session that keeps places only for people who confirm from their mailbox
// (restricted to organisations, or confirm to keep) takes a booking from another session
// only if that booking was itself confirmed from the mailbox, and, when restricted, only
// an address at one of its organisations: the manage link alone proves no mailbox (the
// booking response gives it), and the move would show the meeting link at once.
func canMoveTo(tx *gorm.DB, b *Booking, to *Slot) error {
	if to.EngagementSessionID == b.EngagementSessionID {
		return nil
	}
	if b.Session == nil || to.Session.Category != b.Session.Category {
		return models.Invalid("slot_id", "you can only move to a time of a session in the same category")
	}
	if !to.Session.NeedsConfirm() {
		return nil
	}
	if b.ConfirmHash == "" {
		return models.Conflict("slot_id", "that session asks people to confirm from their email: book it from its own page instead")
	}
	if !to.Session.RestrictToOrganisations {
		return nil
	}
	_, err := attributionFor(tx, to.Session, BookingInput{Email: b.Email, OrganisationID: b.OrganisationID, StaffGroup: b.StaffGroup})
	return err
}

// moveInto takes a seat in the target slot, repoints the booking and frees its old place.
// Whether the booking qualifies for held seats is the target session's question.
func moveInto(tx *gorm.DB, b *Booking, to *Slot) ([]Booking, error) {
	hold := to.Session.HeldShare(time.Now())
	qualified := to.Session.Qualifies(b.OrganisationID, b.StaffGroup)
	if to.EngagementSessionID == b.EngagementSessionID {
		qualified = b.ReserveQualified // as it was booked
	}
	took, err := takeSeat(tx, to.ID, qualified, hold, false)
	if err != nil {
		return nil, err
	}
	if !took {
		if fresh, err := getSlot(tx, to.ID); err == nil && fresh.Remaining() > 0 {
			return nil, heldConflict(tx, to.Session, "slot_id", "choose another time")
		}
		return nil, models.Conflict("slot_id", "that slot is full: choose another time")
	}
	res := tx.Model(&Booking{}).Where("id = ? AND slot_id = ? AND status = ?", b.ID, b.SlotID, b.Status).
		Updates(map[string]any{"slot_id": to.ID, "engagement_session_id": to.EngagementSessionID,
			"reserve_qualified": qualified, "status": StatusConfirmed, "queue_seq": 0,
			"starts_at": to.StartsAt, "ends_at": to.EndsAt, "reminder_sent_at": reminderDoneIfSoon(to.StartsAt), "attendance": "",
			"calendar_seq": gorm.Expr("calendar_seq + 1"), "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errMoved
	}
	return release(tx, b.SlotID, b.Status, b.ReserveQualified)
}
