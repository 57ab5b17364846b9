package migrations_test

import (
	"testing"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestSingleSignOnMigration: 0022 over sessions and people stored before it (sessions
// read as opened by link, people as not bound), one identity binds one account only, and
// the rollback leaves people and sessions whole.
func TestSingleSignOnMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0022_single_sign_on"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	if db.Migrator().HasColumn("people", "oidc_subject") || db.Migrator().HasTable("oidc_logins") {
		t.Fatal("0022 survived the rollback")
	}
	for _, q := range []string{
		`INSERT INTO people (email, name, role, created_at, updated_at) VALUES ('a@trust.example', 'A', 'admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
		`INSERT INTO people (email, name, role, created_at, updated_at) VALUES ('b@trust.example', 'B', 'comms', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
		`INSERT INTO web_sessions (person_id, hash, expires_at, created_at, last_seen_at)
			SELECT id, 'h1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM people WHERE email = 'a@trust.example'`,
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var method string
	if err := db.Raw("SELECT method FROM web_sessions WHERE hash = 'h1'").Scan(&method).Error; err != nil || method != "link" {
		t.Fatalf("an older session's method = %q, %v; want link", method, err)
	}
	bind := "UPDATE people SET oidc_issuer = 'https://idp.example', oidc_subject = 's1' WHERE email = ?"
	if err := db.Exec(bind, "a@trust.example").Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(bind, "b@trust.example").Error; err == nil {
		t.Fatal("one identity bound to two accounts")
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM people p JOIN web_sessions s ON s.person_id = p.id").Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("sessions after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
