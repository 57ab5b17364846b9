package models_test

import (
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

// BenchmarkAppendAudit is what the audit trail adds to every privileged request: one
// transaction that reads the last row's hash and appends a row (serialised: the chain is
// one line). On PostgreSQL set CONFER_TEST_POSTGRES. docs/PERFORMANCE.md has the figures.
func BenchmarkAppendAudit(b *testing.B) {
	store := storetest.Open(b)
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		e := &models.AuditEvent{Action: "people.update", ObjectKind: "person", ObjectID: "7",
			Summary: "role facilitator → comms", Status: 200, RequestID: "bench"}
		if err := store.AppendAudit(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendAuditParallel is many requests auditing at once: they queue on the
// chain's lock, so this is the trail's ceiling in rows a second.
func BenchmarkAppendAuditParallel(b *testing.B) {
	store := storetest.Open(b)
	ctx := b.Context()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			e := &models.AuditEvent{Action: "people.update", ObjectKind: "person", ObjectID: "7", Status: 200}
			if err := store.AppendAudit(ctx, e); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
