package demo

import (
	"context"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestSeedHasSessionsAndBookings seeds the demo ICS and checks the engagement sessions
// are alive: a dozen sessions (beside the readiness demo's training) across the three categories, upcoming slots within three
// weeks, and bookings by demo people that keep every slot within capacity.
func TestSeedHasSessionsAndBookings(t *testing.T) {
	t.Parallel()
	store := storetest.Open(t)
	ctx := context.Background()
	start := time.Now()
	if err := Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %s", time.Since(start))
	sessions, err := booking.Of(store).ListEngagementSessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]int{}
	for _, s := range sessions {
		if s.Title == trainingSession {
			continue // the readiness demo's training: a series ten weeks out and a past cohort
		}
		cats[s.Category]++
		for _, sl := range s.Slots {
			if sl.Confirmed > sl.Capacity || sl.StartsAt.After(time.Now().AddDate(0, 0, 22)) || sl.StartsAt.Before(time.Now()) {
				t.Errorf("slot %d: %+v", sl.ID, sl)
			}
		}
	}
	if len(sessions) != 13 || cats["clinical"] == 0 || cats["operational"] == 0 || cats["technical"] == 0 {
		t.Fatalf("sessions %d by category %v", len(sessions), cats)
	}
	var booked int64
	store.DB.Model(&booking.Booking{}).Where("status = ?", booking.StatusConfirmed).Count(&booked)
	if booked < 50 {
		t.Fatalf("only %d demo bookings", booked)
	}
}
