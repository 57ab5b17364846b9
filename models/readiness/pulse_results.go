package readiness

import (
	"context"
	"sort"
	"strconv"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
)

// Results is what a pulse heard, question by question. Every count is published with
// coverage's disclosure control: counts of 1 to 4 are withheld ("fewer than 5"), and a
// count that would give one away by subtraction is withheld with it ("not shown").
type Results struct {
	PulseID   uint             `json:"pulse_id"`
	Questions []QuestionResult `json:"questions"`
}

// QuestionResult is one question's answers: each source's overall figures, then by
// organisation × staff group × job role within each source, and (open questions) the
// texts, in alphabetical order and without who wrote them.
type QuestionResult struct {
	QuestionID uint     `json:"question_id"`
	Position   int      `json:"position"`
	Kind       string   `json:"kind"`
	Prompt     string   `json:"prompt"`
	Labels     []string `json:"labels"` // what each count counts: an option, or a point on the scale
	Headline   bool     `json:"headline"`
	Overall    []Cell   `json:"overall"` // personal, then open
	Cells      []Cell   `json:"cells"`
	Texts      []string `json:"texts"`
}

// Cell is the answers of one group of people (or all of a source's).
type Cell struct {
	Source         string   `json:"source"`
	OrganisationID *uint    `json:"organisation_id,omitempty"`
	Organisation   string   `json:"organisation,omitempty"`
	StaffGroup     string   `json:"staff_group,omitempty"`
	JobRole        string   `json:"job_role,omitempty"`
	Answered       *int     `json:"answered"` // null when withheld
	AnsweredText   string   `json:"answered_text"`
	Counts         []*int   `json:"counts"`
	CountsText     []string `json:"counts_text"`
	ReadyPercent   *int     `json:"ready_percent"` // the headline question: share of answers that count as ready
	Withheld       bool     `json:"withheld"`
}

// cellKey is a group of respondents.
type cellKey struct {
	Source         string
	OrganisationID uint // 0: not stated
	StaffGroup     string
	JobRole        string
}

type cellTally struct {
	answered int
	ready    int
	counts   map[int]int
}

// PulseResults counts a pulse's answers and applies disclosure control.
func (s *Store) PulseResults(ctx context.Context, id uint) (*Results, error) {
	p, err := s.GetPulse(ctx, id)
	if err != nil {
		return nil, err
	}
	db := s.DB.WithContext(ctx)
	var rows []struct {
		QuestionID     uint
		ResponseID     uint
		Source         string
		OrganisationID *uint
		StaffGroup     string
		JobRole        string
		Value          *int
		Text           string
	}
	// One row per answer: a pulse has at most tens of thousands, and counting them here
	// keeps one query for every breakdown on both databases.
	err = db.Table("pulse_answers AS a").Joins("JOIN pulse_responses r ON r.id = a.response_id").
		Select("a.question_id, a.response_id, r.source, r.organisation_id, r.staff_group, r.job_role, a.value, a.text").
		Where("a.pulse_id = ?", id).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	orgNames, err := s.organisationNames(ctx)
	if err != nil {
		return nil, err
	}
	out := &Results{PulseID: id, Questions: []QuestionResult{}}
	for qi := range p.Questions {
		q := &p.Questions[qi]
		tallies := map[cellKey]*cellTally{}
		seen := map[[2]uint]bool{} // (response, question) counted once
		readyOf := map[uint]bool{}
		ready := q.Ready()
		texts := []string{}
		for _, r := range rows {
			if r.QuestionID != q.ID {
				continue
			}
			k := cellKey{Source: r.Source, StaffGroup: r.StaffGroup, JobRole: r.JobRole}
			if r.OrganisationID != nil {
				k.OrganisationID = *r.OrganisationID
			}
			t := tallies[k]
			if t == nil {
				t = &cellTally{counts: map[int]int{}}
				tallies[k] = t
			}
			if !seen[[2]uint{r.ResponseID, q.ID}] {
				seen[[2]uint{r.ResponseID, q.ID}] = true
				t.answered++
			}
			if r.Value != nil {
				t.counts[*r.Value]++
				if containsInt(ready, *r.Value) && !readyOf[r.ResponseID] {
					readyOf[r.ResponseID] = true
					t.ready++
				}
			}
			if r.Text != "" {
				texts = append(texts, r.Text)
			}
		}
		sort.Strings(texts)
		out.Questions = append(out.Questions, questionResult(q, tallies, texts, orgNames))
	}
	return out, nil
}

func (s *Store) organisationNames(ctx context.Context) (map[uint]string, error) {
	var orgs []models.Organisation
	if err := s.DB.WithContext(ctx).Select("id, name").Find(&orgs).Error; err != nil {
		return nil, err
	}
	out := map[uint]string{}
	for _, o := range orgs {
		out[o.ID] = o.Name
	}
	return out, nil
}

// values are what a question's counts count: scale points or option indexes, and their labels.
func values(q *PulseQuestion) (vals []int, labels []string) {
	switch q.Kind {
	case KindScale:
		for v := q.Min; v <= q.Max; v++ {
			vals, labels = append(vals, v), append(labels, strconv.Itoa(v))
		}
	case KindSingle, KindMultiple:
		for i, o := range q.OptionList() {
			vals, labels = append(vals, i), append(labels, o)
		}
	}
	return vals, labels
}

func questionResult(q *PulseQuestion, tallies map[cellKey]*cellTally, texts []string, orgNames map[uint]string) QuestionResult {
	vals, labels := values(q)
	qr := QuestionResult{QuestionID: q.ID, Position: q.Position, Kind: q.Kind, Prompt: q.Prompt, Labels: orEmpty(labels),
		Headline: len(q.Ready()) > 0, Overall: []Cell{}, Cells: []Cell{}, Texts: texts}
	keys := make([]cellKey, 0, len(tallies))
	for k := range tallies {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Source != b.Source {
			return a.Source == SourcePersonal
		}
		if orgNames[a.OrganisationID] != orgNames[b.OrganisationID] {
			return orgNames[a.OrganisationID] < orgNames[b.OrganisationID]
		}
		if a.StaffGroup != b.StaffGroup {
			return a.StaffGroup < b.StaffGroup
		}
		return a.JobRole < b.JobRole
	})
	for _, source := range []string{SourcePersonal, SourceOpen} {
		total := &cellTally{counts: map[int]int{}}
		var mine []cellKey
		var parts []int
		for _, k := range keys {
			if k.Source != source {
				continue
			}
			t := tallies[k]
			total.answered += t.answered
			total.ready += t.ready
			for v, n := range t.counts {
				total.counts[v] += n
			}
			mine, parts = append(mine, k), append(parts, t.answered)
		}
		totalD, ds := protectCells(total.answered, parts)
		qr.Overall = append(qr.Overall, cell(Cell{Source: source}, total, totalD, vals, qr.Headline))
		for i, k := range mine {
			c := Cell{Source: source, StaffGroup: k.StaffGroup, JobRole: k.JobRole}
			if k.OrganisationID != 0 {
				id := k.OrganisationID
				c.OrganisationID, c.Organisation = &id, orgNames[id]
			}
			qr.Cells = append(qr.Cells, cell(c, tallies[k], ds[i], vals, qr.Headline))
		}
	}
	return qr
}

// protectCells is the disclosure control for a source's groups of people, keeping their
// total (the pulse's answered count, which the team sees anyway) and hiding groups
// instead: a group of 1 to 4 is withheld ("fewer than 5"); and when exactly one group is,
// the total minus the others would give it away, so the smallest other group is
// withheld with it ("not shown"). Several withheld groups reveal only their sum.
func protectCells(total int, parts []int) (coverage.Disclosure, []coverage.Disclosure) {
	ds := make([]coverage.Disclosure, len(parts))
	if total > 0 && total < coverage.SmallNumber {
		for i := range ds {
			ds[i] = coverage.HiddenSmall
		}
		return coverage.HiddenSmall, ds
	}
	hidden, smallest := 0, -1
	for i, n := range parts {
		if n > 0 && n < coverage.SmallNumber {
			ds[i], hidden = coverage.HiddenSmall, hidden+1
		}
	}
	for i, n := range parts {
		if ds[i] == coverage.Shown && (smallest < 0 || n < parts[smallest]) {
			smallest = i
		}
	}
	if hidden == 1 && smallest >= 0 {
		ds[smallest] = coverage.HiddenProtect
	}
	return coverage.Shown, ds
}

// cell publishes one group's figures: withheld whole when its answered count is; else its
// counts under the disclosure control, and the share that feel ready.
func cell(c Cell, t *cellTally, d coverage.Disclosure, vals []int, headline bool) Cell {
	c.Counts, c.CountsText = []*int{}, []string{}
	c.Answered, c.AnsweredText = shown(t.answered, d)
	counts := make([]int, len(vals))
	for i, v := range vals {
		counts[i] = t.counts[v]
	}
	if d.Hidden() {
		c.Withheld = true
		for range vals {
			c.Counts, c.CountsText = append(c.Counts, nil), append(c.CountsText, "not shown")
		}
		return c
	}
	_, cds := coverage.ProtectBreakdowns(t.answered, counts)
	for i, n := range counts {
		v, text := shown(n, cds[0][i])
		c.Counts, c.CountsText = append(c.Counts, v), append(c.CountsText, text)
	}
	if headline && t.answered >= coverage.SmallNumber {
		pc := percent(t.ready, t.answered)
		c.ReadyPercent = &pc
	}
	return c
}

// shown is a count as published under d: the number, or null and the words for why not.
func shown(n int, d coverage.Disclosure) (*int, string) {
	if d.Hidden() {
		return nil, coverage.ShowCount(n, d)
	}
	v := n
	return &v, strconv.Itoa(n)
}

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return (200*n + of) / (2 * of) // rounded half up
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
