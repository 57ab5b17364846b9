package privacy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/models/storetest"
)

// pulseSeed is three pulses answered by the same six contacts (personal links) and by
// two staff through the open link: one closed more than 12 months before the run, one
// closed within them, one still open.
type pulseSeed struct {
	old, recent, open uint
	orgA              uint
}

const nursing = "Nursing and Midwifery Registered"

func seedPulses(t *testing.T, s *models.Store, t0, now time.Time) pulseSeed {
	t.Helper()
	ins := func(table, cols string, args ...any) uint {
		t.Helper()
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
		var id uint
		if err := s.DB.Raw("INSERT INTO "+table+" ("+cols+") VALUES ("+marks+") RETURNING id", args...).Scan(&id).Error; err != nil {
			t.Fatalf("insert into %s: %v", table, err)
		}
		return id
	}
	a := ins("organisations", "name, code, kind, created_at, updated_at", "Moorside", "MOO", "acute", t0, t0)
	b := ins("organisations", "name, code, kind, created_at, updated_at", "Beta Trust", "BET", "acute", t0, t0)
	contacts := make([]uint, 6)
	for i := range contacts {
		email := fmt.Sprintf("nurse%d@moorside.example", i)
		contacts[i] = ins("contacts", "email, name, organisation_id, staff_group, job_role, created_at, updated_at",
			email, fmt.Sprintf("Nurse %d", i), a, nursing, "Staff nurse", t0, t0)
	}
	pulse := func(title string, opens, closes, answered time.Time) uint {
		p := ins("pulses", "title, intro, opens_at, closes_at, open_token_hash, created_at, updated_at", title, "", opens, closes, "h-"+title, opens, opens)
		scale := ins("pulse_questions", "pulse_id, position, kind, prompt, options, min, max, ready_values",
			p, 0, "scale", "How ready do you feel?", "[]", 1, 5, "[4,5]")
		words := ins("pulse_questions", "pulse_id, position, kind, prompt, options, min, max, ready_values",
			p, 1, "text", "What would help?", "[]", 0, 0, "[]")
		c := ins("campaigns", "name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, pulse_id, started_at, finished_at, created_at, updated_at",
			title, title, "{{pulse_link}}", "newsletter", "{}", "sent", 1, 1, "k-"+title, p, opens, opens, opens, opens)
		answer := func(source string, contact, recipient *uint, org uint, group, role string, value int, text string) {
			r := ins("pulse_responses", "pulse_id, source, contact_id, campaign_recipient_id, organisation_id, staff_group, job_role, created_at, updated_at",
				p, source, contact, recipient, org, group, role, answered, answered)
			ins("pulse_answers", "pulse_id, response_id, question_id, value, text", p, r, scale, value, "")
			ins("pulse_answers", "pulse_id, response_id, question_id, value, text", p, r, words, nil, text)
		}
		for i, ct := range contacts {
			email := fmt.Sprintf("nurse%d@moorside.example", i)
			rc := ins("campaign_recipients", "campaign_id, contact_id, batch_seq, email, name, organisation_id, staff_group, state, sent_at",
				c, ct, 1, email, fmt.Sprintf("Nurse %d", i), a, nursing, "sent", opens)
			answer(readiness.SourcePersonal, &contacts[i], &rc, a, nursing, "Staff nurse", 1+i%5, fmt.Sprintf("More time on the ward for %d", i))
		}
		answer(readiness.SourceOpen, nil, nil, b, "Medical and Dental", "Registrar", 4, "Open words")
		answer(readiness.SourceOpen, nil, nil, b, "Medical and Dental", "", 2, "")
		return p
	}
	due := now.AddDate(-1, 0, 0)
	return pulseSeed{orgA: a,
		old:    pulse("Old", t0.AddDate(0, 0, -21), t0, t0.AddDate(0, 0, -7)),
		recent: pulse("Recent", due.AddDate(0, 0, -10), due.Add(time.Hour), due.AddDate(0, 0, -3)),
		open:   pulse("Open", now.AddDate(0, 0, -7), now.AddDate(0, 0, 7), now.AddDate(0, 0, -1)),
	}
}

// pulseFigures are what results, the trend and the board count from a pulse's answers:
// the values chosen per organisation, staff group and link, and answers per question.
func pulseFigures(t *testing.T, s *models.Store, pulse uint) string {
	t.Helper()
	var rows []struct {
		OrganisationID uint
		StaffGroup     string
		Source         string
		QuestionID     uint
		Value          *int
		N              int
	}
	err := s.DB.Raw(`SELECT r.organisation_id, r.staff_group, r.source, a.question_id, a.value, COUNT(*) AS n
FROM pulse_answers a JOIN pulse_responses r ON r.id = a.response_id WHERE a.pulse_id = ?
GROUP BY r.organisation_id, r.staff_group, r.source, a.question_id, a.value
ORDER BY r.organisation_id, r.staff_group, r.source, a.question_id, a.value`, pulse).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		v := "-"
		if r.Value != nil {
			v = fmt.Sprint(*r.Value)
		}
		fmt.Fprintf(&b, "%d %s %s q%d %s: %d\n", r.OrganisationID, r.StaffGroup, r.Source, r.QuestionID, v, r.N)
	}
	return b.String()
}

// linked is how many of a pulse's rows still hold what links an answer to a person.
func linked(t *testing.T, s *models.Store, pulse uint) int64 {
	t.Helper()
	return sqlCount(t, s, `SELECT (SELECT COUNT(*) FROM pulse_responses WHERE pulse_id = ?
 AND (contact_id IS NOT NULL OR campaign_recipient_id IS NOT NULL OR job_role <> ''))
 + (SELECT COUNT(*) FROM pulse_answers WHERE pulse_id = ? AND text <> '' AND text <> ?)`, pulse, pulse, privacy.RemovedOnItsDate)
}

// TestRetentionUnlinksClosedPulses: a pulse closed more than 12 months ago loses every
// response's link to a person (contact, campaign recipient, job role) and its written
// answers, personal and open link alike; a pulse closed within them and an open pulse
// keep theirs; the readiness figures (choices per organisation, staff group and link,
// the trend) do not change, nor do coverage's contributed counts for the old pulse's
// period, though those answers are no longer verified; the run is recorded.
func TestRetentionUnlinksClosedPulses(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	t0 := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	now := t0.AddDate(1, 1, 0)
	ps := seedPulses(t, s, t0, now)
	ctx := context.Background()

	figures := map[uint]string{}
	for _, p := range []uint{ps.old, ps.recent, ps.open} {
		figures[p] = pulseFigures(t, s, p)
	}
	trend := func() string {
		tr, err := readiness.Of(s).PulseTrend(ctx, readiness.TrendFilter{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(tr)
		return string(b)
	}
	trendBefore := trend()
	from, to := t0.AddDate(0, 0, -14), t0
	period := coverage.CoverageFilter{From: &from, To: &to}
	contributed := func() (all, verified int) {
		r, err := coverage.Of(s).Coverage(ctx, period)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Cells {
			if c.OrganisationID == ps.orgA && c.StaffGroup == nursing {
				return c.Counts[coverage.StageContributed], c.Verified(coverage.StageContributed)
			}
		}
		return 0, 0
	}
	allBefore, verifiedBefore := contributed()
	if allBefore != 6 || verifiedBefore != 6 {
		t.Fatalf("before the run, the old pulse's period counts %d contributed, %d verified; want 6 and 6", allBefore, verifiedBefore)
	}
	keep := map[uint]int64{ps.recent: linked(t, s, ps.recent), ps.open: linked(t, s, ps.open)}
	// 8 responses (6 personal, 2 open; one open answer gave no job role) and 7 written
	// answers on each pulse.
	if n := linked(t, s, ps.old); n != 14 || keep[ps.recent] != 14 || keep[ps.open] != 14 {
		t.Fatalf("seeded %d, %v linked rows; want 14 each", n, keep)
	}

	runs, err := privacy.Of(s).RunRetention(ctx, now, policy(nil), privacy.Hooks{}, 4)
	if err != nil {
		t.Fatal(err)
	}
	var run *privacy.RetentionRun
	for i := range runs {
		if runs[i].Kind == privacy.KindPulseAnswers {
			run = &runs[i]
		}
	}
	if run == nil || run.Count != 14 || run.Action != privacy.ActionAnonymise {
		t.Fatalf("pulse answers run %+v, want 14 anonymised (runs %+v)", run, runs)
	}

	if n := linked(t, s, ps.old); n != 0 {
		t.Errorf("old pulse: %d rows still linked to a person, want 0", n)
	}
	for q, want := range map[string]int64{
		"SELECT COUNT(*) FROM pulse_responses WHERE pulse_id = ? AND contact_id IS NULL AND campaign_recipient_id IS NULL AND job_role = ''": 8,
		"SELECT COUNT(*) FROM pulse_answers WHERE pulse_id = ? AND text = '" + privacy.RemovedOnItsDate + "'":                                7,
		"SELECT COUNT(*) FROM pulse_answers WHERE pulse_id = ? AND text LIKE '%ward%'":                                                       0,
		"SELECT COUNT(*) FROM pulse_responses WHERE pulse_id = ? AND source = 'personal'":                                                    6,
	} {
		if n := sqlCount(t, s, q, ps.old); n != want {
			t.Errorf("old pulse: %s = %d, want %d", q, n, want)
		}
	}
	for _, p := range []uint{ps.recent, ps.open} {
		if n := linked(t, s, p); n != keep[p] {
			t.Errorf("pulse %d (not past its date): %d linked rows, want %d untouched", p, n, keep[p])
		}
	}
	for p, want := range figures {
		if got := pulseFigures(t, s, p); got != want {
			t.Errorf("pulse %d figures changed:\nbefore %s\nafter  %s", p, want, got)
		}
	}
	if got := trendBefore; trend() != got {
		t.Errorf("trend changed:\nbefore %s\nafter  %s", got, trend())
	}
	// Each nurse answered once in the period: still 6 people, now self-declared.
	if all, verified := contributed(); all != 6 || verified != 0 {
		t.Errorf("after the run, the old pulse's period counts %d contributed, %d verified; want 6 and 0", all, verified)
	}
	// Campaign recipients keep their own date.
	if n := sqlCount(t, s, "SELECT COUNT(*) FROM campaign_recipients WHERE email LIKE '%@%'"); n != 18 {
		t.Errorf("%d campaign recipients keep their email, want 18", n)
	}

	last, err := privacy.Of(s).RetentionLastRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if l := last[privacy.KindPulseAnswers]; l.Removed == nil || l.Removed.Count != 14 || !l.Removed.At.Equal(now) {
		t.Errorf("pulse answers last removed %+v, want 14 at %s", l.Removed, now)
	}
	// A second run finds nothing left to do.
	again, err := privacy.Of(s).RunRetention(ctx, now, policy(nil), privacy.Hooks{}, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if r.Kind == privacy.KindPulseAnswers && r.Count != 0 {
			t.Errorf("second run unlinked %d more", r.Count)
		}
	}
}
