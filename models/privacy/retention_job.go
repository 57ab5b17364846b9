package privacy

import (
	"context"
	"errors"
	"sync"
	"time"

	"gorm.io/gorm"
)

// RetentionRun is one kind's part of one run of the retention job: how many records it
// anonymised or deleted. It holds no personal data: a kind, an action, a number and a time.
type RetentionRun struct {
	ID     uint      `gorm:"primaryKey" json:"-"`
	Kind   string    `json:"kind"`
	Action string    `json:"action"`
	Count  int64     `json:"count"`
	At     time.Time `json:"at"`
}

// DefaultBatch is how many records one transaction of the job changes: small enough that
// no table is held for long while people book and vote.
const DefaultBatch = 500

// ErrRetentionBusy says another run (this instance's or another's) holds the job.
var ErrRetentionBusy = errors.New("the retention job is already running")

// retentionLockKey is the Postgres advisory lock the job holds while it runs, so
// instances sharing a database run it one at a time ("confer-retention" as a number).
const retentionLockKey = 0x636f6e6665725254

// localLocks are the SQLite runs' locks, one per database (the file has one instance).
var localLocks sync.Map // gorm.ConnPool -> *sync.Mutex

// RunRetention removes everything past its date at now, kind by kind, in batches, and
// records one run row per kind it checked (count 0 included, so the page says when each
// was last checked). It returns ErrRetentionBusy when another run holds the job.
func (s *Store) RunRetention(ctx context.Context, now time.Time, p Policy, hooks Hooks, batch int) ([]RetentionRun, error) {
	var runs []RetentionRun
	err := s.withRetentionLock(ctx, func() error {
		var err error
		runs, err = s.runRetention(ctx, now.UTC(), p, hooks, batch)
		return err
	})
	return runs, err
}

// RunRetentionDaily runs the job unless a run already started on now's day (UTC), so
// several instances, each checking every hour, run it once a day between them.
func (s *Store) RunRetentionDaily(ctx context.Context, now time.Time, p Policy, hooks Hooks) ([]RetentionRun, error) {
	var runs []RetentionRun
	err := s.withRetentionLock(ctx, func() error {
		day := now.UTC().Truncate(24 * time.Hour)
		var n int64
		if err := s.DB.WithContext(ctx).Model(&RetentionRun{}).Where("at >= ?", day).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		var err error
		runs, err = s.runRetention(ctx, now.UTC(), p, hooks, DefaultBatch)
		return err
	})
	return runs, err
}

func (s *Store) runRetention(ctx context.Context, now time.Time, p Policy, hooks Hooks, batch int) ([]RetentionRun, error) {
	if batch <= 0 {
		batch = DefaultBatch
	}
	var runs []RetentionRun
	for _, k := range p {
		n, ok, err := s.removeKind(ctx, k, k.Due(now), hooks, batch)
		if ok {
			// Recorded even when the kind failed part way: what was removed was removed.
			run := RetentionRun{Kind: k.Kind, Action: k.Action, Count: n, At: now}
			if rerr := s.DB.WithContext(context.WithoutCancel(ctx)).Create(&run).Error; rerr != nil && err == nil {
				err = rerr
			}
			runs = append(runs, run)
		}
		if err != nil {
			return runs, err
		}
	}
	return runs, nil
}

// removeKind removes one kind's records made at or before cutoff; ok is false for a kind
// kept elsewhere whose hook is not set.
func (s *Store) removeKind(ctx context.Context, k Kind, cutoff time.Time, hooks Hooks, batch int) (n int64, ok bool, err error) {
	hook := map[string]Pruner{KindAudit: hooks.Audit, KindLeavers: hooks.Leavers}[k.Kind]
	if hook != nil {
		n, err = hook(ctx, cutoff)
		return n, true, err
	}
	scs, ok := scopes[k.Kind]
	for _, sc := range scs {
		m, err := sc.remove(ctx, s, cutoff, batch)
		n += m
		if err != nil {
			return n, ok, err
		}
	}
	return n, ok, nil
}

// withRetentionLock runs fn while holding the job: on Postgres a session advisory lock on
// a connection of its own (the job's batches use the pool, each its own transaction); on
// SQLite a lock per database in this process.
func (s *Store) withRetentionLock(ctx context.Context, fn func() error) error {
	if !s.IsPostgres() {
		v, _ := localLocks.LoadOrStore(s.DB.Config.ConnPool, &sync.Mutex{})
		mu := v.(*sync.Mutex)
		if !mu.TryLock() {
			return ErrRetentionBusy
		}
		defer mu.Unlock()
		return fn()
	}
	return s.DB.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		var got bool
		if err := conn.Raw("SELECT pg_try_advisory_lock(?)", int64(retentionLockKey)).Scan(&got).Error; err != nil {
			return err
		}
		if !got {
			return ErrRetentionBusy
		}
		defer conn.WithContext(context.WithoutCancel(ctx)).Exec("SELECT pg_advisory_unlock(?)", int64(retentionLockKey))
		return fn()
	})
}
