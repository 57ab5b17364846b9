package migrations_test

import (
	"testing"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestContactLeftMigration: 0025 adds contacts.left_at over contacts stored before it
// (they read as not left), rolls back keeping the contacts, and migrates again.
func TestContactLeftMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0025_contact_left"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	if db.Migrator().HasColumn("contacts", "left_at") {
		t.Fatal("left_at survived the rollback")
	}
	if err := db.Exec(`INSERT INTO contacts (email, name, staff_group, created_at, updated_at)
		VALUES ('a@b.example', 'A', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var left int64
	if err := db.Raw("SELECT COUNT(*) FROM contacts WHERE left_at IS NOT NULL").Scan(&left).Error; err != nil || left != 0 {
		t.Fatalf("older contacts marked left: %d, %v", left, err)
	}
	if err := db.Exec("UPDATE contacts SET left_at = CURRENT_TIMESTAMP").Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM contacts WHERE email = 'a@b.example'").Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("contacts after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
