package migrations_test

import (
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestMilestonesSeriesMigration: 0028 adds milestones, their targets and slot series, and
// slots.series_id over slots stored before it (they belong to no series); rolling back
// drops them and keeps the slots, and it migrates again.
func TestMilestonesSeriesMigration(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0028_milestones_series"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"milestones", "milestone_targets", "slot_series"} {
		if db.Migrator().HasTable(table) {
			t.Fatalf("%s survived the rollback", table)
		}
	}
	if db.Migrator().HasColumn("slots", "series_id") {
		t.Fatal("slots.series_id survived the rollback")
	}
	now := time.Now().UTC()
	var sessionID, slotID uint
	if err := db.Raw(`INSERT INTO engagement_sessions (title, description, category, format, location, meeting_url,
		staff_groups, restrict_to_organisations, created_at, updated_at)
		VALUES ('Before series', '', 'clinical', 'virtual', '', 'https://teams.example/old', '[]', false, ?, ?) RETURNING id`,
		now, now).Scan(&sessionID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw(`INSERT INTO slots (engagement_session_id, starts_at, ends_at, capacity, confirmed, confirmed_open,
		waitlisted, waitlist_seq, created_at, updated_at) VALUES (?, ?, ?, 5, 0, 0, 0, 0, ?, ?) RETURNING id`,
		sessionID, now.Add(48*time.Hour), now.Add(49*time.Hour), now, now).Scan(&slotID).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	var inSeries int64
	if err := db.Raw("SELECT COUNT(*) FROM slots WHERE series_id IS NOT NULL").Scan(&inSeries).Error; err != nil || inSeries != 0 {
		t.Fatalf("older slots in a series: %d, %v", inSeries, err)
	}
	if err := db.Exec(`INSERT INTO organisations (name, code, kind, created_at, updated_at) VALUES ('Moorside', 'RMT', 'acute', ?, ?)`, now, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO milestones (organisation_id, site, name, go_live_on, created_at, updated_at)
		SELECT id, '', 'Go-live', '2027-04-27', ?, ? FROM organisations`, now, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO milestone_targets (milestone_id, staff_group, category, min_percent)
		SELECT id, 'Students', '', 80 FROM milestones`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO slot_series (engagement_session_id, rule, timezone, milestone_id, weeks_before, created_at)
		SELECT ?, 'FREQ=WEEKLY;COUNT=1', 'Europe/London', id, 6, ? FROM milestones`, sessionID, now).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("UPDATE slots SET series_id = (SELECT MIN(id) FROM slot_series) WHERE id = ?", slotID).Error; err != nil {
		t.Fatal(err)
	}
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM slots WHERE id = ?", slotID).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("slots after rollback: %d, %v", n, err)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
}
