package migrations_test

import (
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestCampaignSafetyMigration runs 0011 over campaigns made before it: each gets its
// author as the editor of version 1, and the migration rolls back and forward again.
func TestCampaignSafetyMigration(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	m := migrations.Migrator(s.DB)
	if err := m.RollbackTo("0010_reserved_seats"); err != nil {
		t.Fatalf("roll back to 0010: %v", err)
	}
	if s.DB.Migrator().HasTable("campaign_edits") {
		t.Fatal("campaign_edits survived the rollback")
	}
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i, author := range []uint{7, 9} {
		if err := s.DB.Exec(`INSERT INTO campaigns (name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, created_at, updated_at)
			VALUES (?, 'S', 'B', 'newsletter', '{}', 'draft', ?, ?, 'k', ?, ?)`, "C", i+1, author, created, created).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := m.MigrateTo("0011_campaign_safety"); err != nil {
		t.Fatalf("migrate to 0011: %v", err)
	}
	var edits []struct {
		CampaignID uint
		Version    int
		EditorID   uint
		CreatedAt  time.Time
	}
	if err := s.DB.Table("campaign_edits").Order("campaign_id").Find(&edits).Error; err != nil {
		t.Fatal(err)
	}
	if len(edits) != 2 || edits[0].EditorID != 7 || edits[1].EditorID != 9 || edits[1].Version != 1 || !edits[0].CreatedAt.Equal(created) {
		t.Fatalf("backfilled edits = %+v", edits)
	}
	var hold string
	if err := s.DB.Raw("SELECT hold_reason FROM campaigns WHERE author_id = 7").Scan(&hold).Error; err != nil || hold != "" {
		t.Fatalf("hold_reason = %q, %v", hold, err)
	}
	if err := m.RollbackTo("0010_reserved_seats"); err != nil {
		t.Fatalf("roll back 0011: %v", err)
	}
	if s.DB.Migrator().HasColumn("campaign_recipients", "drop_reason") || s.DB.Migrator().HasTable("campaign_edits") {
		t.Fatal("rollback left 0011's schema behind")
	}
	if err := migrations.Run(s.DB); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
}
