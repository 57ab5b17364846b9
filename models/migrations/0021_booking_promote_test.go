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

// TestMigration0021 books a full slot and its waiting list on a database of the version
// before 0021 (confer_book promoting by itself), migrates forward and cancels: the seat
// goes to the head of the queue through confer_promote. It then rolls 0021 back (on
// Postgres confer_promote and its helpers are gone and confer_book is 0012's again, still
// booking and promoting) and migrates forward again.
func TestMigration0021(t *testing.T) {
	t.Parallel()
	const id = "0021_booking_promote"
	st := storeBefore(t, id)
	ctx, db := context.Background(), st.DB
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	slotID := newSlot(t, st, start, 1)
	book := func(email string) (*booking.Booking, string) {
		t.Helper()
		b, raw, err := booking.Of(st).Book(ctx, slotID, booking.BookingInput{Name: "Person", Email: email, StaffGroup: "Other",
			JobRole: "Nurse", Waitlist: true})
		if err != nil {
			t.Fatalf("book %s: %v", email, err)
		}
		return b, raw
	}
	first, firstRaw := book("first@ward.example.org")
	second, _ := book("second@ward.example.org")
	if first.Status != booking.StatusConfirmed || second.Status != booking.StatusWaitlisted {
		t.Fatalf("before %s: %s and %s, want confirmed and waitlisted", id, first.Status, second.Status)
	}

	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward: %v", err)
	}
	_, promoted, err := booking.Of(st).CancelBooking(ctx, firstRaw)
	if err != nil || len(promoted) != 1 || promoted[0].ID != second.ID || promoted[0].Status != booking.StatusConfirmed {
		t.Fatalf("cancel after %s: promoted %+v, %v", id, promoted, err)
	}
	slot, err := booking.Of(st).GetSlot(ctx, slotID)
	if err != nil || slot.Confirmed != 1 || slot.ConfirmedOpen != 1 || slot.Waitlisted != 0 {
		t.Fatalf("slot after the promotion: %+v, %v", slot, err)
	}
	third, _ := book("third@ward.example.org")
	if third.Status != booking.StatusWaitlisted || third.Position != 1 {
		t.Fatalf("queue after %s: %s %d", id, third.Status, third.Position)
	}

	if err := migrations.Rollback(db, id); err != nil {
		t.Fatalf("roll %s back: %v", id, err)
	}
	if db.Dialector.Name() == "postgres" {
		var n int64
		db.Raw("SELECT COUNT(*) FROM pg_proc WHERE proname IN ('confer_promote', 'confer_seat_free', 'confer_held_share') " +
			"OR (proname = 'confer_book' AND prosrc LIKE '%confer_promote%')").Scan(&n)
		if n != 0 {
			t.Fatalf("rollback left %d of 0021's functions", n)
		}
	}
	fourth, _ := book("fourth@ward.example.org") // 0012's confer_book on Postgres
	if fourth.Status != booking.StatusWaitlisted || fourth.Position != 2 {
		t.Fatalf("book after rolling back: %s %d", fourth.Status, fourth.Position)
	}
	if err := migrations.Run(db); err != nil {
		t.Fatalf("migrate forward again: %v", err)
	}
}

// storeBefore opens a store migrated to the version just before migration id.
func storeBefore(t *testing.T, id string) *models.Store {
	t.Helper()
	st := storetest.Open(t)
	if err := migrations.Migrator(st.DB).RollbackTo(migrations.Before(id)); err != nil {
		t.Fatalf("rollback to before %s: %v", id, err)
	}
	return st
}

// newSlot adds a session and one slot of the given capacity starting at start.
func newSlot(t *testing.T, st *models.Store, start time.Time, capacity int) uint {
	t.Helper()
	ctx := context.Background()
	title, category, format, location := "Made before 0021", "clinical", "in_person", "Room 1"
	sess, err := booking.Of(st).CreateEngagementSession(ctx, booking.SessionInput{Title: &title, Category: &category, Format: &format,
		Location: &location}, 1)
	if err != nil {
		t.Fatal(err)
	}
	end := start.Add(time.Hour)
	slot, err := booking.Of(st).CreateSlot(ctx, sess.ID, booking.SlotInput{StartsAt: &start, EndsAt: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	return slot.ID
}
