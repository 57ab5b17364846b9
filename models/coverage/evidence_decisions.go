package coverage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models/decisions"
)

// EvidenceDecision is a decision published in the period, with how many contributions
// informed it: the fourth Gunning principle shown decision by decision (issue 16).
type EvidenceDecision struct {
	ID            uint
	Title         string
	DecidedBy     string
	PublishedAt   time.Time
	Contributions int
}

// evidenceDecisionLimit bounds the decisions the pack lists one by one.
const evidenceDecisionLimit = 200

// evidenceDecisions reads the decisions published in the period, oldest first, each with
// the contributions its links reach (each person-level record once).
func (s *Store) evidenceDecisions(ctx context.Context, db *gorm.DB, from, to *time.Time) ([]EvidenceDecision, error) {
	out := []EvidenceDecision{}
	if !hasTables(db, "decisions", "decision_links") {
		return out, nil
	}
	var list []decisions.Decision
	q := inPeriod(db.Where("published_at IS NOT NULL"), "published_at", from, to)
	if err := q.Preload("Links").Order("published_at, id").Limit(evidenceDecisionLimit).Find(&list).Error; err != nil {
		return nil, err
	}
	ds := decisions.Of(s.Store)
	for i := range list {
		d := &list[i]
		n, err := ds.CountContributions(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, EvidenceDecision{ID: d.ID, Title: d.Title, DecidedBy: d.DecidedBy, PublishedAt: *d.PublishedAt, Contributions: n})
	}
	return out, nil
}

// decisionEvidence is what the fourth principle says of the decisions: how many were
// published with their trail, then each one, its contributions shown as every count in
// the pack is (fewer than 5 hidden).
func decisionEvidence(e *Evidence) []string {
	if len(e.Decisions) == 0 {
		return nil
	}
	out := []string{fmt.Sprintf("%d %s published in the decision register with what informed %s.", len(e.Decisions),
		plural(len(e.Decisions), "decision was", "decisions were"), plural(len(e.Decisions), "it", "each"))}
	for _, d := range e.Decisions {
		by := ""
		if d.DecidedBy != "" {
			by = " by " + d.DecidedBy
		}
		out = append(out, fmt.Sprintf("“%s”, decided%s and published %s, was informed by %s %s.", d.Title, by,
			LondonDate(d.PublishedAt), ShownCount(d.Contributions), plural(d.Contributions, "contribution", "contributions")))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
