package models_test

import (
	"context"
	"sync"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestInstancesStartingTogetherMigrateOnce: several instances starting at once on an
// empty PostgreSQL database (a rolling start, or a cluster's first) all start, and each
// migration is applied once: migrations hold a database lock. On SQLite one file has one
// writer, so there is nothing to race.
func TestInstancesStartingTogetherMigrateOnce(t *testing.T) {
	t.Parallel()
	url := storetest.NewEmptyDatabaseURL(t)
	if url == "" {
		t.Skip("instances share a database only on PostgreSQL (set CONFER_TEST_POSTGRES)")
	}
	const instances = 4
	var (
		wg     sync.WaitGroup
		errs   = make([]error, instances)
		stores = make([]*models.Store, instances)
	)
	for i := range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = models.Open(context.Background(), models.OpenOptions{DatabaseURL: url, MaxConns: 4})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d did not start: %v", i, err)
		} else {
			defer stores[i].Close()
		}
	}
	if t.Failed() {
		return
	}
	var applied, distinct int64
	stores[0].DB.Raw("SELECT COUNT(*), COUNT(DISTINCT id) FROM schema_migrations").Row().Scan(&applied, &distinct)
	if applied == 0 || applied != distinct {
		t.Errorf("schema_migrations holds %d rows, %d distinct", applied, distinct)
	}
}
