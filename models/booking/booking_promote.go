package booking

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// release gives back what a booking held in a slot whose lock we hold: a seat (promoting
// the head of the waitlist) or a place in the queue. Cancellations, moves and expired
// confirmations all free places through it.
func release(tx *gorm.DB, slotID uint, status string, qualified bool) ([]Booking, error) {
	switch status {
	case StatusConfirmed, StatusPending:
		if err := tx.Exec("UPDATE slots SET confirmed = confirmed - 1, confirmed_open = confirmed_open - ? "+
			"WHERE id = ? AND confirmed > 0", openSeat(qualified), slotID).Error; err != nil {
			return nil, err
		}
		return promote(tx, slotID)
	case StatusWaitlisted:
		return nil, tx.Exec("UPDATE slots SET waitlisted = waitlisted - 1 WHERE id = ? AND waitlisted > 0", slotID).Error
	}
	return nil, nil
}

// promote fills free seats from the waitlist of a slot whose lock we hold, in arrival
// order, once per seat: each goes to the first in the queue who may take it (anyone,
// unless only held seats are free: then the first who qualifies); a booking not yet
// confirmed from its mailbox takes the seat as pending. It is the one promotion of each
// database, used by booking, cancelling, moving, capacity changes, held seats changed or
// released and expired confirmations: confer_promote on Postgres (the function confer_book
// uses too), promoteInGo on SQLite. It returns the promoted bookings, with their slot and
// session, to be told.
func promote(tx *gorm.DB, slotID uint) ([]Booking, error) {
	now := time.Now().UTC()
	var ids []uint
	var err error
	if tx.Dialector.Name() == "postgres" {
		err = tx.Raw("SELECT p.id FROM confer_promote(?, ?, ?::interval) WITH ORDINALITY AS p(id, n) ORDER BY p.n",
			slotID, now, ReminderLead.String()).Scan(&ids).Error
	} else {
		ids, err = promoteInGo(tx, slotID, now)
	}
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return withSlots(tx, ids)
}

// BookingsWithSlots reads bookings with their slot and session, in the order of ids.
func (st *Store) BookingsWithSlots(ctx context.Context, ids []uint) ([]Booking, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return withSlots(st.DB.WithContext(ctx), ids)
}

// withSlots reads bookings with their slot and session, in the order of ids.
func withSlots(tx *gorm.DB, ids []uint) ([]Booking, error) {
	var found []Booking
	if err := tx.Preload("Slot").Preload("Session").Where("id IN ?", ids).Find(&found).Error; err != nil {
		return nil, err
	}
	byID := make(map[uint]Booking, len(found))
	for _, b := range found {
		byID[b.ID] = b
	}
	out := make([]Booking, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, nil
}

// promoteInGo is confer_promote for SQLite, whose write transactions run one at a time.
func promoteInGo(tx *gorm.DB, slotID uint, now time.Time) ([]uint, error) {
	var out []uint
	for {
		var slot Slot
		if err := tx.Joins("Session").First(&slot, slotID).Error; err != nil {
			return out, err
		}
		if slot.CancelledAt != nil || slot.Remaining() == 0 {
			return out, nil
		}
		q := tx.Model(&Booking{}).Select("id", "reserve_qualified", "confirm_by", "starts_at").
			Where("slot_id = ? AND status = ?", slotID, StatusWaitlisted)
		if slot.Hold(now).OpenRemaining == 0 { // only held seats are free
			q = q.Where("reserve_qualified")
		}
		var heads []Booking
		if err := q.Order("queue_seq, id").Limit(1).Find(&heads).Error; err != nil || len(heads) == 0 {
			return out, err
		}
		head := heads[0]
		took, err := takeSeat(tx, slotID, head.ReserveQualified, slot.Session.HeldShare(now), true)
		if err != nil {
			return out, err
		}
		if !took {
			return out, errors.New("promote: slot counters changed under the slot lock")
		}
		res := tx.Model(&Booking{}).Where("id = ? AND status = ?", head.ID, StatusWaitlisted).
			Updates(map[string]any{"status": seatStatus(head.ConfirmBy), "updated_at": now,
				"reminder_sent_at": reminderDoneIfSoon(head.StartsAt)})
		if res.Error != nil {
			return out, res.Error
		}
		if res.RowsAffected != 1 {
			return out, errors.New("promote: waitlist head changed under the slot lock")
		}
		out = append(out, head.ID)
	}
}

// takeSeat takes a seat of a slot by a conditional update, so concurrent changes can never
// overfill it: a seat is free and, unless the booking qualifies for the held seats, the
// bookings that do not qualify stay within capacity minus floor(capacity * hold / 100),
// counted by confirmed_open. On Postgres the arithmetic is confer_seat_free's, the one
// confer_book and confer_promote use. fromQueue moves the booking off the waitlist too.
func takeSeat(tx *gorm.DB, slotID uint, qualified bool, hold int, fromQueue bool) (bool, error) {
	set, where := "", ""
	if fromQueue {
		set, where = ", waitlisted = waitlisted - 1", " AND waitlisted > 0"
	}
	free := "confirmed < capacity AND (? OR confirmed_open < capacity - capacity * ? / 100)"
	if tx.Dialector.Name() == "postgres" {
		free = "confer_seat_free(capacity, confirmed, confirmed_open, ?, ?)"
	}
	res := tx.Exec("UPDATE slots SET confirmed = confirmed + 1, confirmed_open = confirmed_open + ?"+set+
		" WHERE id = ? AND cancelled_at IS NULL AND "+free+where, openSeat(qualified), slotID, qualified, hold)
	return res.RowsAffected == 1, res.Error
}

// openSeat is what a confirmed booking adds to its slot's confirmed_open: 1 unless it
// qualifies for held seats.
func openSeat(qualified bool) int {
	if qualified {
		return 0
	}
	return 1
}
