package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestAuditVerifyDetectsTampering runs the real `confer audit verify` against a database
// (SQLite, or Postgres under CONFER_TEST_POSTGRES) holding a five-row chain: intact, it
// exits 0 with one line; with a row edited, deleted, or two rows' contents swapped, it
// exits non-zero naming the first broken row and why.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	for _, tc := range []struct {
		name, tamper, want string
	}{
		{"intact", "", "5 rows, chain intact"},
		{"edited", "UPDATE audit_events SET summary = 'role admin → comms' WHERE id = 3",
			"audit chain broken at row 3 (%s, test.action3): hash mismatch: the row was edited"},
		{"deleted", "DELETE FROM audit_events WHERE id = 3",
			"audit chain broken at row 4 (%s, test.action4): ids jump from 2 to 4: 1 row deleted"},
		{"reordered", "", "audit chain broken at row 2 (%s, test.action4): out of order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, st := auditDatabase(t)
			ctx := context.Background()
			for i := 1; i <= 5; i++ {
				if err := st.AppendAudit(ctx, &models.AuditEvent{Action: fmt.Sprintf("test.action%d", i), Summary: "role comms → admin"}); err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Millisecond) // distinct times, so a swap reorders them
			}
			var rows []models.AuditEvent
			st.DB.Order("id").Find(&rows)
			if tc.tamper != "" {
				if err := st.DB.Exec(tc.tamper).Error; err != nil {
					t.Fatal(err)
				}
			}
			at := ""
			switch tc.name {
			case "edited":
				at = rows[2].At.UTC().Format(time.RFC3339)
			case "deleted":
				at = rows[3].At.UTC().Format(time.RFC3339)
			case "reordered": // rows 2 and 4 swap everything but their ids
				swap(t, st, rows[1], rows[3])
				at = rows[3].At.UTC().Format(time.RFC3339)
			}
			st.Close()
			cmd := exec.Command(bin, "audit", "verify")
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			text := strings.TrimSpace(string(out))
			if tc.name == "intact" {
				if err != nil || !strings.HasPrefix(text, tc.want) || !strings.Contains(text, "head hash "+rows[4].Hash) {
					t.Fatalf("intact chain: %v, %q", err, text)
				}
				return
			}
			want := fmt.Sprintf(tc.want, at)
			if err == nil || !strings.Contains(text, want) || strings.Count(text, "\n") != 0 {
				t.Fatalf("%s chain: exit %v, %q, want one line with %q", tc.name, err, text, want)
			}
		})
	}
}

// auditDatabase is a fresh database for the binary (its environment) and a store on it.
func auditDatabase(t *testing.T) ([]string, *models.Store) {
	t.Helper()
	env := os.Environ()
	opts := models.OpenOptions{}
	if url := storetest.NewDatabaseURL(t); url != "" {
		env, opts.DatabaseURL = append(env, "DATABASE_URL="+url), url
	} else {
		dir := t.TempDir()
		env, opts.SQLitePath = append(env, "CONFER_DATA_DIR="+dir, "DATABASE_URL="), filepath.Join(dir, "confer.db")
	}
	st, err := models.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return env, st
}

// swap gives each of two rows the other's contents, hashes included, keeping the ids.
func swap(t *testing.T, st *models.Store, a, b models.AuditEvent) {
	t.Helper()
	set := func(id uint64, r models.AuditEvent) {
		if err := st.DB.Model(&models.AuditEvent{}).Where("id = ?", id).Updates(map[string]any{"at": r.At, "action": r.Action,
			"summary": r.Summary, "request_id": r.RequestID, "prev_hash": r.PrevHash, "hash": r.Hash}).Error; err != nil {
			t.Fatal(err)
		}
	}
	set(a.ID, b)
	set(b.ID, a)
}
