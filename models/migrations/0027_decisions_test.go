package migrations_test

import (
	"testing"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestDecisionsMigration: 0027 adds the decision register's tables and the two opt-ins
// over rows stored before it (they read as not asked), rolls back keeping those rows, and
// migrates again.
func TestDecisionsMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0027_decisions"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"decisions", "decision_versions", "decision_links"} {
		if db.Migrator().HasTable(table) {
			t.Fatalf("%s survived the rollback", table)
		}
	}
	if db.Migrator().HasColumn("poll_participants", "notify_email") || db.Migrator().HasColumn("bookings", "hear_outcomes") {
		t.Fatal("an opt-in column survived the rollback")
	}
	if err := db.Exec(`INSERT INTO people (email, name, role, created_at, updated_at) VALUES ('f@b.example', 'F', 'facilitator', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO workshops (title, join_code, created_by_id, created_at, updated_at)
		SELECT 'W', 'ABC123', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM people WHERE email = 'f@b.example'`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO poll_participants (workshop_id, token_hash, display_name, staff_group, created_at)
		SELECT id, 'h', 'Sam', '', CURRENT_TIMESTAMP FROM workshops`).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var asked int64
	if err := db.Raw("SELECT COUNT(*) FROM poll_participants WHERE notify_email IS NOT NULL").Scan(&asked).Error; err != nil || asked != 0 {
		t.Fatalf("older participants with an address: %d, %v", asked, err)
	}
	if err := db.Exec(`INSERT INTO decisions (title, question, options, decided, rationale, decided_by, decided_on, status, epr_ref,
		organisation_ids, themes, quotes, version, created_at, updated_at)
		VALUES ('D', '', '[]', '', '', '', '', 'proposed', '', '[]', '[]', '[]', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM poll_participants").Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("participants after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
