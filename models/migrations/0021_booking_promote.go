package migrations

import (
	_ "embed"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0021BookingPromote gives Postgres one promotion function, confer_promote, used by
// confer_book and by every change that frees seats (cancellations, moves, capacity
// changes, released holds, expired confirmations: models.promote calls it), where the
// promotion loop was written in confer_book and again in Go. The held-seat arithmetic moves
// into confer_held_share and confer_seat_free, used by both. confer_book keeps its
// arguments and result; only its body changes (diff sql/0012_confer_book.sql with
// sql/0021_confer_book.sql). Nothing in the tables changes. SQLite has no functions: the
// same rule runs in Go there.
func m0021BookingPromote() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0021_booking_promote",
		Migrate: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			if err := tx.Exec(promoteFunctionsSQL).Error; err != nil {
				return err
			}
			return tx.Exec(promoteBookFunctionSQL).Error
		},
		Rollback: func(tx *gorm.DB) error {
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			if err := tx.Exec(confirmBookFunctionSQL).Error; err != nil { // 0012's, which promotes by itself
				return err
			}
			return tx.Exec(`DROP FUNCTION IF EXISTS confer_promote; DROP FUNCTION IF EXISTS confer_seat_free; ` +
				`DROP FUNCTION IF EXISTS confer_held_share`).Error
		},
	}
}

// promoteFunctionsSQL creates confer_held_share, confer_seat_free and confer_promote.
//
//go:embed sql/0021_confer_promote.sql
var promoteFunctionsSQL string

// promoteBookFunctionSQL is confer_book (see 0012) taking seats through confer_seat_free
// and promoting through confer_promote.
//
//go:embed sql/0021_confer_book.sql
var promoteBookFunctionSQL string
