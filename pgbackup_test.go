package main

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to count rows without migrating

	"github.com/confer-nhs/confer/models/storetest"
)

// TestPostgresBackupRestores runs the README's own pg_dump and pg_restore lines (read from
// its "## Backups" section, so the documented commands are the tested ones) against a
// running Confer that is taking bookings and adding slots from several goroutines:
//   - the dump is one consistent snapshot taken while writes carry on: each table holds at
//     least the rows committed before pg_dump started and at most those committed when it
//     ended, and every slot's seat counters agree with its booking rows;
//   - the restore loads every row the dump holds into an empty database;
//   - Confer starts on the copy without migrating it, `confer audit verify` passes with the
//     dump's audit rows and head hash, the API token and a booking's manage link made
//     before the dump work, and new bookings and slots are written (sequences restored).
func TestPostgresBackupRestores(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only (CONFER_TEST_POSTGRES); the SQLite path is TestBackupAndRestoreFromTheCommandLine")
	}
	t.Parallel()
	bin, pgBin := buildBinary(t), postgresBindir(t)
	dumpCmd, restoreCmd := readmeLine(t, "pg_dump "), readmeLine(t, "pg_restore ")
	liveURL, restoredURL := storetest.NewDatabaseURL(t), storetest.NewEmptyDatabaseURL(t)
	live, restored := openSQL(t, liveURL), openSQL(t, restoredURL)

	srv := startConfer(t, bin, liveURL)
	fac := srv.token("--email", "fran@moorside.nhs.example", "--role", "facilitator")
	sessionID, slots := srv.newSession(fac, 3, 40)
	load := startBookingLoad(srv.base, slots, 4)
	slotAdder := startSlotAdder(srv, fac, sessionID)
	load.waitAcked(t, 150)

	before, dumpStart := tableCounts(t, live), time.Now()
	dir := t.TempDir()
	shell(t, dir, dumpCmd, pgBin, "DATABASE_URL="+liveURL)
	dumpEnd := time.Now()
	after := tableCounts(t, live)
	time.Sleep(200 * time.Millisecond) // writes go on after the dump too
	acks := load.stop()
	newSlots := slotAdder.stop()
	if len(load.refused) != 0 {
		t.Fatalf("bookings refused under a light load (status: count): %v", load.refused)
	}
	if n := countBetween(acks, dumpStart, dumpEnd); n == 0 {
		t.Fatalf("no booking was acknowledged while pg_dump ran (%v): the test proves nothing", dumpEnd.Sub(dumpStart))
	} else {
		t.Logf("pg_dump took %v; %d bookings acknowledged meanwhile, %d in all", dumpEnd.Sub(dumpStart).Round(time.Millisecond), n, len(acks))
	}

	dumped := dumpRowCounts(t, pgBin, filepath.Join(dir, "confer.dump"))
	for table, n := range dumped {
		if n < before[table] || n > after[table] {
			t.Errorf("%s: %d rows in the dump, want between %d (before pg_dump) and %d (after)", table, n, before[table], after[table])
		}
	}
	shell(t, dir, restoreCmd, pgBin, "NEW_DATABASE_URL="+restoredURL)
	got := tableCounts(t, restored)
	for table, n := range after {
		if got[table] != dumped[table] {
			t.Errorf("%s: %d rows restored, %d in the dump (%d live)", table, got[table], dumped[table], n)
		}
	}
	checkSnapshot(t, restored, acks, newSlots, dumpStart, dumpEnd)
	checkSeatCounters(t, restored)
	if t.Failed() {
		t.FailNow() // Confer on a broken copy would only add noise
	}

	migrated := count(t, restored, "SELECT COUNT(*) FROM schema_migrations")
	verified := verifyAuditOn(t, bin, restoredURL, dumped["audit_events"])
	if m := regexp.MustCompile(`to (\d+); head hash (\w+)`).FindStringSubmatch(verified); m == nil ||
		count(t, live, "SELECT COUNT(*) FROM audit_events WHERE id = $1 AND hash = $2", m[1], m[2]) != 1 {
		t.Errorf("the copy's audit head (%q) is not the live trail's row of that id", verified)
	}
	srv.stop()

	copyOf := startConfer(t, bin, restoredURL)
	if n := count(t, restored, "SELECT COUNT(*) FROM schema_migrations"); n != migrated || n != before["schema_migrations"] {
		t.Errorf("schema_migrations: %d after starting on the copy, %d restored, %d live: the copy was not current", n, migrated, before["schema_migrations"])
	}
	copyOf.checkReads(t, fac, acks[0])
	slot := slots[0]
	if code, _ := copyOf.book(slot, "after.restore@ward.example.org"); code != 201 {
		t.Errorf("a booking on the restored copy: %d, want 201 (sequences restored)", code)
	}
	if code := copyOf.addSlot(fac, sessionID, 1000); code != 201 {
		t.Errorf("a slot on the restored copy: %d, want 201", code)
	}
	verifyAuditOn(t, bin, restoredURL, dumped["audit_events"]+1) // the new slot's row extends the chain
}

// postgresBindir is where scripts/pg.sh finds pg_dump and pg_restore, of the same major
// version as the server the tests use (a pg_dump older than the server refuses to run).
func postgresBindir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("scripts/pg.sh", "bindir").Output()
	if err != nil {
		t.Fatalf("scripts/pg.sh bindir: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// readmeLine is the one line of the README's Backups section that starts with prefix.
func readmeLine(t *testing.T, prefix string) string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(data)
	if i := strings.Index(section, "\n## Backups\n"); i >= 0 {
		section = section[i+1:]
		if j := strings.Index(section, "\n## "); j >= 0 {
			section = section[:j]
		}
	}
	var found []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, prefix) {
			found = append(found, line)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README's Backups section has %d lines starting %q, want 1: %q", len(found), prefix, found)
	}
	return found[0]
}

// shell runs a documented command line with bash in dir, with the PostgreSQL tools of
// pgBin first on the PATH.
func shell(t *testing.T, dir, line, pgBin string, env ...string) {
	t.Helper()
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "PATH="+pgBin+":"+os.Getenv("PATH")), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
}

func openSQL(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// tableCounts is the row count of every table in the public schema.
func tableCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	counts := map[string]int{}
	for _, table := range tables {
		counts[table] = count(t, db, `SELECT COUNT(*) FROM "`+table+`"`)
	}
	return counts
}

// dumpRowCounts counts the rows of each table in a custom-format dump, from the data
// pg_restore reads out of it (COPY blocks, one line a row), not from any database.
func dumpRowCounts(t *testing.T, pgBin, file string) map[string]int {
	t.Helper()
	out, err := exec.Command(filepath.Join(pgBin, "pg_restore"), "--data-only", "--file=-", file).Output()
	if err != nil {
		t.Fatalf("pg_restore --data-only %s: %v", file, err)
	}
	copyLine := regexp.MustCompile(`^COPY public\.(\w+) `)
	counts, table := map[string]int{}, ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch m := copyLine.FindStringSubmatch(line); {
		case m != nil:
			table, counts[m[1]] = m[1], 0
		case line == `\.`:
			table = ""
		case table != "":
			counts[table]++
		}
	}
	if len(counts) < 10 || counts["bookings"] == 0 {
		t.Fatalf("the dump's data holds %v: not a Confer database", counts)
	}
	return counts
}

// checkSnapshot: the copy holds every booking and slot acknowledged before pg_dump
// started and none asked for after it ended.
func checkSnapshot(t *testing.T, db *sql.DB, bookings []ack, slots []ack, start, end time.Time) {
	t.Helper()
	for _, set := range []struct {
		what, query string
		acks        []ack
	}{
		{"booking", "SELECT COUNT(*) FROM bookings WHERE email = $1", bookings},
		{"slot", "SELECT COUNT(*) FROM slots WHERE id::text = $1", slots},
	} {
		for _, a := range set.acks {
			n := count(t, db, set.query, a.key)
			if a.done.Before(start) && n != 1 {
				t.Fatalf("%s %s, acknowledged before pg_dump started, is in the copy %d times", set.what, a.key, n)
			}
			if a.sent.After(end) && n != 0 {
				t.Fatalf("%s %s, asked for after pg_dump ended, is in the copy", set.what, a.key)
			}
		}
	}
}

// checkSeatCounters: each slot's counters equal its booking rows in the copy, which holds
// only when the tables were dumped from one snapshot.
func checkSeatCounters(t *testing.T, db *sql.DB) {
	t.Helper()
	rows, err := db.Query(`SELECT s.id, s.capacity, s.confirmed, s.waitlisted,
		(SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed'),
		(SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status = 'waitlisted')
		FROM slots s`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, capacity, confirmed, waitlisted, confirmedRows, waitlistedRows int
		if err := rows.Scan(&id, &capacity, &confirmed, &waitlisted, &confirmedRows, &waitlistedRows); err != nil {
			t.Fatal(err)
		}
		if confirmed != confirmedRows || waitlisted != waitlistedRows || confirmedRows > capacity {
			t.Errorf("slot %d in the copy: counters %d confirmed, %d waitlisted; rows %d and %d; capacity %d",
				id, confirmed, waitlisted, confirmedRows, waitlistedRows, capacity)
		}
	}
}

// verifyAuditOn runs `confer audit verify` on a database and returns its line, which must
// report rows rows and an intact chain.
func verifyAuditOn(t *testing.T, bin, url string, rows int) string {
	t.Helper()
	cmd := exec.Command(bin, "audit", "verify")
	cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
	out, err := cmd.CombinedOutput()
	line := strings.TrimSpace(string(out))
	if err != nil || !strings.HasPrefix(line, fmt.Sprintf("%d rows, chain intact", rows)) {
		t.Errorf("audit verify on the copy: %v %q, want %d rows, chain intact", err, line, rows)
	}
	return line
}

// countBetween counts acknowledgements that came while [from, to] lasted.
func countBetween(acks []ack, from, to time.Time) int {
	n := 0
	for _, a := range acks {
		if a.done.After(from) && a.done.Before(to) {
			n++
		}
	}
	return n
}

// slotAdder adds a slot every 20 ms as a facilitator: audited writes (each appends to the
// audit trail's hash chain) beside the public bookings.
type slotAdder struct {
	quit chan struct{}
	done chan []ack
}

func startSlotAdder(srv *conferProc, token string, sessionID uint) *slotAdder {
	a := &slotAdder{quit: make(chan struct{}), done: make(chan []ack, 1)}
	go func() {
		var acks []ack
		for i := 1; ; i++ {
			select {
			case <-a.quit:
				a.done <- acks
				return
			case <-time.After(20 * time.Millisecond):
			}
			sent := time.Now()
			var slot struct{ ID uint }
			if code := srv.call("POST", fmt.Sprintf("/api/v1/sessions/%d/slots", sessionID), token, slotBody(i), &slot); code == 201 {
				acks = append(acks, ack{key: fmt.Sprint(slot.ID), sent: sent, done: time.Now()})
			}
		}
	}()
	return a
}

func (a *slotAdder) stop() []ack {
	close(a.quit)
	return <-a.done
}
