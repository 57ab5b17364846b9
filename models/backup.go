package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// BackupSQLite writes a consistent copy of the embedded database to path while the app
// runs: SQLite's VACUUM INTO reads one snapshot (WAL lets the writer carry on) and writes
// a compact, defragmented file. The copy goes to path+".partial" first and is checked with
// PRAGMA integrity_check before it takes its name, so a file at path is always whole.
// PostgreSQL is backed up with its own tools (pg_dump, continuous archiving): README.
func (s *Store) BackupSQLite(ctx context.Context, path string) error {
	if s.IsPostgres() {
		return errors.New("confer backup copies the embedded SQLite database; for PostgreSQL use pg_dump (README, Backups)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists: choose a new file (a backup never overwrites one)", path)
	}
	partial := path + ".partial"
	os.Remove(partial) // a failed earlier attempt
	if err := s.DB.WithContext(ctx).Exec("VACUUM INTO ?", partial).Error; err != nil {
		os.Remove(partial)
		return fmt.Errorf("backup: %w", err)
	}
	if err := checkSQLiteFile(ctx, partial); err != nil {
		os.Remove(partial)
		return err
	}
	return os.Rename(partial, path)
}

// RestoreSQLite puts a backup in place as dataDir's database. It refuses a data directory
// that already holds one (restoring is never a way to lose data), and a file that is not
// a whole Confer database. Confer migrates the restored copy when it next starts, so a
// backup from an older version restores too.
func RestoreSQLite(ctx context.Context, from, dataDir string) error {
	if err := checkSQLiteFile(ctx, from); err != nil {
		return err
	}
	dest := filepath.Join(dataDir, "confer.db")
	for _, p := range []string{dest, dest + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s already exists: restore into an empty data directory (CONFER_DATA_DIR)", p)
		}
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return err
	}
	partial := dest + ".partial"
	if err := copyFile(from, partial); err != nil {
		os.Remove(partial)
		return fmt.Errorf("restore: %w", err)
	}
	return os.Rename(partial, dest)
}

// checkSQLiteFile opens path read-only (through the "sqlite" driver that glebarez/sqlite
// registers) and checks it is a whole SQLite database holding Confer's schema.
func checkSQLiteFile(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("cannot read the backup: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return fmt.Errorf("%s is not a SQLite database: %w", path, err)
	}
	if result != "ok" {
		return fmt.Errorf("%s failed SQLite's integrity check: %s", path, result)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%s is not a Confer database (it has no migrations)", path)
	}
	return nil
}

// copyFile copies from to a new file at to and syncs it to disk.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
