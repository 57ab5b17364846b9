package migrations_test

import (
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestReadinessPulsesMigration: 0029 adds pulses, their questions, responses and answers,
// and campaigns.pulse_id over campaigns stored before it (they carry no pulse); one
// response per contact per pulse is enforced by the database; rolling back drops them and
// keeps the campaigns, and it migrates again.
func TestReadinessPulsesMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0029_readiness_pulses"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"pulses", "pulse_questions", "pulse_responses", "pulse_answers"} {
		if db.Migrator().HasTable(table) {
			t.Fatalf("%s survived the rollback", table)
		}
	}
	if db.Migrator().HasColumn("campaigns", "pulse_id") {
		t.Fatal("campaigns.pulse_id survived the rollback")
	}
	now := time.Now().UTC()
	var campaignID uint
	if err := db.Raw(`INSERT INTO campaigns (name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, created_at, updated_at)
		VALUES ('Before pulses', 'S', 'B', 'newsletter', '{}', 'draft', 1, 1, 'k', ?, ?) RETURNING id`, now, now).Scan(&campaignID).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var withPulse int64
	if err := db.Raw("SELECT COUNT(*) FROM campaigns WHERE pulse_id IS NOT NULL").Scan(&withPulse).Error; err != nil || withPulse != 0 {
		t.Fatalf("older campaigns with a pulse: %d, %v", withPulse, err)
	}
	var pulseID uint
	if err := db.Raw(`INSERT INTO pulses (title, opens_at, closes_at, created_at, updated_at)
		VALUES ('Ready for go-live', ?, ?, ?, ?) RETURNING id`, now, now.Add(time.Hour), now, now).Scan(&pulseID).Error; err != nil {
		t.Fatal(err)
	}
	insert := `INSERT INTO pulse_responses (pulse_id, source, contact_id, staff_group, created_at, updated_at) VALUES (?, ?, ?, 'Students', ?, ?)`
	if err := db.Exec(insert, pulseID, "personal", 7, now, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(insert, pulseID, "personal", 7, now, now).Error; err == nil {
		t.Fatal("a second response from the same contact to the same pulse was stored")
	}
	for range 2 { // open-link responses carry no contact: any number
		if err := db.Exec(insert, pulseID, "open", nil, now, now).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Exec("UPDATE campaigns SET pulse_id = ? WHERE id = ?", pulseID, campaignID).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM campaigns WHERE id = ?", campaignID).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("campaigns after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
