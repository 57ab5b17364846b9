package migrations

import (
	"gorm.io/gorm"
)

// Before is the id of the migration that runs just before id.
func Before(id string) string {
	list := all()
	for i := 1; i < len(list); i++ {
		if list[i].ID == id {
			return list[i-1].ID
		}
	}
	return ""
}

// Rollback undoes one migration of a migrated database by its ID, so a test can populate
// the database as the version before it was and then migrate again.
func Rollback(db *gorm.DB, id string) error {
	for _, m := range all() {
		if m.ID == id {
			return Migrator(db).RollbackMigration(m)
		}
	}
	return gorm.ErrRecordNotFound
}

// IDs lists every migration's id in the order they run.
func IDs() []string {
	var ids []string
	for _, m := range all() {
		ids = append(ids, m.ID)
	}
	return ids
}
