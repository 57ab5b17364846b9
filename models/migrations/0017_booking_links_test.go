package migrations_test

import (
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestMigration0017 adds booking_links with its unique hash, rolls it back (the table
// goes) and migrates again.
func TestMigration0017(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	now := time.Now().UTC()
	if err := db.Exec("INSERT INTO booking_links (booking_id, hash, created_at) VALUES (1, 'h1', ?)", now).Error; err != nil {
		t.Fatalf("insert a link: %v", err)
	}
	if err := db.Exec("INSERT INTO booking_links (booking_id, hash, created_at) VALUES (2, 'h1', ?)", now).Error; err == nil {
		t.Fatal("a second link with the same hash was stored")
	}
	before := migrations.Before("0017_booking_links")
	if err := migrations.Migrator(db).RollbackTo(before); err != nil {
		t.Fatalf("roll 0017 back: %v", err)
	}
	if db.Migrator().HasTable("booking_links") {
		t.Fatal("rollback left booking_links")
	}
	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward again: %v", err)
	}
	if !db.Migrator().HasTable("booking_links") || !db.Migrator().HasIndex("booking_links", "idx_booking_links_hash") {
		t.Fatal("booking_links or its index missing after migrating again")
	}
}
