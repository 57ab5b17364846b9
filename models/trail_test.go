package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestAuditChainStaysLinearUnderConcurrentWriters: 50 goroutines append at once (on
// Postgres through two stores, as two instances would), and the chain is one line: ids
// 1..n with no gap, each row's prev_hash the hash of the one before, and verify passes.
func TestAuditChainStaysLinearUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var stores []*models.Store
	if storetest.Postgres() {
		url := storetest.NewDatabaseURL(t)
		for range 2 {
			s, err := models.Open(ctx, models.OpenOptions{DatabaseURL: url, MaxConns: 8})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			stores = append(stores, s)
		}
	} else {
		stores = append(stores, storetest.Open(t))
	}
	const writers, each = 50, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := stores[w%len(stores)]
			for i := range each {
				errs <- st.AppendAudit(ctx, &models.AuditEvent{Action: "test.write", ObjectKind: "writer", ObjectID: fmt.Sprint(w, "/", i)})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var rows []models.AuditEvent
	stores[0].DB.Order("id").Find(&rows)
	if len(rows) != writers*each {
		t.Fatalf("%d rows, want %d", len(rows), writers*each)
	}
	for i, r := range rows {
		if r.ID != uint64(i+1) || (i > 0 && r.PrevHash != rows[i-1].Hash) || (i > 0 && r.At.Before(rows[i-1].At)) {
			t.Fatalf("row %d breaks the line: %+v after %+v", i, r, rows[max(i-1, 0)])
		}
	}
	res, err := stores[0].VerifyAudit(ctx)
	if err != nil || res.Break != nil || res.Rows != writers*each || res.HeadHash != rows[len(rows)-1].Hash {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// TestPruneAuditKeepsTheRestVerifiable: pruning deletes the oldest rows only (never the
// newest), verification then starts at the oldest remaining row, and new rows continue
// the chain.
func TestPruneAuditKeepsTheRestVerifiable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := storetest.Open(t)
	for i := range 5 {
		if err := st.AppendAudit(ctx, &models.AuditEvent{Action: "test.write", ObjectID: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	// Rows 1-3 are a year old.
	if err := st.DB.Exec("UPDATE audit_events SET at = ? WHERE id <= 3", time.Now().AddDate(-1, 0, 0).UTC()).Error; err != nil {
		t.Fatal(err)
	}
	// Re-hash the aged rows so the chain is as if written then.
	var rows []models.AuditEvent
	st.DB.Order("id").Find(&rows)
	prev := ""
	for _, r := range rows {
		r.PrevHash = prev
		r.Hash = models.AuditHash(&r)
		st.DB.Model(&models.AuditEvent{}).Where("id = ?", r.ID).Updates(map[string]any{"prev_hash": r.PrevHash, "hash": r.Hash})
		prev = r.Hash
	}
	n, err := st.PruneAudit(ctx, time.Now().AddDate(0, -6, 0))
	if err != nil || n != 3 {
		t.Fatalf("prune: %d %v, want 3", n, err)
	}
	if err := st.AppendAudit(ctx, &models.AuditEvent{Action: "test.after"}); err != nil {
		t.Fatal(err)
	}
	res, err := st.VerifyAudit(ctx)
	if err != nil || res.Break != nil || res.Rows != 3 || res.FirstID != 4 || res.HeadID != 6 {
		t.Fatalf("verify after prune: %+v %v", res, err)
	}
	// Pruning everything keeps the newest row, so the chain goes on from it.
	if n, err := st.PruneAudit(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("prune all: %d %v, want 2", n, err)
	}
	if err := st.AppendAudit(ctx, &models.AuditEvent{Action: "test.after"}); err != nil {
		t.Fatal(err)
	}
	if res, err := st.VerifyAudit(ctx); err != nil || res.Break != nil || res.Rows != 2 || res.FirstID != 6 {
		t.Fatalf("verify after pruning all: %+v %v", res, err)
	}
}
