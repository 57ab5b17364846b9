package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestSeedHasReadiness: the demo has two go-live milestones with targets, training
// anchored to Moorside's (upcoming times in a series), and a past cohort with attendance,
// so the readiness board shows progress and gaps on a fresh `make run`.
func TestSeedHasReadiness(t *testing.T) {
	t.Parallel()
	store := storetest.Open(t)
	ctx := context.Background()
	if err := Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	ms, err := booking.Of(store).ListMilestones(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || len(ms[0].Targets) == 0 {
		t.Fatalf("milestones: %+v", ms)
	}
	var anchored, attended int64
	store.DB.Raw(`SELECT COUNT(*) FROM slots JOIN slot_series ON slot_series.id = slots.series_id
		WHERE slot_series.milestone_id IS NOT NULL AND slots.starts_at > CURRENT_TIMESTAMP`).Scan(&anchored)
	store.DB.Model(&booking.Booking{}).Where("attendance = ?", booking.AttendanceAttended).Count(&attended)
	if anchored != 16 || attended < 20 {
		t.Fatalf("anchored upcoming times %d, attended %d", anchored, attended)
	}
}

// TestSeedHasPulses: Moorside's two pulses are answered, the second still open, and the
// trend among registered nurses rises.
func TestSeedHasPulses(t *testing.T) {
	t.Parallel()
	store := storetest.Open(t)
	ctx := context.Background()
	if err := Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	ps, err := readiness.Of(store).ListPulses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if len(ps) != 2 || ps[0].State(now) == ps[1].State(now) {
		t.Fatalf("pulses: %d", len(ps))
	}
	tr, err := readiness.Of(store).PulseTrend(ctx, readiness.TrendFilter{StaffGroup: "Nursing and Midwifery Registered"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tr.Summary, "rose from 42% to 67%") {
		t.Fatalf("trend: %q", tr.Summary)
	}
}
