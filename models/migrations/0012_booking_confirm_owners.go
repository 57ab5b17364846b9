package migrations

import (
	_ "embed"

	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0012BookingConfirmOwners closes two holes from the security review (issue 12, D4, D6, D7):
//
//   - Confirm to keep. engagement_sessions.confirm_to_keep (always in force for sessions
//     restricted to organisations) and confirm_within_hours (default 24). A booking on such
//     a session holds its place as status 'pending' (or waits on the waiting list) until the
//     booker follows the link mailed to them: bookings.confirm_hash is that link's token,
//     hashed, and confirm_by the time the reminders worker releases the place if nobody
//     confirmed. Pending places take a seat exactly as confirmed ones do (slots.confirmed
//     counts both), so capacity can never be overbooked by them; the partial unique index of
//     one active booking per person per session now counts 'pending' as active.
//   - Owners. engagement_sessions.facilitator_ids and workshops.facilitator_ids (JSON lists
//     of user ids) name the co-facilitators who may change the object beside its creator
//     (created_by_id). Existing rows keep their creator; a session whose creator is unknown
//     (created_by_id NULL) is left to admins, who can add co-facilitators: giving every
//     facilitator those sessions would keep the hole open on exactly the old data.
//
// confer_book and confer_book_batch are replaced: they take the hashed confirm token, book
// 'pending' instead of 'confirmed' on such sessions, count 'pending' in the clash rule,
// promote an unconfirmed waiting booking to 'pending', and return confirm_by.
func m0012BookingConfirmOwners() *gormigrate.Migration {
	type EngagementSession struct {
		ConfirmToKeep      bool   `gorm:"not null;default:false"`
		ConfirmWithinHours int    `gorm:"not null;default:24"`
		FacilitatorIDs     string `gorm:"column:facilitator_ids;type:text;not null;default:'[]'"`
	}
	type Workshop struct {
		FacilitatorIDs string `gorm:"column:facilitator_ids;type:text;not null;default:'[]'"`
	}
	type Booking struct {
		ConfirmHash string     `gorm:"size:64;not null;default:'';index"`
		ConfirmBy   *time.Time `gorm:"index"`
	}
	columns := []struct {
		model any
		field string
	}{{&EngagementSession{}, "ConfirmToKeep"}, {&EngagementSession{}, "ConfirmWithinHours"},
		{&EngagementSession{}, "FacilitatorIDs"}, {&Workshop{}, "FacilitatorIDs"},
		{&Booking{}, "ConfirmHash"}, {&Booking{}, "ConfirmBy"}}
	activeIndex := func(tx *gorm.DB, statuses string) error {
		if err := tx.Exec(`DROP INDEX IF EXISTS idx_bookings_active_person`).Error; err != nil {
			return err
		}
		return tx.Exec(`CREATE UNIQUE INDEX idx_bookings_active_person ON bookings (engagement_session_id, email) ` +
			`WHERE status IN (` + statuses + `)`).Error
	}
	return &gormigrate.Migration{
		ID: "0012_booking_confirm_owners",
		Migrate: func(tx *gorm.DB) error {
			for _, c := range columns {
				if err := tx.Migrator().AddColumn(c.model, c.field); err != nil {
					return err
				}
			}
			for _, idx := range []string{"ConfirmHash", "ConfirmBy"} {
				if err := tx.Migrator().CreateIndex(&Booking{}, idx); err != nil {
					return err
				}
			}
			if err := activeIndex(tx, "'confirmed', 'pending', 'waitlisted'"); err != nil {
				return err
			}
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			return tx.Exec(`DROP FUNCTION IF EXISTS confer_book_batch; DROP FUNCTION IF EXISTS confer_book;` +
				confirmBookFunctionSQL + ";" + confirmBookBatchFunctionSQL).Error
		},
		Rollback: func(tx *gorm.DB) error {
			if tx.Dialector.Name() == "postgres" {
				if err := tx.Exec(`DROP FUNCTION IF EXISTS confer_book_batch; DROP FUNCTION IF EXISTS confer_book;` +
					reservedBookFunctionSQL + ";" + reservedBookBatchFunctionSQL).Error; err != nil {
					return err
				}
			}
			// Pending places were never confirmed: they give their seats back.
			if err := tx.Exec("UPDATE slots SET confirmed = confirmed - (SELECT COUNT(*) FROM bookings b " +
				"WHERE b.slot_id = slots.id AND b.status = 'pending'), confirmed_open = confirmed_open - (SELECT COUNT(*) " +
				"FROM bookings b WHERE b.slot_id = slots.id AND b.status = 'pending' AND NOT b.reserve_qualified)").Error; err != nil {
				return err
			}
			if err := tx.Exec("UPDATE bookings SET status = 'cancelled' WHERE status = 'pending'").Error; err != nil {
				return err
			}
			if err := activeIndex(tx, "'confirmed', 'waitlisted'"); err != nil {
				return err
			}
			for _, idx := range []string{"ConfirmHash", "ConfirmBy"} {
				if err := tx.Migrator().DropIndex(&Booking{}, idx); err != nil {
					return err
				}
			}
			if err := dropColumns(tx, "bookings", "confirm_by", "confirm_hash"); err != nil {
				return err
			}
			if err := dropColumns(tx, "workshops", "facilitator_ids"); err != nil {
				return err
			}
			return dropColumns(tx, "engagement_sessions", "facilitator_ids", "confirm_within_hours", "confirm_to_keep")
		},
	}
}

// confirmBookFunctionSQL is confer_book (see 0010) with confirm to keep: on a session that
// needs it, the seat is taken as 'pending' with the hashed confirm token and a deadline.
//
//go:embed sql/0012_confer_book.sql
var confirmBookFunctionSQL string

// confirmBookBatchFunctionSQL is confer_book_batch for the new argument and result column.
//
//go:embed sql/0012_confer_book_batch.sql
var confirmBookBatchFunctionSQL string
