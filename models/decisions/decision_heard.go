package decisions

import (
	"context"
	"sort"
	"strconv"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/polls"
)

// Contribution is one person-level record a decision links, directly or through a
// theme: a post, a vote in a poll, a question, or a booking on a session. Each counts
// once, however many links reach it.
type Contribution struct {
	Kind           string
	ID             uint
	OrganisationID *uint
	StaffGroup     string
}

// GroupCount is one organisation's or staff group's share of the contributions. A nil
// OrganisationID (or an empty StaffGroup) is "not stated".
type GroupCount struct {
	OrganisationID *uint
	Name           string
	StaffGroup     string
	Count          int
}

// PollResult is a linked poll's results, as it informed the decision.
type PollResult struct {
	PollID   uint
	Question string
	Kind     string
	Total    int
	Counts   []int
	Options  []string
}

// Heard is "what we heard": the contributions a decision links, who they came from, and
// the polls' results. Counts here are exact; the public view suppresses small ones.
type Heard struct {
	Contributions  int
	ByOrganisation []GroupCount
	ByStaffGroup   []GroupCount
	Polls          []PollResult
}

// NotStated names a contribution's missing organisation or staff group.
const NotStated = "Not stated"

// contributions reads every record the links reach, each once.
func contributions(db *gorm.DB, s linkSets) ([]Contribution, error) {
	var out []Contribution
	add := func(kind string, q *gorm.DB) error {
		var rows []Contribution
		if err := q.Scan(&rows).Error; err != nil {
			return err
		}
		for i := range rows {
			rows[i].Kind = kind
		}
		out = append(out, rows...)
		return nil
	}
	if q := postsQuery(db, s, "fp.id, fp.organisation_id, fp.staff_group"); q != nil {
		if err := add(KindPost, q); err != nil {
			return nil, err
		}
	}
	if len(s.polls) > 0 {
		q := db.Table("poll_votes v").Select("v.id, pp.organisation_id, pp.staff_group").
			Joins("JOIN poll_participants pp ON pp.id = v.participant_id").Where("v.poll_id IN ?", s.polls)
		if err := add("vote", q); err != nil {
			return nil, err
		}
	}
	if len(s.questions) > 0 {
		q := db.Table("poll_questions q").Select("q.id, pp.organisation_id, pp.staff_group").
			Joins("LEFT JOIN poll_participants pp ON pp.id = q.participant_id").Where("q.id IN ?", s.questions)
		if err := add(KindQuestion, q); err != nil {
			return nil, err
		}
	}
	if len(s.sessions) > 0 {
		q := db.Table("bookings b").Select("b.id, b.organisation_id, b.staff_group").
			Where("b.engagement_session_id IN ? AND (b.status = 'confirmed' OR b.attendance = 'attended')", s.sessions)
		if err := add("booking", q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// postsQuery selects the posts a decision links, directly or through a theme, each once;
// hidden (moderated) posts are not counted. nil when it links none.
func postsQuery(db *gorm.DB, s linkSets, columns string) *gorm.DB {
	if len(s.posts) == 0 && len(s.themes) == 0 {
		return nil
	}
	q := db.Table("feedback_posts fp").Select(columns).Where("fp.hidden = ?", false)
	switch {
	case len(s.posts) > 0 && len(s.themes) > 0:
		q = q.Where("fp.id IN ? OR fp.id IN (?)", s.posts, themePosts(db, s.themes))
	case len(s.posts) > 0:
		q = q.Where("fp.id IN ?", s.posts)
	default:
		q = q.Where("fp.id IN (?)", themePosts(db, s.themes))
	}
	return q
}

func themePosts(db *gorm.DB, themes []string) *gorm.DB {
	return db.Session(&gorm.Session{NewDB: true}).Table("feedback_tags").Select("post_id").Where("tag IN ?", themes)
}

// Heard reads what a decision's links heard.
func (s *Store) Heard(ctx context.Context, d *Decision) (*Heard, error) {
	db := s.DB.WithContext(ctx)
	sets := setsOf(d.Links)
	rows, err := contributions(db, sets)
	if err != nil {
		return nil, err
	}
	h := &Heard{Contributions: len(rows)}
	if h.ByOrganisation, err = byOrganisation(db, rows); err != nil {
		return nil, err
	}
	h.ByStaffGroup = byStaffGroup(rows)
	if h.Polls, err = s.pollResults(ctx, sets.polls); err != nil {
		return nil, err
	}
	return h, nil
}

func byOrganisation(db *gorm.DB, rows []Contribution) ([]GroupCount, error) {
	counts := map[uint]int{}
	none := 0
	var ids []uint
	for _, r := range rows {
		if r.OrganisationID == nil {
			none++
			continue
		}
		if counts[*r.OrganisationID] == 0 {
			ids = append(ids, *r.OrganisationID)
		}
		counts[*r.OrganisationID]++
	}
	var orgs []models.Organisation
	if len(ids) > 0 {
		if err := db.Where("id IN ?", ids).Find(&orgs).Error; err != nil {
			return nil, err
		}
	}
	out := []GroupCount{}
	for _, o := range orgs {
		id := o.ID
		out = append(out, GroupCount{OrganisationID: &id, Name: o.Name, Count: counts[o.ID]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if none > 0 {
		out = append(out, GroupCount{Name: NotStated, Count: none})
	}
	return out, nil
}

func byStaffGroup(rows []Contribution) []GroupCount {
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.StaffGroup]++
	}
	out := []GroupCount{}
	for g, n := range counts {
		if g != "" {
			out = append(out, GroupCount{StaffGroup: g, Name: g, Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].StaffGroup < out[j].StaffGroup })
	if n := counts[""]; n > 0 {
		out = append(out, GroupCount{Name: NotStated, Count: n})
	}
	return out
}

// pollResults tallies each linked poll from its stored votes (polls' own Tally, so the
// numbers match the room's).
func (s *Store) pollResults(ctx context.Context, ids []uint) ([]PollResult, error) {
	out := []PollResult{}
	ps := polls.Of(s.Store)
	for _, id := range ids {
		p, err := ps.GetPoll(ctx, id)
		if models.ErrorCode(err) == models.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		t := polls.NewTally(p)
		if err := t.Load(ctx, ps); err != nil {
			return nil, err
		}
		r := t.Results()
		out = append(out, PollResult{PollID: p.ID, Question: p.Question, Kind: p.Kind, Total: r.Total,
			Counts: r.Counts, Options: pollOptions(p)})
	}
	return out, nil
}

// pollOptions names what each count is of: the options, or the scale's points.
func pollOptions(p *polls.Poll) []string {
	if p.Kind == polls.PollScale {
		out := []string{}
		for v := p.Min; v <= p.Max; v++ {
			out = append(out, strconv.Itoa(v))
		}
		return out
	}
	return append([]string{}, p.OptionList()...)
}

// CountContributions is how many person-level records a decision's links reach, each
// once (the evidence pack's fourth Gunning principle reads it).
func (s *Store) CountContributions(ctx context.Context, d *Decision) (int, error) {
	rows, err := contributions(s.DB.WithContext(ctx), setsOf(d.Links))
	return len(rows), err
}
