// Package audit reads the audit trail for admins: filtered, newest first, with the
// actor's name and email joined from people at read time (the rows themselves hold no
// personal data; models/trail.go writes and verifies them).
package audit

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/models"
)

// Store reads the audit trail.
type Store struct{ *models.Store }

func Of(s *models.Store) *Store { return &Store{s} }

// Filter narrows the trail. Zero values match everything.
type Filter struct {
	ActorID    uint
	Action     string // exact, or a prefix ending in "." ("campaigns.")
	ObjectKind string
	ObjectID   string
	From, To   time.Time // From inclusive, To exclusive
	Before     uint64    // the id cursor: rows older than this
	Limit      int
}

// Row is one audit row with its actor as people knows them now (empty once erased).
type Row struct {
	models.AuditEvent
	ActorName  string
	ActorEmail string
}

// MaxLimit is the most rows one page returns.
const MaxLimit = 500

// List returns rows matching f, newest first, at most f.Limit (default 50).
func (s *Store) List(ctx context.Context, f Filter) ([]Row, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = 50
	}
	q := s.DB.WithContext(ctx).Table("audit_events AS a").
		Select("a.*, COALESCE(p.name, '') AS actor_name, COALESCE(p.email, '') AS actor_email").
		Joins("LEFT JOIN people p ON p.id = a.actor_id")
	if f.ActorID != 0 {
		q = q.Where("a.actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		if f.Action[len(f.Action)-1] == '.' {
			q = q.Where("a.action LIKE ?", f.Action+"%")
		} else {
			q = q.Where("a.action = ?", f.Action)
		}
	}
	if f.ObjectKind != "" {
		q = q.Where("a.object_kind = ?", f.ObjectKind)
	}
	if f.ObjectID != "" {
		q = q.Where("a.object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		q = q.Where("a.at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("a.at < ?", f.To.UTC())
	}
	if f.Before != 0 {
		q = q.Where("a.id < ?", f.Before)
	}
	var rows []Row
	err := q.Order("a.id DESC").Limit(f.Limit).Scan(&rows).Error
	return rows, err
}
