package models

import "errors"

// SQLite result codes for a lock another connection holds (the primary code is the low
// byte of an extended code such as SQLITE_BUSY_SNAPSHOT).
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// Postgres SQLSTATEs for a lock not granted in time: lock_not_available is what
// lock_timeout and NOWAIT raise.
var pgBusyStates = map[string]bool{"55P03": true}

// IsBusy reports whether err says the database was too busy to take a lock in time
// (SQLite "database is locked" after busy_timeout, a Postgres lock timeout). Such a
// request did nothing and can simply be retried, so it is a 503, not an internal error.
// The drivers' error types are matched by method, so models need not import them.
func IsBusy(err error) bool {
	var lite interface{ Code() int }
	if errors.As(err, &lite) {
		code := lite.Code() & 0xff
		return code == sqliteBusy || code == sqliteLocked
	}
	var pg interface{ SQLState() string }
	if errors.As(err, &pg) {
		return pgBusyStates[pg.SQLState()]
	}
	return false
}
