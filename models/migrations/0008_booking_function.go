package migrations

import (
	_ "embed"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0008BookingFunction adds confer_book, the public booking on Postgres as one
// server-side function: one round trip and one commit per booking, where the client-side
// transaction took seven round trips and two reads before it, which is what limited booking
// throughput. It does what Store.Book does on SQLite, check for check and in the same order:
//
//  1. the slot exists, is not cancelled and has not started;
//  2. a stated organisation exists; otherwise the organisation comes from the email's
//     domain (p_domains: it and its parents, comma-separated), the most specific match first; a session restricted to some organisations
//     takes only emails of their domains;
//  3. serialise this person's bookings (a transaction-scoped advisory lock on the email),
//     so two concurrent requests cannot both pass the clash check;
//  4. refuse a second active booking in the session or one overlapping in time, returning
//     the clashing booking's id so the caller can name it;
//  5. take a seat with a conditional update (never more confirmed than capacity), or a
//     place at the back of the waitlist when full and asked for, or report the slot full;
//  6. insert the booking (the partial unique index still guards one-per-session);
//  7. when waitlisted, hand any seat freed meanwhile to the head of the queue, in order.
//
// It returns the slot and session rows as JSON, for the confirmation and the response.
// In READ COMMITTED each statement of a VOLATILE function takes a fresh snapshot, so the
// clash check sees bookings committed while it waited for the lock, as in the Go path.
// SQLite has no functions; its write transactions are serial, and Store.Book runs there.
func m0008BookingFunction() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0008_booking_function",
		Migrate: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			if err := tx.Exec(bookFunctionSQL).Error; err != nil {
				return err
			}
			return tx.Exec(bookBatchFunctionSQL).Error
		},
		Rollback: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			return tx.Exec(`DROP FUNCTION IF EXISTS confer_book_batch; DROP FUNCTION IF EXISTS confer_book`).Error
		},
	}
}

// outcome is 'confirmed' or 'waitlisted' (booked), or why not: 'no_slot', 'cancelled',
// 'started', 'no_organisation', 'restricted' (session_organisations lists whose staff may
// book), 'clash' (clash_id names the booking held) or 'full' (no seat, no waitlist asked).
// promoted lists, comma-separated, the waitlisted bookings given a seat freed meanwhile
// (this booking's id among them when it was the head of the queue).
//
//go:embed sql/0008_confer_book.sql
var bookFunctionSQL string

// confer_book_batch books several people in one transaction, in the order given, each
// exactly as confer_book would: Store.Book groups concurrent requests into one call, so a
// burst of bookings costs one commit per batch rather than one each. p_bookings is a JSON
// array of objects with confer_book's arguments (i numbers them; the rows come back with it).
//
//go:embed sql/0008_confer_book_batch.sql
var bookBatchFunctionSQL string
