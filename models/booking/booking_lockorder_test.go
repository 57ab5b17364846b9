package booking_test

import (
	"context"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestBookingBatchesTakeSlotsInOneOrder: another instance's batch holds slot A's row and
// is about to take slot B's; this instance's batch, arrived in the order B then A, must
// wait for A without having taken B first, or the two deadlock (PostgreSQL then stalls
// both for deadlock_timeout and aborts one). The other transaction stands in for the
// other instance: its update of B must go through at once (lock_timeout 500 ms, under
// deadlock_timeout's 1 s), and then both bookings are made.
func TestBookingBatchesTakeSlotsInOneOrder(t *testing.T) {
	t.Parallel()
	if !storetest.Postgres() {
		t.Skip("the batched booking writer runs on PostgreSQL; SQLite books one at a time")
	}
	s := storetest.Open(t)
	ctx := context.Background()
	title, category, format, location := "Lock order", "clinical", "in_person", "Room 1"
	sess, err := booking.Of(s).CreateEngagementSession(ctx, booking.SessionInput{Title: &title, Category: &category,
		Format: &format, Location: &location}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var slots []uint
	for i := range 2 {
		start := time.Now().Add(time.Duration(72+i) * time.Hour).Truncate(time.Minute)
		end, capacity := start.Add(30*time.Minute), 5
		slot, err := booking.Of(s).CreateSlot(ctx, sess.ID, booking.SlotInput{StartsAt: &start, EndsAt: &end, Capacity: &capacity})
		if err != nil {
			t.Fatal(err)
		}
		slots = append(slots, slot.ID)
	}
	a, b := slots[0], slots[1]

	other := s.DB.Begin()
	defer other.Rollback()
	if err := other.Exec("SET LOCAL lock_timeout = '500ms'").Error; err != nil {
		t.Fatal(err)
	}
	if err := other.Exec("UPDATE slots SET updated_at = updated_at WHERE id = ?", a).Error; err != nil {
		t.Fatal(err)
	}
	type result struct {
		outcomes []string
		errs     []error
	}
	done := make(chan result, 1)
	go func() {
		o, e := booking.Of(s).BookBatchForTest([]uint{b, a}, []booking.BookingInput{
			{Name: "B", Email: "b@ward.example.org", StaffGroup: "Nursing and Midwifery Registered", JobRole: "Nurse"},
			{Name: "A", Email: "a@ward.example.org", StaffGroup: "Nursing and Midwifery Registered", JobRole: "Nurse"}})
		done <- result{o, e}
	}()
	// Wait until the batch is blocked on a lock (slot A's row, held by the other).
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var waiting int64
		s.DB.Raw(`SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()
			AND wait_event_type = 'Lock' AND query LIKE '%confer_book_batch%'`).Scan(&waiting)
		if waiting > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the batch never waited for slot A")
		}
	}
	if err := other.Exec("UPDATE slots SET updated_at = updated_at WHERE id = ?", b).Error; err != nil {
		t.Fatalf("the other instance could not take slot B: the batch took it before A (%v)", err)
	}
	if err := other.Commit().Error; err != nil {
		t.Fatal(err)
	}
	r := <-done
	for i, o := range r.outcomes {
		if o != booking.StatusConfirmed || r.errs[i] != nil {
			t.Errorf("booking %d: %q %v, want confirmed", i, o, r.errs[i])
		}
	}
}
