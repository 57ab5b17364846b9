package decisions

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Link kinds: what can inform a decision.
const (
	KindPost     = "post"
	KindTheme    = "theme"
	KindPoll     = "poll"
	KindQuestion = "question"
	KindSession  = "session"
)

// LinkKinds lists every kind of link.
var LinkKinds = []string{KindPost, KindTheme, KindPoll, KindQuestion, KindSession}

// DecisionLink ties a decision to what informed it. A theme is named by its tag (Theme,
// TargetID 0); the others by their id (TargetID, Theme ""). The unique index on all four
// refuses the same link twice.
type DecisionLink struct {
	ID         uint `gorm:"primaryKey"`
	DecisionID uint
	Kind       string
	TargetID   uint
	Theme      string
	CreatedAt  time.Time
}

// LinkInput is a link as a request gives it: a kind and either a numeric id or, for a
// theme, the tag.
type LinkInput struct {
	Kind  string
	ID    uint
	Theme string
}

// Target is what a link points at, as the team and the public see it.
type Target struct {
	Label     string // the post's first 80 characters, the poll's question, the session's title, the theme
	ChannelID uint   // posts: the channel, for the public page
	Workshop  uint   // polls and questions: the workshop, for the team's page
	Public    bool   // may be shown on the public register: a public post, an approved question; polls, sessions and themes always
}

// maxLabel is how much of a post a link's label shows.
const maxLabel = 80

// target looks up what a kind and id name, or not found.
func target(tx *gorm.DB, kind string, id uint) (*Target, error) {
	found, err := targets(tx, kind, []uint{id})
	if err != nil {
		return nil, err
	}
	if found[id] == nil {
		return nil, models.NotFound(kind)
	}
	return found[id], nil
}

// targets looks up the things of one kind by id, in one query; ids not found are absent.
func targets(tx *gorm.DB, kind string, ids []uint) (map[uint]*Target, error) {
	var q *gorm.DB
	switch kind {
	case KindPost:
		q = tx.Table("feedback_posts").Select("id, body AS label, channel_id, public")
	case KindPoll:
		q = tx.Table("polls").Select("id, question AS label, workshop_id AS workshop, 1 = 1 AS public")
	case KindQuestion:
		q = tx.Table("poll_questions").Select("id, text AS label, workshop_id AS workshop, status = 'approved' AS public")
	case KindSession:
		q = tx.Table("engagement_sessions").Select("id, title AS label, 1 = 1 AS public")
	default:
		return nil, models.Invalid("kind", "kind must be one of: %s", strings.Join(LinkKinds, ", "))
	}
	out := make(map[uint]*Target, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID        uint
		Label     string
		ChannelID uint
		Workshop  uint
		Public    bool
	}
	if err := q.Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = &Target{Label: shorten(r.Label, maxLabel), ChannelID: r.ChannelID, Workshop: r.Workshop, Public: r.Public}
	}
	return out, nil
}

// targetsByKind looks up every (kind, id) pair asked for, one query per kind.
func targetsByKind(tx *gorm.DB, ids map[string][]uint) (map[string]map[uint]*Target, error) {
	out := make(map[string]map[uint]*Target, len(ids))
	for kind, list := range ids {
		found, err := targets(tx, kind, list)
		if err != nil {
			return nil, err
		}
		out[kind] = found
	}
	return out, nil
}

// shorten keeps the first n characters of one line of s, with an ellipsis when cut.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// parse checks a link's kind and its id or tag, without the database.
func (in LinkInput) parse() (LinkInput, error) {
	in.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	if !slices.Contains(LinkKinds, in.Kind) {
		return in, models.Invalid("kind", "kind must be one of: %s", strings.Join(LinkKinds, ", "))
	}
	if in.Kind == KindTheme {
		in.Theme = strings.ToLower(strings.Join(strings.Fields(in.Theme), " "))
		if in.Theme == "" || utf8.RuneCountInString(in.Theme) > MaxTheme || in.ID != 0 {
			return in, models.Invalid("id", "a theme's id is its name: 1 to %d characters", MaxTheme)
		}
		return in, nil
	}
	if in.ID == 0 || in.Theme != "" {
		return in, models.Invalid("id", "id must be the %s's number", in.Kind)
	}
	return in, nil
}

// AddLink links a decision to a post, theme, poll, question or session that exists.
func (s *Store) AddLink(ctx context.Context, decisionID uint, in LinkInput) (*DecisionLink, error) {
	in, err := in.parse()
	if err != nil {
		return nil, err
	}
	var l DecisionLink
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := getDecision(tx, decisionID); err != nil {
			return err
		}
		if in.Kind != KindTheme {
			if _, err := target(tx, in.Kind, in.ID); err != nil {
				if models.ErrorCode(err) == models.ENOTFOUND {
					return models.Invalid("id", "%s %d does not exist", in.Kind, in.ID)
				}
				return err
			}
		}
		l = DecisionLink{DecisionID: decisionID, Kind: in.Kind, TargetID: in.ID, Theme: in.Theme}
		return tx.Create(&l).Error
	})
	if models.IsDuplicate(err) {
		return nil, models.Conflict("id", "this decision already links that %s", in.Kind)
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// DeleteLink removes one of a decision's links.
func (s *Store) DeleteLink(ctx context.Context, decisionID, linkID uint) error {
	res := s.DB.WithContext(ctx).Where("id = ? AND decision_id = ?", linkID, decisionID).Delete(&DecisionLink{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return models.NotFound("link")
	}
	return nil
}

// LinkTargets resolves each link's target (label and where it lives), one query per kind;
// a link whose target has since been deleted is left out.
func (s *Store) LinkTargets(ctx context.Context, links []DecisionLink) (map[uint]*Target, error) {
	ids := map[string][]uint{}
	for _, l := range links {
		if l.Kind != KindTheme {
			ids[l.Kind] = append(ids[l.Kind], l.TargetID)
		}
	}
	found, err := targetsByKind(s.DB.WithContext(ctx), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[uint]*Target, len(links))
	for _, l := range links {
		if l.Kind == KindTheme {
			out[l.ID] = &Target{Label: l.Theme, Public: true}
		} else if t := found[l.Kind][l.TargetID]; t != nil {
			out[l.ID] = t
		}
	}
	return out, nil
}

// linkSets splits a decision's links by kind: ids per kind and the themes.
type linkSets struct {
	posts, polls, questions, sessions []uint
	themes                            []string
}

func setsOf(links []DecisionLink) linkSets {
	var s linkSets
	for _, l := range links {
		switch l.Kind {
		case KindPost:
			s.posts = append(s.posts, l.TargetID)
		case KindPoll:
			s.polls = append(s.polls, l.TargetID)
		case KindQuestion:
			s.questions = append(s.questions, l.TargetID)
		case KindSession:
			s.sessions = append(s.sessions, l.TargetID)
		case KindTheme:
			s.themes = append(s.themes, l.Theme)
		}
	}
	return s
}

// PublicQuotes keeps the quotes the public may see: a quote from a post or a question only
// while that post is public or that question approved (a post hidden or never approved
// must not reach the register through a quote).
func (s *Store) PublicQuotes(ctx context.Context, qs []Quote) ([]Quote, error) {
	checked := func(q Quote) bool { return q.SourceKind == KindPost || q.SourceKind == KindQuestion }
	ids := map[string][]uint{}
	for _, q := range qs {
		if checked(q) {
			ids[q.SourceKind] = append(ids[q.SourceKind], *q.SourceID)
		}
	}
	found, err := targetsByKind(s.DB.WithContext(ctx), ids)
	if err != nil {
		return nil, err
	}
	out := []Quote{}
	for _, q := range qs {
		if checked(q) {
			if t := found[q.SourceKind][*q.SourceID]; t == nil || !t.Public {
				continue
			}
		}
		out = append(out, q)
	}
	return out, nil
}
