// Package models holds what every area shares: the Store, errors, secrets, group commit,
// attribution, organisations, people and sign-in. Each area's GORM models and store
// functions are in models/<area>, whose Store wraps this one. Nothing here knows about HTTP.
package models

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/confer-nhs/confer/models/migrations"
)

// Store is the one handle on the database, passed explicitly to whatever needs it.
type Store struct {
	DB *gorm.DB
	// URL is the Postgres URL the store was opened with ("" on SQLite); LISTEN/NOTIFY
	// listeners open their own connection with it.
	URL string

	// writers holds the store's group-commit writers by name (GroupCommitOf): the
	// bookings on Postgres, say (models/booking/booking_batch.go).
	writers sync.Map
	// onBatch hears each group-commit batch's size (ObserveBatches: the server's metrics).
	onBatch atomic.Pointer[func(writer string, size int)]

	// auditMu serialises this process's audit writes on SQLite (trail.go); Postgres
	// serialises every instance's with an advisory lock instead.
	auditMu sync.Mutex
}

// OpenOptions says which database to open.
type OpenOptions struct {
	DatabaseURL string // postgres://... ; empty means SQLite under DataDir
	DataDir     string
	SQLitePath  string // overrides DataDir/confer.db when set (tests)
	MaxConns    int    // Postgres pool size; 0 means 32
	// BusyTimeout is how long a SQLite statement waits for another writer's lock before
	// failing with "database is locked"; 0 means 10 s. Tests shorten it to meet a busy
	// database quickly.
	BusyTimeout time.Duration
}

// Open connects to Postgres or the embedded SQLite file and runs the migrations.
func Open(ctx context.Context, o OpenOptions) (*Store, error) {
	cfg := &gorm.Config{
		NowFunc:        func() time.Time { return time.Now().UTC() },
		TranslateError: true,
		Logger:         logger.Default.LogMode(logger.Silent),
	}
	var (
		db  *gorm.DB
		err error
	)
	if isPostgresURL(o.DatabaseURL) {
		db, err = gorm.Open(postgres.Open(o.DatabaseURL), cfg)
		if err == nil {
			err = tunePostgres(db, o.MaxConns)
		}
	} else if o.DatabaseURL != "" {
		return nil, fmt.Errorf("DATABASE_URL must start with postgres:// or postgresql://")
	} else {
		db, err = openSQLite(o, cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	s := &Store{DB: db}
	if isPostgresURL(o.DatabaseURL) {
		s.URL = o.DatabaseURL
	}
	if err := migrations.Run(db.WithContext(ctx)); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return s, nil
}

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

func openSQLite(o OpenOptions, cfg *gorm.Config) (*gorm.DB, error) {
	path := o.SQLitePath
	if path == "" {
		dir := o.DataDir
		if dir == "" {
			dir = "data"
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
		path = filepath.Join(dir, "confer.db")
	}
	// busy_timeout first, so every later statement (including the WAL switch) waits for a
	// lock instead of failing; WAL lets readers run beside the one writer; foreign keys are
	// off by default in SQLite; synchronous NORMAL is durable in WAL mode except on power
	// loss. secure_delete overwrites deleted content with zeros, so an erased person's
	// address is not left in free space of the file (subject erasure, models/privacy).
	// _txlock=immediate takes the write lock at BEGIN, so two read-then-write
	// transactions cannot deadlock on a lock upgrade (which busy_timeout cannot resolve).
	busy := o.BusyTimeout
	if busy <= 0 {
		busy = 10 * time.Second
	}
	dsn := "file:" + path + fmt.Sprintf("?_pragma=busy_timeout(%d)", busy.Milliseconds()) + "&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=secure_delete(1)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	return db, nil
}

func tunePostgres(db *gorm.DB, maxConns int) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	if maxConns <= 0 {
		maxConns = 32
	}
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return nil
}

// IsPostgres reports whether the store runs on Postgres (multi-instance features need it).
func (s *Store) IsPostgres() bool { return s.DB.Dialector.Name() == "postgres" }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close releases the connection pool.
func (s *Store) Close() error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Tx runs fn in one transaction on the store's database.
func (s *Store) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.DB.WithContext(ctx).Transaction(fn)
}

// IsDuplicate reports a unique-index violation on either database.
func IsDuplicate(err error) bool { return errors.Is(err, gorm.ErrDuplicatedKey) }

// Page is a 1-based page request with a bounded size.
type Page struct {
	Page, PerPage int
}

// Normalise fills defaults and caps the page size.
func (p Page) Normalise() Page {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = 50
	}
	if p.PerPage > 500 {
		p.PerPage = 500
	}
	return p
}

// Offset is the number of rows before this page.
func (p Page) Offset() int { return (p.Page - 1) * p.PerPage }
