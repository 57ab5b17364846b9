package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0028MilestonesSeries adds go-live milestones (a date per organisation, and site when it
// goes live in waves) with a training target per staff group, and slot series: slots
// made from one RFC 5545 rule, optionally anchored a number of weeks before a milestone
// so they move when it moves (slots.series_id says which series a slot came from).
func m0028MilestonesSeries() *gormigrate.Migration {
	type Milestone struct {
		ID             uint   `gorm:"primaryKey"`
		OrganisationID uint   `gorm:"not null;index"`
		Site           string `gorm:"not null;default:''"`
		Name           string `gorm:"not null"`
		GoLiveOn       string `gorm:"size:10;not null"` // YYYY-MM-DD: a calendar date, no time zone
		CreatedByID    *uint
		CreatedAt      time.Time
		UpdatedAt      time.Time
	}
	type MilestoneTarget struct {
		ID          uint   `gorm:"primaryKey"`
		MilestoneID uint   `gorm:"not null;index"`
		StaffGroup  string `gorm:"not null"`
		Category    string `gorm:"not null;default:''"`
		MinPercent  int    `gorm:"not null"`
	}
	type SlotSeries struct {
		ID                  uint   `gorm:"primaryKey"`
		EngagementSessionID uint   `gorm:"not null;index"`
		Rule                string `gorm:"not null"`
		Timezone            string `gorm:"not null"`
		MilestoneID         *uint  `gorm:"index"`
		WeeksBefore         int    `gorm:"not null;default:0"`
		CreatedAt           time.Time
	}
	type Slot struct {
		SeriesID *uint
	}
	return &gormigrate.Migration{
		ID: "0028_milestones_series",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&Milestone{}, &MilestoneTarget{}, &SlotSeries{}); err != nil {
				return err
			}
			if err := tx.Migrator().AddColumn(&Slot{}, "SeriesID"); err != nil {
				return err
			}
			return tx.Exec("CREATE INDEX idx_slots_series_id ON slots (series_id) WHERE series_id IS NOT NULL").Error
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Exec("DROP INDEX IF EXISTS idx_slots_series_id").Error; err != nil {
				return err
			}
			if err := dropColumns(tx, "slots", "series_id"); err != nil {
				return err
			}
			return tx.Migrator().DropTable("slot_series", "milestone_targets", "milestones")
		},
	}
}
