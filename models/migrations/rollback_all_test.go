package migrations_test

import (
	"context"
	"testing"

	"github.com/confer-nhs/confer/models/demo"
	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestEveryMigrationRollsBackAndReappliesOverData fills a database with the demo ICS (every
// area: people, sessions and bookings, feedback, polls, campaigns, coverage), then rolls back
// every migration, newest first, each over the data the ones after it left, and migrates up
// again from there: each migration runs on a populated database of the version before it.
// The demo data must still be readable after the round trip, and a second Seed must add
// nothing (it finds the demo ICS already there).
func TestEveryMigrationRollsBackAndReappliesOverData(t *testing.T) {
	t.Parallel()
	store := storetest.Open(t)
	ctx := context.Background()
	if err := demo.Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	count := func(table string) int64 {
		var n int64
		if err := store.DB.Table(table).Count(&n).Error; err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		return n
	}
	kept := []string{"organisations", "people"} // made by 0001, never dropped below it
	before := map[string]int64{}
	for _, table := range kept {
		before[table] = count(table)
	}

	ids := migrations.IDs()
	for i := len(ids) - 1; i >= 1; i-- { // 0001's rollback drops everything; stop above it
		if err := migrations.Rollback(store.DB, ids[i]); err != nil {
			t.Fatalf("rollback %s over the demo data: %v", ids[i], err)
		}
	}
	for _, table := range kept {
		if got := count(table); got != before[table] {
			t.Errorf("%s: %d rows after rolling back to %s, want %d", table, got, ids[0], before[table])
		}
	}
	if err := migrations.Run(store.DB); err != nil {
		t.Fatalf("migrate up again over the data of %s: %v", ids[0], err)
	}
	for _, table := range kept {
		if got := count(table); got != before[table] {
			t.Errorf("%s: %d rows after migrating up again, want %d", table, got, before[table])
		}
	}
	if err := demo.Seed(ctx, store); err != nil {
		t.Fatalf("seed after the round trip: %v", err)
	}
	if got := count("organisations"); got != before["organisations"] {
		t.Errorf("a second seed added organisations: %d, want %d", got, before["organisations"])
	}
}
