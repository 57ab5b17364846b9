// Command coveragebench measures the coverage query on PostgreSQL at the size the issue
// names: 10 organisations × 12 staff groups, 100,000 contacts and 50,000 bookings, plus
// 100,000 campaign recipients, 20,000 feedback posts, replies and workshop votes. It seeds
// with generate_series (seconds, not minutes), then times Store.Coverage — the same call
// the API makes — with and without a category and a period, and prints the figures.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
)

func main() {
	url := flag.String("db", os.Getenv("DATABASE_URL"), "Postgres URL of an empty database")
	runs := flag.Int("runs", 50, "timed runs per query")
	reuse := flag.Bool("reuse", false, "the database is already seeded: skip seeding")
	explain := flag.Bool("explain", false, "print the query plan of the per-cell count")
	flag.Parse()
	if err := run(*url, *runs, *explain, *reuse); err != nil {
		fmt.Fprintln(os.Stderr, "coveragebench:", err)
		os.Exit(1)
	}
}

func run(url string, runs int, explain, reuse bool) error {
	ctx := context.Background()
	if !strings.HasPrefix(url, "postgres") {
		return fmt.Errorf("-db must be a Postgres URL")
	}
	store, err := models.Open(ctx, models.OpenOptions{DatabaseURL: url, MaxConns: 4})
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	if !reuse {
		if err := seed(store); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		fmt.Printf("seeded in %s\n", time.Since(start).Round(time.Millisecond))
	}
	if err := counts(store); err != nil {
		return err
	}
	pct := func(v float64) *float64 { return &v }
	if _, err := coverage.Of(store).ReplaceCoverageTargets(ctx, []coverage.CoverageTargetInput{
		{Stage: "attended", Category: "clinical", StaffGroup: "Nursing and Midwifery Registered", MinPercent: pct(5)},
		{Stage: "reached", MinPercent: pct(80)},
		{Stage: "contributed", MinPercent: pct(10)},
	}); err != nil {
		return err
	}
	if explain {
		plan, err := coverage.Of(store).ExplainCoverage(ctx, coverage.CoverageFilter{})
		if err != nil {
			return err
		}
		fmt.Println(plan)
	}
	from, to, _ := coverage.ParsePeriod("2026-10-01", "2026-10-31")
	for _, c := range []struct {
		name string
		f    coverage.CoverageFilter
	}{
		{"all categories, all time", coverage.CoverageFilter{}},
		{"category=clinical", coverage.CoverageFilter{Category: "clinical"}},
		{"from=2026-10-01&to=2026-10-31", coverage.CoverageFilter{From: from, To: to}},
	} {
		if err := timeIt(ctx, store, c.name, c.f, runs); err != nil {
			return err
		}
	}
	return nil
}

func timeIt(ctx context.Context, store *models.Store, name string, f coverage.CoverageFilter, runs int) error {
	var ds []time.Duration
	var r *coverage.CoverageReport
	for i := 0; i < runs+3; i++ {
		t := time.Now()
		var err error
		if r, err = coverage.Of(store).Coverage(ctx, f); err != nil {
			return err
		}
		if i >= 3 { // three warm-up runs
			ds = append(ds, time.Since(t))
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(p float64) time.Duration { return ds[int(p*float64(len(ds)-1))].Round(100 * time.Microsecond) }
	fmt.Printf("coverage %-32s cells=%d gaps=%d  runs=%d  min=%s p50=%s p95=%s max=%s\n",
		name, len(r.Cells), len(r.Gaps), len(ds), ds[0].Round(100*time.Microsecond), q(0.5), q(0.95), ds[len(ds)-1].Round(100*time.Microsecond))
	return nil
}

func counts(store *models.Store) error {
	for _, t := range []string{"organisations", "contacts", "bookings", "campaign_recipients", "feedback_posts",
		"feedback_replies", "poll_participants", "poll_votes"} {
		var n int64
		if err := store.DB.Table(t).Count(&n).Error; err != nil {
			return err
		}
		fmt.Printf("%-20s %8d rows\n", t, n)
	}
	return nil
}
