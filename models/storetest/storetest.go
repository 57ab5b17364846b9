// Package storetest opens a fresh, migrated database for one test: a SQLite file in
// t.TempDir(), or — when CONFER_TEST_POSTGRES names a Postgres server — a new database on
// it, copied from a migrated template so each test starts clean and fast.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/confer-nhs/confer/models"
)

// EnvPostgres names the variable holding an admin URL of a throwaway Postgres server.
const EnvPostgres = "CONFER_TEST_POSTGRES"

// Open returns a fresh store for t, closed and dropped when the test ends.
func Open(t testing.TB) *models.Store {
	t.Helper()
	return OpenWith(t, nil)
}

// OpenWith is Open with the options adjusted by tune first (nil leaves them alone), for a
// test that needs, say, a short SQLite busy timeout.
func OpenWith(t testing.TB, tune func(*models.OpenOptions)) *models.Store {
	t.Helper()
	url := NewDatabaseURL(t)
	opts := models.OpenOptions{DatabaseURL: url}
	if url == "" {
		opts.SQLitePath = filepath.Join(t.TempDir(), "confer.db")
	}
	if tune != nil {
		tune(&opts)
	}
	s, err := models.Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// OpenSQLite returns a fresh SQLite store for t whatever CONFER_TEST_POSTGRES says, for
// tests that compare the two databases' paths side by side.
func OpenSQLite(t testing.TB) *models.Store {
	t.Helper()
	s, err := models.Open(context.Background(), models.OpenOptions{SQLitePath: filepath.Join(t.TempDir(), "confer.db")})
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Postgres reports whether tests run against Postgres.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

var (
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
	createMu sync.Mutex
)

// NewDatabaseURL creates an empty migrated Postgres database for t and returns its URL
// (dropped at cleanup), or "" when tests run on SQLite. Tests that start a server process
// of their own (two-instance and crash tests) use it to share one database.
func NewDatabaseURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		return ""
	}
	tmplOnce.Do(func() { tmplName, tmplErr = makeTemplate(admin) })
	if tmplErr != nil {
		t.Fatalf("postgres template: %v", tmplErr)
	}
	name := "confer_t_" + randomHex(6)
	createMu.Lock()
	err := adminExec(admin, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s%s", name, tmplName, copyStrategy))
	createMu.Unlock()
	if err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(admin, name)
}

// NewEmptyDatabaseURL creates an empty Postgres database, not migrated (dropped at
// cleanup), for tests of what happens on a first start; "" when tests run on SQLite.
func NewEmptyDatabaseURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		return ""
	}
	name := "confer_e_" + randomHex(6)
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create empty database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(admin, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(admin, name)
}

// copyStrategy is " STRATEGY FILE_COPY" on PostgreSQL 15 and later, where the default
// (WAL_LOG) writes every page of the template through the WAL: copying the files is a
// third of the time for a database this small (measured: 20 copies of the migrated
// 10 MB template, 1.4 s against 0.5 s), and the suite makes hundreds of them.
var copyStrategy string

// makeTemplate creates and migrates the database every test database is copied from.
func makeTemplate(admin string) (string, error) {
	name := fmt.Sprintf("confer_tmpl_%d_%s", os.Getpid(), randomHex(3))
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	var version int
	if err := adminQuery(admin, "SELECT current_setting('server_version_num')::int", &version); err != nil {
		return "", err
	}
	if version >= 150000 {
		copyStrategy = " STRATEGY FILE_COPY"
	}
	s, err := models.Open(context.Background(), models.OpenOptions{DatabaseURL: withDatabase(admin, name), MaxConns: 2})
	if err != nil {
		return "", err
	}
	return name, s.Close()
}

// adminPool is one connection pool to the admin database for the whole test binary:
// every test database is created and dropped through it, not through a connection
// opened for each statement.
var adminPool struct {
	once sync.Once
	db   *gorm.DB
	err  error
}

func adminDB(admin string) (*gorm.DB, error) {
	adminPool.once.Do(func() {
		adminPool.db, adminPool.err = gorm.Open(postgres.Open(admin), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	})
	return adminPool.db, adminPool.err
}

func adminQuery(admin, sql string, dest any) error {
	db, err := adminDB(admin)
	if err != nil {
		return err
	}
	return db.Raw(sql).Scan(dest).Error
}

func adminExec(admin, sql string) error {
	db, err := adminDB(admin)
	if err != nil {
		return err
	}
	return db.Exec(sql).Error
}

func withDatabase(admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		panic("bad " + EnvPostgres + ": " + err.Error())
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
