package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0013ContactStaffRecord keeps two more columns of a staff list (an NHS Electronic Staff
// Record export) on each contact: the area of work, finer than the staff group, and the
// employee or assignment number, the organisation's own id for the person, so a contact
// can be traced back to the record it came from.
func m0013ContactStaffRecord() *gormigrate.Migration {
	type Contact struct {
		AreaOfWork string `gorm:"size:200;not null;default:''"`
		ExternalID string `gorm:"size:64;not null;default:''"`
	}
	return &gormigrate.Migration{
		ID: "0013_contact_staff_record",
		Migrate: func(tx *gorm.DB) error {
			for _, f := range []string{"AreaOfWork", "ExternalID"} {
				if err := tx.Migrator().AddColumn(&Contact{}, f); err != nil {
					return err
				}
			}
			return nil
		},
		// Rollback drops the columns with ALTER TABLE itself: GORM's SQLite DropColumn
		// rebuilds the table and loses its indexes (the unique email among them);
		// SQLite has dropped columns in place since 3.35.
		Rollback: func(tx *gorm.DB) error {
			for _, c := range []string{"external_id", "area_of_work"} {
				if err := tx.Exec("ALTER TABLE contacts DROP COLUMN " + c).Error; err != nil {
					return err
				}
			}
			return nil
		},
	}
}
