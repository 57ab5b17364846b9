package models_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
)

// TestBackupUnderWriteLoadRestores backs the embedded database up while writers append to
// the audit trail (each row hashes the one before, so a torn copy would not verify),
// restores the copy into a fresh data directory, opens it as Confer would, and checks
// SQLite's integrity, the chain, and that the copy holds every row written before the
// backup began and none written after it ended.
func TestBackupUnderWriteLoadRestores(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := models.Open(ctx, models.OpenOptions{DataDir: filepath.Join(dir, "live")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	appendRow := func() error {
		return store.AppendAudit(ctx, &models.AuditEvent{Action: "people.update", ObjectKind: "person", ObjectID: "1", Status: 200})
	}
	for range 200 {
		if err := appendRow(); err != nil {
			t.Fatal(err)
		}
	}

	var (
		stop    atomic.Bool
		writers sync.WaitGroup
		written atomic.Int64
	)
	for range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for !stop.Load() {
				if err := appendRow(); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		}()
	}
	for written.Load() < 50 { // the load is running
		time.Sleep(time.Millisecond)
	}
	before := rows(t, store)
	backup := filepath.Join(dir, "confer-backup.db")
	if err := store.BackupSQLite(ctx, backup); err != nil {
		t.Fatal(err)
	}
	after := rows(t, store)
	for written.Load() < 100 { // and went on after the backup
		time.Sleep(time.Millisecond)
	}
	stop.Store(true)
	writers.Wait()

	if err := store.BackupSQLite(ctx, backup); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup over the first: %v, want a refusal", err)
	}
	restored := filepath.Join(dir, "restored")
	if err := models.RestoreSQLite(ctx, backup, restored); err != nil {
		t.Fatal(err)
	}
	copyStore, err := models.Open(ctx, models.OpenOptions{DataDir: restored})
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	var integrity string
	copyStore.DB.Raw("PRAGMA integrity_check").Scan(&integrity)
	check, err := copyStore.VerifyAudit(ctx)
	if integrity != "ok" || err != nil || check.Break != nil || check.Rows != rows(t, copyStore) {
		t.Fatalf("restored copy: integrity %q, chain %+v (%v)", integrity, check, err)
	}
	got := rows(t, copyStore)
	if got < before || got > after || got == rows(t, store) {
		t.Errorf("the copy holds %d rows; %d were there when the backup began, %d when it ended, %d now",
			got, before, after, rows(t, store))
	}

	// Restoring never replaces a database, and refuses what is not a Confer database.
	if err := models.RestoreSQLite(ctx, backup, restored); err == nil || !strings.Contains(err.Error(), "empty data directory") {
		t.Errorf("restore over a database: %v", err)
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, just some bytes that are long enough"), 0o600)
	if err := models.RestoreSQLite(ctx, junk, filepath.Join(dir, "other")); err == nil {
		t.Error("restored a file that is not a database")
	}
	if _, err := os.Stat(filepath.Join(dir, "other", "confer.db")); err == nil {
		t.Error("a refused restore left a database behind")
	}
}

func rows(t *testing.T, s *models.Store) int64 {
	t.Helper()
	var n int64
	if err := s.DB.Model(&models.AuditEvent{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
