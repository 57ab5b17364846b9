package migrations

import (
	_ "embed"

	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0010ReservedSeats lets a session hold back a share of each slot's seats for named
// organisations or staff groups until a release date:
//
//   - engagement_sessions.reserved_share (percent, 0 = none), reserved_until, and who
//     qualifies (JSON lists of organisation ids and staff groups; a person must match every
//     list that is set); reserve_released_at records that the release job opened the seats;
//   - slots.confirmed_open counts confirmed bookings that do not qualify, so one
//     conditional update keeps them within capacity minus the held seats;
//   - bookings.reserve_qualified records whether a booking qualified when it was made.
//
// confer_book is replaced to apply the hold (its result gains the outcome 'held' and the
// column reserve_qualified), and confer_book_batch with it.
func m0010ReservedSeats() *gormigrate.Migration {
	type EngagementSession struct {
		ReservedShare           int `gorm:"not null;default:0"`
		ReservedUntil           *time.Time
		ReservedOrganisationIDs string `gorm:"column:reserved_organisation_ids;type:text;not null;default:'[]'"`
		ReservedStaffGroups     string `gorm:"type:text;not null;default:'[]'"`
		ReserveReleasedAt       *time.Time
	}
	type Slot struct {
		ConfirmedOpen int `gorm:"not null;default:0"`
	}
	type Booking struct {
		ReserveQualified bool `gorm:"not null;default:false"`
	}
	add := func(tx *gorm.DB, model any, fields ...string) error {
		for _, f := range fields {
			if err := tx.Migrator().AddColumn(model, f); err != nil {
				return err
			}
		}
		return nil
	}
	return &gormigrate.Migration{
		ID: "0010_reserved_seats",
		Migrate: func(tx *gorm.DB) error {
			if err := add(tx, &EngagementSession{}, "ReservedShare", "ReservedUntil", "ReservedOrganisationIDs",
				"ReservedStaffGroups", "ReserveReleasedAt"); err != nil {
				return err
			}
			if err := add(tx, &Slot{}, "ConfirmedOpen"); err != nil {
				return err
			}
			if err := add(tx, &Booking{}, "ReserveQualified"); err != nil {
				return err
			}
			// Nothing was held before: every confirmed booking is an open one.
			if err := tx.Exec("UPDATE slots SET confirmed_open = confirmed").Error; err != nil {
				return err
			}
			if tx.Dialector.Name() != "postgres" {
				return nil
			}
			return tx.Exec(`DROP FUNCTION IF EXISTS confer_book_batch; DROP FUNCTION IF EXISTS confer_book;` +
				reservedBookFunctionSQL + ";" + reservedBookBatchFunctionSQL).Error
		},
		Rollback: func(tx *gorm.DB) error {
			if tx.Dialector.Name() == "postgres" {
				if err := tx.Exec(`DROP FUNCTION IF EXISTS confer_book_batch; DROP FUNCTION IF EXISTS confer_book;` +
					bookFunctionSQL + ";" + bookBatchFunctionSQL).Error; err != nil {
					return err
				}
			}
			if err := dropColumns(tx, "bookings", "reserve_qualified"); err != nil {
				return err
			}
			if err := dropColumns(tx, "slots", "confirmed_open"); err != nil {
				return err
			}
			if err := dropColumns(tx, "engagement_sessions", "reserved_share", "reserved_until",
				"reserved_organisation_ids", "reserved_staff_groups", "reserve_released_at"); err != nil {
				return err
			}
			return nil
		},
	}
}

// reservedBookFunctionSQL is confer_book (see 0008) with held seats: a booking that does
// not qualify takes a seat only while confirmed_open stays under capacity minus the held
// seats; the outcome 'held' says seats are left but held for others; promotion gives a
// freed seat to the first in the queue who may take it.
//
//go:embed sql/0010_confer_book.sql
var reservedBookFunctionSQL string

// reservedBookBatchFunctionSQL is confer_book_batch for the new result row.
//
//go:embed sql/0010_confer_book_batch.sql
var reservedBookBatchFunctionSQL string
