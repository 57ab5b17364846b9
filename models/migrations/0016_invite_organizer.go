package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0016InviteOrganizer supports calendar invites that stay whole for their life:
//
//   - bookings.organizer_name and organizer_email hold the ORGANIZER a booking's first
//     invite was sent with; its updates and cancellations reuse it, so changing
//     CONFER_MAIL_FROM later does not orphan the events already in people's calendars.
//     Empty until the first invite is sent.
//   - outbox_messages.alternatives holds the bodies beside text and HTML (the invite's
//     text/calendar part), as JSON like attachments.
func m0016InviteOrganizer() *gormigrate.Migration {
	type Booking struct {
		OrganizerName  string `gorm:"size:200;not null;default:''"`
		OrganizerEmail string `gorm:"size:320;not null;default:''"`
	}
	type OutboxMessage struct {
		Alternatives string `gorm:"type:text;not null;default:'[]'"`
	}
	columns := []struct {
		model any
		field string
	}{{&Booking{}, "OrganizerName"}, {&Booking{}, "OrganizerEmail"}, {&OutboxMessage{}, "Alternatives"}}
	return &gormigrate.Migration{
		ID: "0016_invite_organizer",
		Migrate: func(tx *gorm.DB) error {
			for _, c := range columns {
				if err := tx.Migrator().AddColumn(c.model, c.field); err != nil {
					return err
				}
			}
			return nil
		},
		// Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+ and Postgres): GORM's SQLite
		// DropColumn rebuilds the table and loses the indexes other migrations made in SQL.
		Rollback: func(tx *gorm.DB) error {
			for _, c := range [][2]string{{"bookings", "organizer_name"}, {"bookings", "organizer_email"},
				{"outbox_messages", "alternatives"}} {
				if err := tx.Exec("ALTER TABLE " + c[0] + " DROP COLUMN " + c[1]).Error; err != nil {
					return err
				}
			}
			return nil
		},
	}
}
