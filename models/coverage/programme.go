package coverage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/decisions"
)

// ProgrammeSlot is one upcoming session time, as anyone may see it.
type ProgrammeSlot struct {
	SessionID   uint
	SlotID      uint
	Title       string
	Description string
	Category    string
	Format      string
	Location    string
	StartsAt    time.Time
	EndsAt      time.Time
	SeatsLeft   int

	Capacity, Confirmed, ConfirmedOpen, ReservedShare int
	ReservedUntil                                     *time.Time
}

// OpenSeatsLeft is how many of the places left anyone may book at now: fewer than
// SeatsLeft while the session holds some back for named organisations or staff groups.
func (p ProgrammeSlot) OpenSeatsLeft(now time.Time) int {
	slot := booking.Slot{Capacity: p.Capacity, Confirmed: p.Confirmed, ConfirmedOpen: p.ConfirmedOpen,
		Session: &booking.EngagementSession{ReservedShare: p.ReservedShare, ReservedUntil: p.ReservedUntil}}
	return slot.Hold(now).OpenRemaining
}

// ProgrammeChannel is a feedback channel open to posts.
type ProgrammeChannel struct {
	ID          uint
	Name        string
	Description string
	Audience    string
}

// YouSaidWeDid is a public post the programme acted on, and what it did; Decisions are
// the published decisions it informed (directly or through one of its themes).
type YouSaidWeDid struct {
	PostID     uint
	Channel    string
	YouSaid    string
	WeDid      string
	ActionedAt time.Time
	Decisions  []DecisionRef `gorm:"-"`
}

// DecisionRef names a published decision beside a post.
type DecisionRef struct {
	ID    uint
	Title string
}

// Programme is the public page: what is coming up, where to have your say, and what the
// programme did with what people said. Parts whose area is not installed stay empty.
type Programme struct {
	Sessions []ProgrammeSlot
	Channels []ProgrammeChannel
	YouSaid  []YouSaidWeDid
}

// programmeLimit bounds each list on the public page.
const programmeLimit = 100

// Programme loads the public programme as of now.
func (s *Store) Programme(ctx context.Context, now time.Time) (*Programme, error) {
	db := s.DB.WithContext(ctx)
	p := &Programme{Sessions: []ProgrammeSlot{}, Channels: []ProgrammeChannel{}, YouSaid: []YouSaidWeDid{}}
	var err error
	if p.Sessions, err = upcomingSlots(db, now, "", programmeLimit); err != nil {
		return nil, err
	}
	if hasTables(db, "feedback_channels") {
		err = db.Raw(`SELECT id, name, description, audience FROM feedback_channels ORDER BY name LIMIT ?`, programmeLimit).
			Scan(&p.Channels).Error
		if err != nil {
			return nil, err
		}
	}
	if p.YouSaid, err = youSaidWeDid(db, nil, nil, programmeLimit); err != nil {
		return nil, err
	}
	if err := s.addDecisions(ctx, p.YouSaid); err != nil {
		return nil, err
	}
	return p, nil
}

// addDecisions puts beside each post the published decisions it informed, so "you said,
// we did" reads on into the decision register.
func (s *Store) addDecisions(ctx context.Context, ys []YouSaidWeDid) error {
	for i := range ys {
		ys[i].Decisions = []DecisionRef{}
	}
	if len(ys) == 0 || !hasTables(s.DB, "decisions", "decision_links") {
		return nil
	}
	ids := make([]uint, len(ys))
	for i, y := range ys {
		ids[i] = y.PostID
	}
	byPost, err := decisions.Of(s.Store).PublishedForPosts(ctx, ids)
	if err != nil {
		return err
	}
	for i := range ys {
		for _, d := range byPost[ys[i].PostID] {
			ys[i].Decisions = append(ys[i].Decisions, DecisionRef{ID: d.ID, Title: d.Title})
		}
	}
	return nil
}

// upcomingSlots lists session times starting after now, soonest first; category narrows
// them when set.
func upcomingSlots(db *gorm.DB, now time.Time, category string, limit int) ([]ProgrammeSlot, error) {
	out := []ProgrammeSlot{}
	if !hasTables(db, "slots", "engagement_sessions") {
		return out, nil
	}
	q := db.Table("slots s").
		Select(`es.id AS session_id, s.id AS slot_id, es.title, es.description, es.category, es.format, es.location,
 s.starts_at, s.ends_at, s.capacity - s.confirmed AS seats_left, s.capacity, s.confirmed, s.confirmed_open,
 es.reserved_share, es.reserved_until`).
		Joins("JOIN engagement_sessions es ON es.id = s.engagement_session_id").
		Where("s.starts_at > ? AND s.cancelled_at IS NULL", now)
	if category != "" {
		q = q.Where("es.category = ?", category)
	}
	err := q.Order("s.starts_at, s.id").Limit(limit).Scan(&out).Error
	return out, err
}

// youSaidWeDid lists public posts with an action recorded, newest action first, within
// [from, to) when given.
func youSaidWeDid(db *gorm.DB, from, to *time.Time, limit int) ([]YouSaidWeDid, error) {
	out := []YouSaidWeDid{}
	if !hasTables(db, "feedback_posts", "feedback_channels") {
		return out, nil
	}
	q := db.Table("feedback_posts fp").
		Select(`fp.id AS post_id, fc.name AS channel, fp.body AS you_said, fp.action_taken AS we_did, fp.actioned_at`).
		Joins("JOIN feedback_channels fc ON fc.id = fp.channel_id").
		Where("fp.public = ? AND fp.status = 'actioned' AND fp.actioned_at IS NOT NULL", true)
	if from != nil {
		q = q.Where("fp.actioned_at >= ?", *from)
	}
	if to != nil {
		q = q.Where("fp.actioned_at < ?", *to)
	}
	err := q.Order("fp.actioned_at DESC, fp.id DESC").Limit(limit).Scan(&out).Error
	return out, err
}
