package readiness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models/coverage"
)

// TrendFilter narrows the trend to a milestone's pulses and to one organisation and staff
// group's answers (zero values: all).
type TrendFilter struct {
	OrganisationID uint
	StaffGroup     string
	MilestoneID    uint
}

// TrendPoint is one pulse's headline: how many answered it, and what share feel ready
// (null when fewer than 5 answered).
type TrendPoint struct {
	PulseID      uint      `json:"pulse_id"`
	Title        string    `json:"title"`
	OpensAt      time.Time `json:"opens_at"`
	ClosesAt     time.Time `json:"closes_at"`
	Prompt       string    `json:"prompt"`
	Answered     *int      `json:"answered"`
	AnsweredText string    `json:"answered_text"`
	ReadyPercent *int      `json:"ready_percent"`
	Withheld     bool      `json:"withheld"`
}

// Trend is "feel ready" across repeated pulses, oldest first, and the change in words.
type Trend struct {
	Points  []TrendPoint `json:"points"`
	Summary string       `json:"summary"`
}

// PulseTrend counts each pulse's headline answers (personal and open together) among the
// filter's people. Pulses without a headline question are left out.
func (s *Store) PulseTrend(ctx context.Context, f TrendFilter) (*Trend, error) {
	db := s.DB.WithContext(ctx)
	q := db.Preload("Questions").Order("opens_at, id")
	if f.MilestoneID != 0 {
		q = q.Where("milestone_id = ?", f.MilestoneID)
	}
	var pulses []Pulse
	if err := q.Limit(200).Find(&pulses).Error; err != nil {
		return nil, err
	}
	out := &Trend{Points: []TrendPoint{}}
	for i := range pulses {
		p := &pulses[i]
		h := p.Headline()
		if h == nil {
			continue
		}
		answered, ready, err := s.headlineCounts(ctx, h, f)
		if err != nil {
			return nil, err
		}
		pt := TrendPoint{PulseID: p.ID, Title: p.Title, OpensAt: p.OpensAt, ClosesAt: p.ClosesAt, Prompt: h.Prompt}
		d, _ := coverage.ProtectBreakdowns(answered)
		pt.Answered, pt.AnsweredText = shown(answered, d)
		if answered >= coverage.SmallNumber {
			pc := percent(ready, answered)
			pt.ReadyPercent = &pc
		} else {
			pt.Withheld = true
		}
		out.Points = append(out.Points, pt)
	}
	who, err := s.trendWho(ctx, f)
	if err != nil {
		return nil, err
	}
	out.Summary = trendSummary(out.Points, who)
	return out, nil
}

// headlineCounts counts the people who answered a pulse's headline question, and those
// whose answer counts as ready, among the filter's people.
func (s *Store) headlineCounts(ctx context.Context, h *PulseQuestion, f TrendFilter) (answered, ready int, err error) {
	var row struct{ Answered, Ready int }
	q := s.DB.WithContext(ctx).Table("pulse_answers AS a").Joins("JOIN pulse_responses r ON r.id = a.response_id").
		Select("COUNT(DISTINCT a.response_id) AS answered, COUNT(DISTINCT CASE WHEN a.value IN ? THEN a.response_id END) AS ready", h.Ready()).
		Where("a.question_id = ?", h.ID)
	if f.OrganisationID != 0 {
		q = q.Where("r.organisation_id = ?", f.OrganisationID)
	}
	if f.StaffGroup != "" {
		q = q.Where("r.staff_group = ?", f.StaffGroup)
	}
	err = q.Scan(&row).Error
	return row.Answered, row.Ready, err
}

// HeadlineCounts is headlineCounts for the readiness board: a pulse's headline among one
// organisation and staff group (0, "": all). ok is false when the pulse has no headline.
func (s *Store) HeadlineCounts(ctx context.Context, pulseID uint, f TrendFilter) (answered, ready int, ok bool, err error) {
	p, err := s.GetPulse(ctx, pulseID)
	if err != nil {
		return 0, 0, false, err
	}
	h := p.Headline()
	if h == nil {
		return 0, 0, false, nil
	}
	answered, ready, err = s.headlineCounts(ctx, h, f)
	return answered, ready, true, err
}

// trendWho names the filter's people: "Nursing and Midwifery Registered staff at Moorside".
func (s *Store) trendWho(ctx context.Context, f TrendFilter) (string, error) {
	who := "all staff"
	if f.StaffGroup != "" {
		who = f.StaffGroup + " staff"
	}
	if f.OrganisationID != 0 {
		o, err := s.GetOrganisation(ctx, f.OrganisationID)
		if err != nil {
			return "", err
		}
		who += " at " + o.Name
	}
	return who, nil
}

// trendSummary says the trend in words, from the first pulse with a percentage shown to the last.
func trendSummary(points []TrendPoint, who string) string {
	var shownPts []TrendPoint
	for _, p := range points {
		if p.ReadyPercent != nil {
			shownPts = append(shownPts, p)
		}
	}
	switch {
	case len(points) == 0:
		return "No pulse with a question about feeling ready has been answered by " + who + " yet."
	case len(shownPts) == 0:
		return fmt.Sprintf("Fewer than 5 people among %s answered each pulse, so no percentage is shown.", who)
	case len(shownPts) == 1:
		p := shownPts[0]
		return fmt.Sprintf("%d%% of %s feel ready (%s).", *p.ReadyPercent, who, quote(p.Title))
	}
	a, b := shownPts[0], shownPts[len(shownPts)-1]
	verb := "rose"
	switch {
	case *b.ReadyPercent < *a.ReadyPercent:
		verb = "fell"
	case *b.ReadyPercent == *a.ReadyPercent:
		return fmt.Sprintf("Feeling ready stayed at %d%% among %s, from %s to %s.", *a.ReadyPercent, who, quote(a.Title), quote(b.Title))
	}
	return fmt.Sprintf("Feeling ready %s from %d%% to %d%% among %s, from %s to %s.", verb, *a.ReadyPercent, *b.ReadyPercent,
		who, quote(a.Title), quote(b.Title))
}

func quote(s string) string { return "‘" + strings.TrimSpace(s) + "’" }
