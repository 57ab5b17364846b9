package migrations_test

import (
	"context"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/migrations"
)

// TestMigration0023 migrates a database of the version before 0023 forward, writes and
// verifies a chain, rolls 0023 back (the table is gone) and migrates forward again.
func TestMigration0023(t *testing.T) {
	t.Parallel()
	const id = "0023_audit_events"
	st := storeBefore(t, id)
	ctx := context.Background()
	if st.DB.Migrator().HasTable("audit_events") {
		t.Fatal("audit_events exists before 0023")
	}
	if err := migrations.Run(st.DB); err != nil {
		t.Fatalf("migrate forward: %v", err)
	}
	for range 3 {
		if err := st.AppendAudit(ctx, &models.AuditEvent{Action: "test.write"}); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := st.VerifyAudit(ctx); err != nil || res.Rows != 3 || res.Break != nil {
		t.Fatalf("verify: %+v %v", res, err)
	}
	if err := migrations.Rollback(st.DB, id); err != nil {
		t.Fatalf("roll %s back: %v", id, err)
	}
	if st.DB.Migrator().HasTable("audit_events") {
		t.Fatal("audit_events survives the rollback")
	}
	if err := migrations.Run(st.DB); err != nil {
		t.Fatalf("migrate forward again: %v", err)
	}
}
