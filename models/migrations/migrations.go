// Package migrations holds Confer's versioned schema migrations, run in order at start-up
// on SQLite and Postgres by gormigrate. Each migration declares its own snapshot structs so
// that later edits to the models cannot change what an old migration does.
package migrations

import (
	"fmt"
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// all lists every migration in the order it runs. Append new ones; never edit old ones.
func all() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		m0001Foundation(),
		m0002Sessions(),
		m0003Feedback(),
		m0004Polls(),
		m0005Campaigns(),
		m0006Coverage(),
		m0008BookingFunction(),
		m0009CoverageIndexes(),
		m0010ReservedSeats(),
		m0011CampaignSafety(),
		m0012BookingConfirmOwners(),
		m0013ContactStaffRecord(),
		m0014AnonymousQuestions(),
		m0016InviteOrganizer(),
		m0017BookingLinks(),
		m0020CampaignLinks(),
		m0021BookingPromote(),
		m0022SingleSignOn(),
		m0023AuditEvents(),
		m0024RetentionRuns(),
		m0025ContactLeft(),
		m0026CampaignResend(),
		m0027Decisions(),
		m0028MilestonesSeries(),
		m0029ReadinessPulses(),
	}
}

// Run applies every pending migration, each in its own transaction. On PostgreSQL it
// holds a database lock while it does, so instances starting together (a rolling start, a
// cluster's first start on an empty database) migrate once: the first applies, the others
// wait and then find nothing to do. Without it they raced, and all but one failed to
// start (TestInstancesStartingTogetherMigrateOnce).
func Run(db *gorm.DB) error {
	if db.Dialector.Name() != "postgres" {
		return Migrator(db).Migrate() // SQLite: one file, one writer at a time
	}
	// A session-level advisory lock belongs to one connection: lock, migrate and unlock
	// on the same one.
	return db.Connection(func(conn *gorm.DB) error {
		if err := conn.Exec("SELECT pg_advisory_lock(?)", migrationLockKey).Error; err != nil {
			return fmt.Errorf("lock for migrations: %w", err)
		}
		defer conn.Exec("SELECT pg_advisory_unlock(?)", migrationLockKey)
		return Migrator(conn).Migrate()
	})
}

// migrationLockKey is the advisory lock migrations hold (any constant no other lock uses:
// "confer:migrate" read as a number).
const migrationLockKey int64 = 0x636f6e6665726d67

// Migrator is the migrator Run uses, for tests that migrate to or roll back to one
// version (a migration that moves data is tested from the version before it).
func Migrator(db *gorm.DB) *gormigrate.Gormigrate {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = true
	return gormigrate.New(db, &opts, all())
}

// dropColumns drops columns in place with ALTER TABLE (SQLite 3.35+ and Postgres), for
// rollbacks. GORM's SQLite DropColumn rebuilds the table instead: that loses the indexes
// other migrations made in SQL, and with foreign keys on it fails once other tables hold
// rows that point at the rebuilt one. Drop a column's indexes before the column.
func dropColumns(tx *gorm.DB, table string, columns ...string) error {
	for _, c := range columns {
		if err := tx.Exec("ALTER TABLE " + table + " DROP COLUMN " + c).Error; err != nil {
			return err
		}
	}
	return nil
}
