package coverage

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// EvidenceMeasure is one line of the activity summary. People marks a count of people,
// which is shown as "fewer than 5" when small.
type EvidenceMeasure struct {
	Label  string
	Count  int
	People bool
}

// EvidenceTheme is a feedback tag raised in the period, and how many of its posts had an
// answer (a team reply or an action).
type EvidenceTheme struct {
	Theme     string
	Posts     int
	Responded int
}

// GapAction is something done about a coverage gap (a campaign started from it).
type GapAction struct {
	ID             uint `gorm:"primaryKey"`
	OrganisationID uint
	StaffGroup     string
	Stage          string
	Category       string
	Kind           string
	CampaignID     *uint
	Note           string
	CreatedByID    *uint
	CreatedAt      time.Time
}

// TableName keeps GapAction on the coverage_actions table.
func (GapAction) TableName() string { return "coverage_actions" }

// Evidence is the programme board's pack for a period.
type Evidence struct {
	From, To    *time.Time
	GeneratedAt time.Time
	Activity    []EvidenceMeasure
	Coverage    *CoverageReport
	Actions     []GapAction
	Themes      []EvidenceTheme
	YouSaid     []YouSaidWeDid
	Decisions   []EvidenceDecision // published in the period (issue 16)
	Gunning     []GunningPrinciple
}

// ActionsFor lists what was done about one cell.
func (e *Evidence) ActionsFor(org uint, group string) []GapAction {
	var out []GapAction
	for _, a := range e.Actions {
		if a.OrganisationID == org && a.StaffGroup == group {
			out = append(out, a)
		}
	}
	return out
}

// Evidence gathers the pack. Coverage is the same report the page and API show.
func (s *Store) Evidence(ctx context.Context, from, to *time.Time, now time.Time) (*Evidence, error) {
	cov, err := s.Coverage(ctx, CoverageFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	db := s.DB.WithContext(ctx)
	e := &Evidence{From: from, To: to, GeneratedAt: now.UTC(), Coverage: cov}
	if e.Activity, err = activity(db, from, to); err != nil {
		return nil, err
	}
	q := db.Order("created_at, id")
	q = inPeriod(q, "created_at", from, to)
	if err := q.Find(&e.Actions).Error; err != nil {
		return nil, err
	}
	if e.Themes, err = themes(db, from, to); err != nil {
		return nil, err
	}
	if e.YouSaid, err = youSaidWeDid(db, from, to, 500); err != nil {
		return nil, err
	}
	if e.Decisions, err = s.evidenceDecisions(ctx, db, from, to); err != nil {
		return nil, err
	}
	e.Gunning = gunning(e)
	return e, nil
}

func inPeriod(q *gorm.DB, col string, from, to *time.Time) *gorm.DB {
	if from != nil {
		q = q.Where(col+" >= ?", *from)
	}
	if to != nil {
		q = q.Where(col+" < ?", *to)
	}
	return q
}

// shownPosts is postCounts for a query on feedback_posts alone: hidden posts and posts
// awaiting or refused approval are no evidence of anything.
const shownPosts = "approved = TRUE AND hidden = FALSE"

// activityQueries count what happened in the period, each needing its area's tables.
var activityQueries = []struct {
	label  string
	people bool
	tables []string
	table  string
	col    string
	where  string
}{
	{"Campaign emails sent", false, []string{"campaign_recipients"}, "campaign_recipients", "sent_at", "state = 'sent'"},
	{"Session times held or scheduled", false, []string{"slots"}, "slots", "starts_at", "cancelled_at IS NULL"},
	{"Confirmed bookings", false, []string{"bookings"}, "bookings", "starts_at", "status = 'confirmed'"},
	{"Attendances recorded", false, []string{"bookings"}, "bookings", "starts_at", "attendance = 'attended'"},
	{"Feedback posts", false, []string{"feedback_posts"}, "feedback_posts", "created_at", shownPosts},
	{"Team replies to feedback", false, []string{"feedback_replies"}, "feedback_replies", "created_at", "from_poster = FALSE"},
	{"Feedback posts actioned", false, []string{"feedback_posts"}, "feedback_posts", "actioned_at", "actioned_at IS NOT NULL AND " + shownPosts},
	{"Workshop poll votes", false, []string{"poll_votes"}, "poll_votes", "created_at", ""},
	{"Workshop questions asked", false, []string{"poll_questions"}, "poll_questions", "created_at", ""},
}

func activity(db *gorm.DB, from, to *time.Time) ([]EvidenceMeasure, error) {
	var out []EvidenceMeasure
	for _, a := range activityQueries {
		if !hasTables(db, a.tables...) {
			continue
		}
		var n int64
		q := inPeriod(db.Table(a.table), a.col, from, to)
		if a.where != "" {
			q = q.Where(a.where)
		}
		if err := q.Count(&n).Error; err != nil {
			return nil, err
		}
		out = append(out, EvidenceMeasure{Label: a.label, Count: int(n), People: a.people})
	}
	return out, nil
}

// themes counts posts per tag in the period and how many had a team reply or an action.
func themes(db *gorm.DB, from, to *time.Time) ([]EvidenceTheme, error) {
	out := []EvidenceTheme{}
	if !hasTables(db, "feedback_tags", "feedback_posts", "feedback_replies") {
		return out, nil
	}
	q := db.Table("feedback_tags ft").
		Select(`ft.tag AS theme, COUNT(*) AS posts, SUM(CASE WHEN fp.actioned_at IS NOT NULL OR EXISTS
 (SELECT 1 FROM feedback_replies fr WHERE fr.post_id = fp.id AND fr.from_poster = FALSE) THEN 1 ELSE 0 END) AS responded`).
		Joins("JOIN feedback_posts fp ON fp.id = ft.post_id AND " + postCounts)
	q = inPeriod(q, "fp.created_at", from, to)
	err := q.Group("ft.tag").Order("posts DESC, ft.tag").Scan(&out).Error
	return out, err
}
