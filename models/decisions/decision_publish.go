package decisions

import (
	"context"
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Recipient is someone a published decision is mailed to: one per address.
type Recipient struct {
	Email, Name string
}

// PublishDecision puts a decided decision on the public register and returns everyone
// to tell: named posters of the posts it links (directly or through a theme), workshop
// participants who left an email and voted in a linked poll or asked a linked question,
// and people booked on a linked session who asked to hear the outcome, each address once.
// Publishing is a conditional update (published_at IS NULL), so a second publish, even at
// the same moment, is a conflict and tells nobody twice.
func (s *Store) PublishDecision(ctx context.Context, id uint) (*Decision, []Recipient, error) {
	var d *Decision
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if d, err = getDecision(tx, id); err != nil {
			return err
		}
		if d.Published() {
			return models.Conflict("published_at", "this decision is already published")
		}
		if d.Status != StatusDecided {
			return models.Invalid("status", "only a decided decision can be published: set its status to decided first")
		}
		if err := checkDecided(d.content()); err != nil {
			return err
		}
		res := tx.Model(&Decision{}).Where("id = ? AND published_at IS NULL", id).
			Updates(map[string]any{"published_at": time.Now().UTC(), "updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.Conflict("published_at", "this decision is already published")
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if d, err = s.GetDecision(ctx, id); err != nil {
		return nil, nil, err
	}
	to, err := recipients(s.DB.WithContext(ctx), setsOf(d.Links))
	if err != nil {
		return nil, nil, err
	}
	return d, to, nil
}

// recipients gathers who asked to hear, from every linked source, one per normalised
// address (the first name found for it).
func recipients(db *gorm.DB, s linkSets) ([]Recipient, error) {
	var rows []Recipient
	add := func(q *gorm.DB) error {
		var got []Recipient
		if err := q.Scan(&got).Error; err != nil {
			return err
		}
		rows = append(rows, got...)
		return nil
	}
	if q := postsQuery(db, s, "fp.email, fp.name"); q != nil {
		if err := add(q.Where("fp.anonymous = ? AND fp.email <> ''", false)); err != nil {
			return nil, err
		}
	}
	if len(s.polls) > 0 {
		q := db.Table("poll_participants pp").Select("pp.notify_email AS email, pp.display_name AS name").
			Where("pp.notify_email IS NOT NULL AND pp.id IN (?)",
				db.Session(&gorm.Session{NewDB: true}).Table("poll_votes").Select("participant_id").Where("poll_id IN ?", s.polls))
		if err := add(q); err != nil {
			return nil, err
		}
	}
	if len(s.questions) > 0 {
		q := db.Table("poll_participants pp").Select("pp.notify_email AS email, pp.display_name AS name").
			Where("pp.notify_email IS NOT NULL AND pp.id IN (?)",
				db.Session(&gorm.Session{NewDB: true}).Table("poll_questions").Select("participant_id").Where("id IN ?", s.questions))
		if err := add(q); err != nil {
			return nil, err
		}
	}
	if len(s.sessions) > 0 {
		q := db.Table("bookings b").Select("b.email, b.name").
			Where("b.hear_outcomes = ? AND b.engagement_session_id IN ? AND (b.status = 'confirmed' OR b.attendance = 'attended')", true, s.sessions)
		if err := add(q); err != nil {
			return nil, err
		}
	}
	return dedupe(rows), nil
}

func dedupe(rows []Recipient) []Recipient {
	seen := map[string]bool{}
	out := []Recipient{}
	for _, r := range rows {
		e := models.NormaliseEmail(r.Email)
		if e == "" || seen[e] {
			continue
		}
		seen[e] = true
		out = append(out, Recipient{Email: e, Name: r.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Email < out[j].Email })
	return out
}
