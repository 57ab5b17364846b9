package migrations_test

import (
	"testing"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestCampaignLinksMigration: 0020 adds campaign_events.url over events stored before it
// (they read as no link), rolls back leaving the events whole, and migrates again.
func TestCampaignLinksMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0020_campaign_links"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	if db.Migrator().HasColumn("campaign_events", "url") {
		t.Fatal("url survived the rollback")
	}
	if err := db.Exec(`INSERT INTO campaign_events (sg_event_id, event, email, occurred_at, created_at, outcome, reason)
		VALUES ('e1', 'click', 'a@b.example', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'clicked', '')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var url *string
	if err := db.Raw("SELECT url FROM campaign_events WHERE sg_event_id = 'e1'").Scan(&url).Error; err != nil || url == nil || *url != "" {
		t.Fatalf("url of an older event = %v, %v; want empty", url, err)
	}
	if err := db.Exec("UPDATE campaign_events SET url = 'https://example.nhs.uk/a'").Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM campaign_events WHERE sg_event_id = 'e1'").Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("events after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
