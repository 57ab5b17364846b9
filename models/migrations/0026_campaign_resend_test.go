package migrations_test

import (
	"testing"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestCampaignResendMigration: 0026 adds campaign_recipients.resent_at over recipients
// stored before it (they read as never resent, so an unsettled one can be resent once),
// rolls back keeping the recipients, and migrates again.
func TestCampaignResendMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0026_campaign_resend"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	if db.Migrator().HasColumn("campaign_recipients", "resent_at") {
		t.Fatal("resent_at survived the rollback")
	}
	var campaign uint
	if err := db.Raw(`INSERT INTO campaigns (name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, created_at, updated_at)
		VALUES ('C', 'S', 'B', 'newsletter', '{}', 'sent', 1, 1, 'k', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) RETURNING id`).Scan(&campaign).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO campaign_recipients (campaign_id, contact_id, batch_seq, email, name, staff_group, state, error)
		VALUES (?, 1, 0, 'a@b.example', 'A', '', 'unsettled', '')`, campaign).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var resent int64
	if err := db.Raw("SELECT COUNT(*) FROM campaign_recipients WHERE resent_at IS NOT NULL").Scan(&resent).Error; err != nil || resent != 0 {
		t.Fatalf("older recipients marked resent: %d, %v", resent, err)
	}
	if err := db.Exec("UPDATE campaign_recipients SET resent_at = CURRENT_TIMESTAMP, state = 'sent'").Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM campaign_recipients WHERE email = 'a@b.example' AND state = 'sent'").Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("recipients after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
