package server

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"

	"github.com/confer-nhs/confer/server/people"
)

// busyEnv is a server whose SQLite connections give up on a lock after timeout, so a
// test meets a busy database in a second rather than ten.
func busyEnv(t *testing.T, timeout time.Duration) *testEnv {
	t.Helper()
	store := storetest.OpenWith(t, func(o *models.OpenOptions) { o.BusyTimeout = timeout })
	return newTestEnvOn(t, store)
}

// TestBigImportDoesNotBreakBookings reproduces D12: a large staff list imported while
// people book. The import used to hold SQLite's write lock for the whole file, so bookings
// waiting longer than the busy timeout failed with 500 "database is locked". Imported in
// short transactions, every booking gets through; none is ever a 500.
func TestBigImportDoesNotBreakBookings(t *testing.T) {
	t.Parallel()
	e := busyEnv(t, 2*time.Second)
	comms := e.tokenFor(models.RoleComms)
	f := newSessionFixture(e, 1000, nil)
	// SQLite's single writer is what the test is about; on Postgres a smaller list shows
	// the same import beside bookings without tying up the shared server.
	rows := 30_000
	if storetest.Postgres() {
		rows = 3_000
	}
	csv := contactsCSV(rows, "")

	var importing atomic.Bool
	importing.Store(true)
	imported := make(chan resp, 1)
	go func() {
		defer importing.Store(false)
		var r resp // sent even if the request fails the test, so the test ends rather than hangs
		defer func() { imported <- r }()
		r = e.do("POST", "/api/v1/contacts/import", csv, "token", comms, "Content-Type", "text/csv")
	}()
	var during, ok int
	for i := 0; importing.Load() || i < 3; i++ {
		r, _ := f.book(f.slot.ID, person(i, "waitlist", true))
		if importing.Load() {
			during++
		}
		switch r.Status {
		case http.StatusCreated:
			ok++
		case http.StatusServiceUnavailable:
			if r.Header.Get("Retry-After") == "" {
				t.Errorf("booking %d: 503 without Retry-After", i)
			}
		default:
			t.Fatalf("booking %d during the import: %s", i, r)
		}
		time.Sleep(20 * time.Millisecond)
	}
	r := <-imported
	var res people.ImportResponse
	r.JSON(t, &res)
	if r.Status != 200 || res.Created != rows {
		t.Fatalf("import: %d created=%d", r.Status, res.Created)
	}
	if during < 3 || ok < during {
		t.Fatalf("%d bookings made during the import, %d of all of them booked; want every one booked", during, ok)
	}
}

// TestBusyDatabaseAnswers503 holds SQLite's write lock longer than the busy timeout while
// someone books: the answer is 503 with Retry-After and a plain message, never a 500.
func TestBusyDatabaseAnswers503(t *testing.T) {
	t.Parallel()
	if storetest.Postgres() {
		t.Skip("Postgres waits on row locks without a timeout; models tests cover its lock timeout")
	}
	e := busyEnv(t, 100*time.Millisecond)
	f := newSessionFixture(e, 10, nil)
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- e.store.Tx(t.Context(), func(tx *gorm.DB) error {
			if err := tx.Exec("UPDATE organisations SET name = name").Error; err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	r, _ := f.book(f.slot.ID, person(1))
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" ||
		!strings.Contains(string(r.Body), "busy") {
		t.Fatalf("booking against a locked database: %s (Retry-After %q)", r, r.Header.Get("Retry-After"))
	}
	if r, _ := f.book(f.slot.ID, person(1)); r.Status != http.StatusCreated {
		t.Fatalf("retry after the lock is released: %s", r)
	}
}
