package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/web"
)

// backup writes a consistent copy of the embedded SQLite database while Confer runs
// (models.BackupSQLite). PostgreSQL has its own tools: README, Backups.
func backup(cfg web.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	to := fs.String("to", "", "the new file to write the backup to (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("usage: confer backup --to FILE")
	}
	if cfg.DatabaseURL != "" {
		return errors.New("confer backup copies the embedded SQLite database; for PostgreSQL use pg_dump (README, Backups)")
	}
	ctx := context.Background()
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.BackupSQLite(ctx, *to); err != nil {
		return err
	}
	info, err := os.Stat(*to)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backed up to %s (%d bytes, integrity checked)\n", *to, info.Size())
	return nil
}

// restore puts a backup in place as CONFER_DATA_DIR's database; the directory must hold
// none yet (models.RestoreSQLite). Start Confer afterwards: it migrates an older copy.
func restore(cfg web.Config, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fs.String("from", "", "the backup file to restore (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("usage: confer restore --from FILE")
	}
	if cfg.DatabaseURL != "" {
		return errors.New("confer restore fills the embedded SQLite database; for PostgreSQL use pg_restore or psql (README, Backups)")
	}
	if err := models.RestoreSQLite(context.Background(), *from, cfg.DataDir); err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s into %s; start Confer to use it\n", *from, cfg.DataDir)
	return nil
}
