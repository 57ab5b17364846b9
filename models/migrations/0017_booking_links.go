package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0017BookingLinks adds booking_links: further manage links of a booking, issued after
// the first (bookings.manage_hash) when someone asks for their links again ("Lost your
// link?"). Tokens are stored only as hashes, so a lost link cannot be sent again; a new
// one is issued instead, and the old ones keep working (the first sits in the booking
// email and in the calendar event, and anyone could ask on someone's behalf, so asking
// must never break a link). Each row is one link; the hash is unique.
func m0017BookingLinks() *gormigrate.Migration {
	type BookingLink struct {
		ID        uint      `gorm:"primaryKey"`
		BookingID uint      `gorm:"not null;index"`
		Hash      string    `gorm:"size:64;not null;uniqueIndex:idx_booking_links_hash"`
		CreatedAt time.Time `gorm:"not null"`
	}
	return &gormigrate.Migration{
		ID: "0017_booking_links",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(&BookingLink{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("booking_links")
		},
	}
}
