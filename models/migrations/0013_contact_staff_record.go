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
		Rollback: func(tx *gorm.DB) error {
			for _, f := range []string{"ExternalID", "AreaOfWork"} {
				if err := tx.Migrator().DropColumn(&Contact{}, f); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
