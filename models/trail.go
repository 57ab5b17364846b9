package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// AuditEvent is one row of the audit trail: who did what to which object, when, and how
// it answered. Rows hold no personal data: the actor is a person's id and role, the
// subject (a person the action is about) is SubjectKey of their email, and the summary
// names the fields that changed, giving values only for non-personal ones (role, status,
// counts). So erasing a person never needs to edit the chain.
//
// Hash is the SHA-256 of PrevHash and the row's other fields (auditCanonical): each row
// vouches for the one before it, so an edited, deleted or reordered row breaks the chain
// at that row (VerifyAudit).
type AuditEvent struct {
	ID         uint64    `gorm:"primaryKey;autoIncrement:false" json:"id"`
	At         time.Time `json:"at"`
	ActorID    *uint     `json:"actor_id"`
	ActorRole  string    `json:"actor_role"`
	Action     string    `json:"action"`
	ObjectKind string    `json:"object_kind"`
	ObjectID   string    `json:"object_id"`
	Summary    string    `json:"summary"`
	SubjectKey string    `json:"subject_key"`
	RequestID  string    `json:"request_id"`
	Status     int       `json:"status"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

func (AuditEvent) TableName() string { return "audit_events" }

// auditLockKey is the Postgres advisory lock that serialises audit writes across every
// instance sharing the database ("audit" in ASCII).
const auditLockKey = 0x6175646974

// Field limits: longer values are cut, never refused (an audit write must not fail a
// request because a summary ran long).
const (
	auditSummaryMax = 1000
	auditShortMax   = 100
)

// AuditCanonical is the exact text a row's hash covers: its previous row's hash, then a
// JSON array of the fields in a fixed order. JSON escapes every string, so no two rows
// encode alike; the time is UTC to the microsecond, as both databases store it.
func AuditCanonical(e *AuditEvent) string {
	var actor any
	if e.ActorID != nil {
		actor = *e.ActorID
	}
	fields, _ := json.Marshal([]any{e.ID, e.At.UTC().Format(time.RFC3339Nano), actor, e.ActorRole, e.Action,
		e.ObjectKind, e.ObjectID, e.Summary, e.SubjectKey, e.RequestID, e.Status})
	return e.PrevHash + "\n" + string(fields)
}

// AuditHash is the hash a row must carry.
func AuditHash(e *AuditEvent) string {
	sum := sha256.Sum256([]byte(AuditCanonical(e)))
	return hex.EncodeToString(sum[:])
}

// AppendAudit writes e as the newest row of the chain, filling its id, time, previous hash
// and hash. Writers are serialised so the chain stays one line: on Postgres by an advisory
// lock held for the insert's transaction (every instance shares it), on SQLite by a
// mutex (and the write lock BEGIN IMMEDIATE takes, which a second process also waits for).
// The cost is one transaction: read the newest row by its key, insert one row.
func (s *Store) AppendAudit(ctx context.Context, e *AuditEvent) error {
	e.Summary = cut(e.Summary, auditSummaryMax)
	e.Action, e.ObjectKind = cut(e.Action, auditShortMax), cut(e.ObjectKind, 40)
	e.ObjectID, e.RequestID = cut(e.ObjectID, auditShortMax), cut(e.RequestID, auditShortMax)
	if !s.IsPostgres() {
		s.auditMu.Lock()
		defer s.auditMu.Unlock()
	}
	return s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.IsPostgres() {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
				return err
			}
		}
		var last AuditEvent
		err := tx.Select("id", "at", "hash").Order("id DESC").Limit(1).Find(&last).Error
		if err != nil {
			return err
		}
		e.ID, e.PrevHash = last.ID+1, last.Hash
		// Times never run backwards along the chain, even if the clock steps back, so an
		// earlier time after a later one always means rows were moved.
		e.At = time.Now().UTC().Truncate(time.Microsecond)
		if last.ID != 0 && e.At.Before(last.At.UTC()) {
			e.At = last.At.UTC()
		}
		e.Hash = AuditHash(e)
		return tx.Create(e).Error
	})
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n]
}

// PruneAudit deletes the rows older than before (the retention job's audit policy). Times
// only grow along the chain, so this removes its oldest prefix and the rest still chains;
// verification starts from the oldest remaining row and trusts its prev_hash. The newest
// row is always kept, so the chain continues from it rather than starting again.
func (s *Store) PruneAudit(ctx context.Context, before time.Time) (int64, error) {
	res := s.DB.WithContext(ctx).Exec(`DELETE FROM audit_events WHERE at < ? AND id < (SELECT MAX(id) FROM audit_events)`,
		before.UTC())
	return res.RowsAffected, res.Error
}

// AuditBreak is the first row where the chain fails, and why.
type AuditBreak struct {
	Row    AuditEvent
	Reason string
}

// AuditCheck is the result of walking the chain.
type AuditCheck struct {
	Rows          int64
	FirstID       uint64
	HeadID        uint64
	HeadHash      string // the newest row's hash: record it elsewhere to detect a rewrite
	Break         *AuditBreak
	FirstPrevHash string // the oldest row's prev_hash, trusted (rows before it were pruned)
}

// VerifyAudit walks the chain from its oldest row (whose prev_hash it trusts: older rows
// may have been pruned) and reports the first broken row. A row is deleted when the ids
// jump; reordered when its time is earlier than the row before it or later than the one
// after it (times never run backwards along the chain); edited when its hash does not
// match its fields; and its predecessor was replaced when its prev_hash does not match.
// What the chain cannot show by itself: the newest rows deleted, or the whole table
// rewritten with new hashes. Compare HeadHash with one recorded earlier for those.
func (s *Store) VerifyAudit(ctx context.Context) (AuditCheck, error) {
	var out AuditCheck
	var prev, cur *AuditEvent
	check := func(next *AuditEvent) bool {
		if cur == nil {
			return true
		}
		if reason := auditFault(prev, cur, next); reason != "" {
			out.Break = &AuditBreak{Row: *cur, Reason: reason}
			return false
		}
		out.Rows++
		if prev == nil {
			out.FirstID, out.FirstPrevHash = cur.ID, cur.PrevHash
		}
		out.HeadID, out.HeadHash = cur.ID, cur.Hash
		return true
	}
	var after uint64
	for {
		var batch []AuditEvent
		if err := s.DB.WithContext(ctx).Where("id > ?", after).Order("id").Limit(1000).Find(&batch).Error; err != nil {
			return out, err
		}
		for i := range batch {
			next := &batch[i]
			if !check(next) {
				return out, nil
			}
			prev, cur = cur, next
		}
		if len(batch) < 1000 {
			break
		}
		after = batch[len(batch)-1].ID
	}
	check(nil)
	return out, nil
}

// auditFault says what is wrong with row cur, between prev and next (either may be nil),
// or "".
func auditFault(prev, cur, next *AuditEvent) string {
	if prev != nil && cur.ID != prev.ID+1 {
		return fmt.Sprintf("ids jump from %d to %d: %s deleted", prev.ID, cur.ID, plural(cur.ID-prev.ID-1, "row"))
	}
	if (prev != nil && cur.At.Before(prev.At)) || (next != nil && next.ID == cur.ID+1 && next.At.Before(cur.At)) {
		return "out of order: its time is not between its neighbours', so rows were reordered"
	}
	if AuditHash(cur) != cur.Hash {
		return "hash mismatch: the row was edited"
	}
	if prev != nil && cur.PrevHash != prev.Hash {
		return fmt.Sprintf("prev_hash does not match row %d's hash: the row before it was replaced", prev.ID)
	}
	return ""
}

func plural(n uint64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatUint(n, 10) + " " + word + "s"
}
