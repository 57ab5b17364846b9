package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0024RetentionRuns adds retention_runs: one row per kind of personal data each time the
// daily retention job checks it, with how many records it anonymised or deleted. It holds
// no personal data (a kind, an action, a count, a time), so "What Confer keeps" can say
// what was last removed, and the job can tell whether today's run has happened.
func m0024RetentionRuns() *gormigrate.Migration {
	type RetentionRun struct {
		ID     uint      `gorm:"primaryKey"`
		Kind   string    `gorm:"size:40;not null;index:idx_retention_runs_kind,priority:1"`
		Action string    `gorm:"size:20;not null"`
		Count  int64     `gorm:"not null"`
		At     time.Time `gorm:"not null;index"`
	}
	return &gormigrate.Migration{
		ID: "0024_retention_runs",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(&RetentionRun{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("retention_runs")
		},
	}
}
