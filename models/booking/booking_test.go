package booking_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestBookingBatchIsolatesAFailure: when the database refuses one booking of a batch, the
// whole confer_book_batch call rolls back, and the writer books the others one by one, so
// one person's failure is never another's.
func TestBookingBatchIsolatesAFailure(t *testing.T) {
	t.Parallel()
	if !storetest.Postgres() {
		t.Skip("the batched booking writer runs on PostgreSQL; SQLite books one at a time")
	}
	s := storetest.Open(t)
	ctx := context.Background()
	title, category, format, location := "Batch test", "clinical", "in_person", "Room 1"
	sess, err := booking.Of(s).CreateEngagementSession(ctx, booking.SessionInput{Title: &title, Category: &category,
		Format: &format, Location: &location}, 1)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	end, capacity := start.Add(30*time.Minute), 2
	slot, err := booking.Of(s).CreateSlot(ctx, sess.ID, booking.SlotInput{StartsAt: &start, EndsAt: &end, Capacity: &capacity})
	if err != nil {
		t.Fatal(err)
	}
	person := func(name, email string) booking.BookingInput {
		return booking.BookingInput{Name: name, Email: email, StaffGroup: "Nursing and Midwifery Registered", JobRole: "Nurse"}
	}
	tooLong := person(strings.Repeat("n", 300), "b@ward.example.org") // longer than the name column
	outcomes, errs := booking.Of(s).BookTogetherForTest(slot.ID, []booking.BookingInput{
		person("A", "a@ward.example.org"), tooLong, person("C", "c@ward.example.org"), person("D", "d@ward.example.org")})
	want := []string{booking.StatusConfirmed, "", booking.StatusConfirmed, "full"}
	for i := range want {
		if outcomes[i] != want[i] {
			t.Errorf("booking %d: outcome %q, want %q (error %v)", i, outcomes[i], want[i], errs[i])
		}
	}
	if errs[1] == nil {
		t.Error("the over-long name was stored")
	}
	got, err := booking.Of(s).GetSlot(ctx, slot.ID)
	if err != nil || got.Confirmed != 2 {
		t.Fatalf("slot confirmed %d (%v), want 2", got.Confirmed, err)
	}
}
