package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Rollback undoes one migration of a migrated database by its ID, so a test can populate
// the database as the version before it was and then migrate again.
func Rollback(db *gorm.DB, id string) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = true
	for _, m := range all() {
		if m.ID == id {
			return gormigrate.New(db, &opts, all()).RollbackMigration(m)
		}
	}
	return gorm.ErrRecordNotFound
}
