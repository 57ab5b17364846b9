package migrations_test

import (
	"context"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestMigration0012 moves a database holding a booking made before 0012 (at the
// migration listed before it) forward, checks
// the old session stays with admins (creator unknown) and books through the new
// confer_book as pending, then rolls back: the pending place gives its seat back and is
// cancelled, and the database migrates forward again.
func TestMigration0012(t *testing.T) {
	t.Parallel()
	st := storetest.Open(t)
	ctx, db := context.Background(), st.DB
	before := migrations.Before("0012_booking_confirm_owners")
	if err := migrations.Migrator(db).RollbackTo(before); err != nil {
		t.Fatalf("rollback to %s: %v", before, err)
	}
	now := time.Now().UTC()
	start := now.Add(72 * time.Hour).Truncate(time.Hour)
	var sessionID, slotID uint
	if err := db.Raw(`INSERT INTO engagement_sessions (title, description, category, format, location, meeting_url,
		staff_groups, restrict_to_organisations, created_at, updated_at)
		VALUES ('Made before owners', '', 'clinical', 'virtual', '', 'https://teams.example/old', '[]', false, ?, ?) RETURNING id`,
		now, now).Scan(&sessionID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw(`INSERT INTO slots (engagement_session_id, starts_at, ends_at, capacity, confirmed, confirmed_open,
		waitlisted, waitlist_seq, created_at, updated_at) VALUES (?, ?, ?, 5, 1, 1, 0, 0, ?, ?) RETURNING id`,
		sessionID, start, start.Add(time.Hour), now, now).Scan(&slotID).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO bookings (slot_id, engagement_session_id, name, email, staff_group, job_role, status,
		queue_seq, attendance, manage_hash, calendar_uid, calendar_seq, starts_at, ends_at, created_at, updated_at)
		VALUES (?, ?, 'Old Booker', 'old@ward.example.org', 'Other', 'Nurse', 'confirmed', 0, '', 'oldhash', 'old-uid', 0, ?, ?, ?, ?)`,
		slotID, sessionID, start, start.Add(time.Hour), now, now).Error; err != nil {
		t.Fatal(err)
	}

	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward: %v", err)
	}
	s, err := booking.Of(st).GetEngagementSession(ctx, sessionID)
	if err != nil {
		t.Fatal(err)
	}
	if s.ConfirmToKeep || s.ConfirmWithinHours != booking.DefaultConfirmWithinHours || len(s.FacilitatorIDs) != 0 {
		t.Fatalf("old session after 0012: %+v", s)
	}
	owners, err := st.OwnersOf(ctx, models.OwnedSlot, slotID)
	if err != nil || owners.CreatedByID != nil || owners.Includes(1) {
		t.Fatalf("a session of unknown creator is left to admins: %+v, %v", owners, err)
	}
	if err := db.Exec("UPDATE engagement_sessions SET confirm_to_keep = ? WHERE id = ?", true, sessionID).Error; err != nil {
		t.Fatal(err)
	}
	b, _, err := booking.Of(st).Book(ctx, slotID, booking.BookingInput{Name: "New Booker", Email: "new@ward.example.org",
		StaffGroup: "Other", JobRole: "Nurse"})
	if err != nil || b.Status != booking.StatusPending || b.ConfirmToken == "" {
		t.Fatalf("book after 0012: %+v, %v", b, err)
	}

	if err := migrations.Migrator(db).RollbackTo(before); err != nil {
		t.Fatalf("roll 0012 back: %v", err)
	}
	var slot struct{ Confirmed, ConfirmedOpen int }
	db.Raw("SELECT confirmed, confirmed_open FROM slots WHERE id = ?", slotID).Scan(&slot)
	var status string
	db.Raw("SELECT status FROM bookings WHERE id = ?", b.ID).Scan(&status)
	if slot.Confirmed != 1 || slot.ConfirmedOpen != 1 || status != booking.StatusCancelled {
		t.Fatalf("after rollback: slot %+v, pending booking %q", slot, status)
	}
	if db.Migrator().HasColumn("bookings", "confirm_by") || db.Migrator().HasColumn("engagement_sessions", "facilitator_ids") {
		t.Fatal("rollback left 0012's columns")
	}
	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward again: %v", err)
	}
}
