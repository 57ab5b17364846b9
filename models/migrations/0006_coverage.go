package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0006Coverage adds the coverage targets the admin sets and the record of what was done
// about a gap (a campaign draft started from a flagged cell), which the evidence pack cites.
func m0006Coverage() *gormigrate.Migration {
	type CoverageTarget struct {
		ID             uint    `gorm:"primaryKey"`
		Stage          string  `gorm:"size:20;not null"`
		Category       string  `gorm:"size:20;not null;default:''"`
		OrganisationID *uint   `gorm:"index"` // nil: each organisation
		StaffGroup     string  `gorm:"size:60;not null;default:''"`
		MinPercent     float64 `gorm:"not null;default:0"`
		MinCount       int     `gorm:"not null;default:0"`
		CreatedAt      time.Time
	}
	type CoverageAction struct {
		ID             uint   `gorm:"primaryKey"`
		OrganisationID uint   `gorm:"not null;index:idx_coverage_actions_cell,priority:1"`
		StaffGroup     string `gorm:"size:60;not null;index:idx_coverage_actions_cell,priority:2"`
		Stage          string `gorm:"size:20;not null;default:''"`
		Category       string `gorm:"size:20;not null;default:''"`
		Kind           string `gorm:"size:20;not null"` // campaign_draft
		CampaignID     *uint  `gorm:"index"`
		Note           string `gorm:"type:text;not null;default:''"`
		CreatedByID    *uint
		CreatedAt      time.Time `gorm:"index"`
	}
	tables := []any{&CoverageTarget{}, &CoverageAction{}}
	return &gormigrate.Migration{
		ID: "0006_coverage",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(tables...)
		},
		Rollback: func(tx *gorm.DB) error {
			for i := len(tables) - 1; i >= 0; i-- {
				if err := tx.Migrator().DropTable(tables[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
