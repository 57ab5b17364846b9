package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0025ContactLeft records when a contact left: a re-import of a staff list can mark the
// contacts missing from the new file as left (contacts.left_at), and the retention job
// removes leavers once the retention period has passed since that date. The index serves
// that job's "left before" sweep.
func m0025ContactLeft() *gormigrate.Migration {
	type Contact struct {
		LeftAt *time.Time
	}
	return &gormigrate.Migration{
		ID: "0025_contact_left",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().AddColumn(&Contact{}, "LeftAt"); err != nil {
				return err
			}
			return tx.Exec("CREATE INDEX idx_contacts_left_at ON contacts (left_at) WHERE left_at IS NOT NULL").Error
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Exec("DROP INDEX IF EXISTS idx_contacts_left_at").Error; err != nil {
				return err
			}
			return dropColumns(tx, "contacts", "left_at")
		},
	}
}
