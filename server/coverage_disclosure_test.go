package server

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	ct "github.com/confer-nhs/confer/models/coveragetest"
	"github.com/confer-nhs/confer/models/demo"
	"github.com/confer-nhs/confer/server/coverage"
)

// attacker is someone holding everything the coverage API and the evidence pack publish
// for a database, trying to work out each hidden count. Each published count is a
// variable with what is known of it (a number, "fewer than 5" = 1..4, "not shown" = 5 or
// more); the relations between them narrow each one's interval until nothing changes.
// It knows which of the sums it assumes really hold (the test tells it, from the true
// counts), so it is stronger than a real reader, never weaker.
type attacker struct {
	lo, hi map[string]int
	truth  map[string]int
	hidden map[string]bool
	rels   []func() bool // each tightens bounds, reporting whether it changed any
}

const unbounded = 1 << 30

func newAttacker() *attacker {
	return &attacker{lo: map[string]int{}, hi: map[string]int{}, truth: map[string]int{}, hidden: map[string]bool{}}
}

// see records one published value of variable v: a number, or nil (hidden) with whether
// it was hidden to protect another count. The same variable seen twice (the API and
// the CSV, or two filters) keeps what both say.
func (a *attacker) see(v string, n *int, protected bool) {
	lo, hi := 1, coveragemodel.SmallNumber-1
	switch {
	case n != nil:
		lo, hi = *n, *n
	case protected:
		lo, hi = coveragemodel.SmallNumber, unbounded
	default:
		a.hidden[v] = true
	}
	if n == nil {
		a.hidden[v] = true
	}
	if _, ok := a.lo[v]; !ok {
		a.lo[v], a.hi[v] = lo, hi
		return
	}
	a.lo[v], a.hi[v] = max(a.lo[v], lo), min(a.hi[v], hi)
}

func (a *attacker) tighten(v string, lo, hi int) bool {
	changed := false
	if lo > a.lo[v] {
		a.lo[v], changed = lo, true
	}
	if hi < a.hi[v] {
		a.hi[v], changed = hi, true
	}
	return changed
}

// sum assumes total = the sum of parts, if it truly holds.
func (a *attacker) sum(total string, parts []string) {
	n := 0
	for _, p := range parts {
		n += a.truth[p]
	}
	if n != a.truth[total] {
		return
	}
	a.rels = append(a.rels, func() bool {
		sl, sh := 0, 0
		for _, p := range parts {
			sl, sh = sl+a.lo[p], sh+a.hi[p]
		}
		changed := a.tighten(total, sl, sh)
		for _, p := range parts {
			changed = a.tighten(p, a.lo[total]-(sh-a.hi[p]), a.hi[total]-(sl-a.lo[p])) || changed
		}
		return changed
	})
}

// atMost assumes x <= y.
func (a *attacker) atMost(x, y string) {
	a.rels = append(a.rels, func() bool {
		return a.tighten(x, a.lo[x], a.hi[y]) || a.tighten(y, a.lo[x], a.hi[y])
	})
}

// pair keeps only the values of x and y for which ok holds (x and y up to a cap; above
// it, any value is kept).
func (a *attacker) pair(x, y string, ok func(x, y int) bool) {
	const limit = 400
	a.rels = append(a.rels, func() bool {
		xl, xh, yl, yh := unbounded, -1, unbounded, -1
		for i := a.lo[x]; i <= min(a.hi[x], a.lo[x]+limit); i++ {
			for j := a.lo[y]; j <= min(a.hi[y], a.lo[y]+limit); j++ {
				if ok(i, j) {
					xl, xh, yl, yh = min(xl, i), max(xh, i), min(yl, j), max(yh, j)
				}
			}
		}
		if xh < 0 {
			return false // no pair fits: the attacker's reading is wrong, so learns nothing
		}
		if a.hi[x] > a.lo[x]+limit {
			xh = a.hi[x]
		}
		if a.hi[y] > a.lo[y]+limit {
			yh = a.hi[y]
		}
		return a.tighten(x, xl, xh) || a.tighten(y, yl, yh)
	})
}

// recovered runs every relation until nothing changes and lists each hidden count whose
// interval closed on its true value.
func (a *attacker) recovered() []string {
	for round := 0; round < 500; round++ {
		changed := false
		for _, r := range a.rels {
			changed = r() || changed
		}
		if !changed {
			break
		}
	}
	var out []string
	for v := range a.hidden {
		if a.lo[v] == a.hi[v] && a.lo[v] == a.truth[v] {
			out = append(out, fmt.Sprintf("%s = %d", v, a.truth[v]))
		}
	}
	sort.Strings(out)
	return out
}

// gapWords reads a gap sentence's counts: "Only 7 of 10 …", "Fewer than 5 of 8 …",
// "A number not shown of the …", "No … yet" (0).
var gapWords = regexp.MustCompile(`^(?:Only (\d+)|(Fewer than 5)|(A number not shown)) of (\d+|fewer than 5|the) `)

type period struct{ name, from, to string }

// TestCoverageHidesEveryHiddenCount (issue 12, D3) publishes two populated databases
// through every endpoint and export that shows a count (GET /coverage for each category
// and for all time and a period; the gaps, their sentences and shortfalls; the targets;
// the evidence pack's coverage.csv, gaps.csv and activity.csv), then tries to work out
// each hidden count: shortfall with target and headcount, totals minus the visible
// cells, a category's cells against all categories', contributions minus their verified
// part, shares times headcounts, flags against targets. It fails if any hidden count is
// determined.
func TestCoverageHidesEveryHiddenCount(t *testing.T) {
	t.Parallel()
	targets := func(e *testEnv, admin string, f *ct.Fixture) {
		list := []map[string]any{
			{"stage": "attended", "category": "clinical", "staff_group": ct.Nursing, "min_percent": 5},
			{"stage": "reached", "min_percent": 80},
			{"stage": "contributed", "min_count": 2},
			{"stage": "booked", "min_count": 3},
			{"stage": "attended", "category": "technical", "min_count": 4},
			{"stage": "answered", "min_percent": 10},
			{"stage": "booked", "category": "clinical", "min_count": 6},
		}
		if f != nil {
			list = append(list, map[string]any{"stage": "contributed", "organisation_id": f.Beta, "min_count": 5})
		}
		if r := e.do("PUT", "/api/v1/coverage/targets", map[string]any{"targets": list}, "token", admin); r.Status != http.StatusOK {
			t.Fatalf("targets: %s", r)
		}
	}
	t.Run("hand-counted fixture", func(t *testing.T) {
		t.Parallel()
		e := newTestEnv(t)
		f := ct.Build(t, e.store)
		admin := e.tokenFor(models.RoleAdmin)
		targets(e, admin, f)
		attackCoverage(t, e, admin, []period{{"all", "", ""}, {"October", "2026-10-01", "2026-10-31"}})
	})
	t.Run("demo", func(t *testing.T) {
		t.Parallel()
		e := newTestEnv(t)
		if err := demo.Seed(t.Context(), e.store); err != nil {
			t.Fatal(err)
		}
		admin := e.tokenFor(models.RoleAdmin)
		targets(e, admin, nil)
		attackCoverage(t, e, admin, []period{{"all", "", ""}})
	})
}

func attackCoverage(t *testing.T, e *testEnv, admin string, periods []period) {
	a := newAttacker()
	cats := append([]string{""}, coveragemodel.SessionCategoryNames...)
	hiddenSeen := 0
	for _, p := range periods {
		reports := map[string]coverage.CoverageResponse{}
		for _, cat := range cats {
			q := url.Values{"category": {cat}, "from": {p.from}, "to": {p.to}}
			var cov coverage.CoverageResponse
			r := e.do("GET", "/api/v1/coverage?"+q.Encode(), nil, "token", admin)
			if r.Status != http.StatusOK {
				t.Fatalf("coverage %v: %s", q, r)
			}
			r.JSON(t, &cov)
			reports[cat] = cov
			a.learnTruth(t, e, p, cat)
			hiddenSeen += a.readReport(p.name, cat, cov)
		}
		a.relate(p.name, cats, reports)
		a.readPack(t, e, admin, p)
	}
	if hiddenSeen == 0 {
		t.Fatal("no count was hidden: the data set does not test anything")
	}
	if got := a.recovered(); len(got) > 0 {
		t.Errorf("%d hidden counts can be worked out from what is published:\n%s", len(got), strings.Join(got, "\n"))
	}
}

func cellVar(p, cat string, org uint, group, field string) string {
	if field == "headcount" {
		cat = "*" // the same contacts whatever the category
	}
	return fmt.Sprintf("%s|%s|%d/%s|%s", p, cat, org, group, field)
}

func totalVar(p, cat, stage string) string {
	if stage == "headcount" {
		cat = "*"
	}
	return fmt.Sprintf("%s|%s|total|%s", p, cat, stage)
}

// learnTruth reads the true counts from the store, for the attacker's judge.
func (a *attacker) learnTruth(t *testing.T, e *testEnv, p period, cat string) {
	from, to, err := coveragemodel.ParsePeriod(p.from, p.to)
	if err != nil {
		t.Fatal(err)
	}
	r, err := coveragemodel.Of(e.store).Coverage(t.Context(), coveragemodel.CoverageFilter{Category: cat, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Cells {
		a.truth[cellVar(p.name, cat, c.OrganisationID, c.StaffGroup, "headcount")] = c.Headcount
		for _, st := range coveragemodel.CoverageStages {
			a.truth[cellVar(p.name, cat, c.OrganisationID, c.StaffGroup, st)] = c.Counts[st]
			if coveragemodel.VerifiedStage(st) {
				a.truth[cellVar(p.name, cat, c.OrganisationID, c.StaffGroup, "verified."+st)] = c.Verified(st)
				a.truth[cellVar(p.name, cat, c.OrganisationID, c.StaffGroup, "self_declared."+st)] = c.SelfDeclared(st)
			}
		}
	}
	for st, n := range r.Totals {
		a.truth[totalVar(p.name, cat, st)] = n
	}
	a.truth[totalVar(p.name, cat, "headcount")] = r.Headcount
}

// readReport records one GET /coverage: every cell's counts, shares and the totals,
// and returns how many counts it hides.
func (a *attacker) readReport(p, cat string, cov coverage.CoverageResponse) int {
	hidden := 0
	for _, c := range cov.Cells {
		fields := map[string]*int{"headcount": c.Headcount, "reached": c.Reached, "booked": c.Booked,
			"attended": c.Attended, "contributed": c.Contributed, "answered": c.Answered}
		for st, n := range c.Verified {
			fields["verified."+st] = n
		}
		for st, n := range c.SelfDeclared {
			fields["self_declared."+st] = n
		}
		for f, n := range fields {
			a.see(cellVar(p, cat, c.OrganisationID, c.StaffGroup, f), n, contains(c.ProtectedFields, f))
			if n == nil {
				hidden++
			}
		}
		hv := cellVar(p, cat, c.OrganisationID, c.StaffGroup, "headcount")
		for st, pct := range c.Percent {
			if pct == nil {
				continue
			}
			want := *pct
			a.pair(cellVar(p, cat, c.OrganisationID, c.StaffGroup, st), hv, func(n, h int) bool {
				return h > 0 && math.Round(float64(n)*1000/float64(h))/10 == want
			})
		}
	}
	for st, n := range cov.Totals {
		a.see(totalVar(p, cat, st), n, contains(cov.Protected, "totals."+st))
	}
	a.see(totalVar(p, cat, "headcount"), cov.Headcount, contains(cov.Protected, "headcount"))
	a.readGaps(p, cat, cov)
	return hidden
}

// readGaps records each gap's counts and shortfall, and each target's verdict on each
// cell it applies to: a gap listed means the count is below what the target asks, none
// listed means it is not.
func (a *attacker) readGaps(p, cat string, cov coverage.CoverageResponse) {
	listed := map[string]coverage.CoverageGapResponse{}
	for _, g := range cov.Gaps {
		listed[fmt.Sprintf("%d|%d/%s", g.TargetID, g.OrganisationID, g.StaffGroup)] = g
	}
	for _, c := range cov.Cells {
		hv := cellVar(p, cat, c.OrganisationID, c.StaffGroup, "headcount")
		for _, t := range cov.Targets {
			if t.OrganisationID != nil && *t.OrganisationID != c.OrganisationID || t.StaffGroup != "" && t.StaffGroup != c.StaffGroup ||
				c.Headcount != nil && *c.Headcount == 0 {
				continue
			}
			field := t.Stage
			if t.Stage == "contributed" || t.Stage == "answered" {
				field = "verified." + t.Stage
			}
			av := cellVar(p, t.Category, c.OrganisationID, c.StaffGroup, field)
			target := coveragemodel.CoverageTarget{MinPercent: t.MinPercent, MinCount: t.MinCount}
			g, gap := listed[fmt.Sprintf("%d|%d/%s", t.ID, c.OrganisationID, c.StaffGroup)]
			if !gap {
				a.pair(av, hv, func(n, h int) bool { return n >= target.Required(h) })
				continue
			}
			if g.Shortfall != nil {
				s := *g.Shortfall
				a.pair(av, hv, func(n, h int) bool {
					req := target.Required(h)
					return req > 0 && math.Abs(1-float64(n)/float64(req)-s) < 1e-9
				})
			}
			a.readSentence(av, hv, g.Text)
		}
	}
}

// readSentence takes a gap sentence's numbers as published values.
func (a *attacker) readSentence(av, hv, text string) {
	if strings.HasPrefix(text, "No ") {
		zero := 0
		a.see(av, &zero, false)
		return
	}
	m := gapWords.FindStringSubmatch(text)
	if m == nil {
		return
	}
	switch {
	case m[1] != "":
		n, _ := strconv.Atoi(m[1])
		a.see(av, &n, false)
	case m[2] != "":
		a.see(av, nil, false)
	default:
		a.see(av, nil, true)
	}
	switch m[4] {
	case "fewer than 5":
		a.see(hv, nil, false)
	case "the":
		a.see(hv, nil, true)
	default:
		n, _ := strconv.Atoi(m[4])
		a.see(hv, &n, false)
	}
}

// relate adds what a reader may assume between the counts of one period: the totals
// are the sums of the cells, all categories the sum of each, contributions verified
// plus self-declared, attended within booked, and over all time answered within
// contributed.
func (a *attacker) relate(p string, cats []string, reports map[string]coverage.CoverageResponse) {
	fields := []string{"headcount", "reached", "booked", "attended", "contributed", "answered",
		"verified.contributed", "self_declared.contributed", "verified.answered", "self_declared.answered"}
	for _, cat := range cats {
		byField := map[string][]string{}
		for _, c := range reports[cat].Cells {
			v := func(f string) string { return cellVar(p, cat, c.OrganisationID, c.StaffGroup, f) }
			for _, f := range fields {
				byField[f] = append(byField[f], v(f))
			}
			for _, st := range []string{"contributed", "answered"} {
				a.sum(v(st), []string{v("verified." + st), v("self_declared." + st)})
			}
			a.atMost(v("attended"), v("booked"))
			if p == "all" {
				a.atMost(v("answered"), v("contributed"))
				a.atMost(v("verified.answered"), v("verified.contributed"))
			}
		}
		for _, st := range append([]string{"headcount"}, coveragemodel.CoverageStages...) {
			a.sum(totalVar(p, cat, st), byField[st])
		}
		a.atMost(totalVar(p, cat, "attended"), totalVar(p, cat, "booked"))
	}
	for _, c := range reports[""].Cells {
		for _, f := range fields[1:] {
			var parts []string
			for _, cat := range cats[1:] {
				parts = append(parts, cellVar(p, cat, c.OrganisationID, c.StaffGroup, f))
			}
			a.sum(cellVar(p, "", c.OrganisationID, c.StaffGroup, f), parts)
		}
	}
	for _, st := range coveragemodel.CoverageStages {
		var parts []string
		for _, cat := range cats[1:] {
			parts = append(parts, totalVar(p, cat, st))
		}
		a.sum(totalVar(p, "", st), parts)
	}
}

// readPack records the evidence pack's coverage.csv (every count and share), the
// funnel in activity.csv and the gap sentences in gaps.csv, as more published values.
func (a *attacker) readPack(t *testing.T, e *testEnv, admin string, p period) {
	q := url.Values{"from": {p.from}, "to": {p.to}}
	r := e.do("GET", "/api/v1/evidence-pack?"+q.Encode(), nil, "token", admin)
	if r.Status != http.StatusOK {
		t.Fatalf("evidence pack: %s", r)
	}
	files := unzip(t, r.Body)
	rows, err := csv.NewReader(strings.NewReader(files["coverage.csv"])).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("coverage.csv: %v", err)
	}
	orgs := map[string]uint{}
	var cov coverage.CoverageResponse
	e.do("GET", "/api/v1/coverage?"+q.Encode(), nil, "token", admin).JSON(t, &cov)
	for _, o := range cov.Orgs {
		orgs[o.Name] = o.ID
	}
	head := rows[0]
	for _, row := range rows[1:] {
		org := orgs[row[0]]
		for i, col := range head {
			field := strings.Replace(strings.Replace(col, "_verified", "", 1), "_self_declared", "", 1)
			switch {
			case col == "organisation" || col == "staff_group" || col == "flagged" || col == "gaps":
				continue
			case strings.HasSuffix(col, "_percent"):
				if row[i] == "" {
					continue
				}
				pct, err := strconv.ParseFloat(strings.TrimSuffix(row[i], "%"), 64)
				if err != nil {
					t.Fatalf("coverage.csv %s = %q", col, row[i])
				}
				a.pair(cellVar(p.name, "", org, row[1], strings.TrimSuffix(col, "_percent")),
					cellVar(p.name, "", org, row[1], "headcount"), func(n, h int) bool {
						return h > 0 && math.Round(float64(n)*1000/float64(h))/10 == pct
					})
				continue
			case strings.HasSuffix(col, "_verified"):
				field = "verified." + field
			case strings.HasSuffix(col, "_self_declared"):
				field = "self_declared." + field
			}
			a.seeWords(t, cellVar(p.name, "", org, row[1], field), row[i])
		}
	}
	funnel, err := csv.NewReader(strings.NewReader(files["activity.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range funnel {
		switch {
		case row[0] == "Headcount (contact list)":
			a.seeWords(t, totalVar(p.name, "", "headcount"), row[1])
		case strings.HasPrefix(row[0], "People "):
			a.seeWords(t, totalVar(p.name, "", strings.TrimPrefix(row[0], "People ")), row[1])
		}
	}
	for _, g := range cov.Gaps {
		if !strings.Contains(files["gaps.csv"], g.Text) {
			t.Errorf("gaps.csv lacks %q", g.Text)
		}
	}
}

func (a *attacker) seeWords(t *testing.T, v, words string) {
	switch words {
	case "fewer than 5":
		a.see(v, nil, false)
	case "not shown":
		a.see(v, nil, true)
	default:
		n, err := strconv.Atoi(words)
		if err != nil {
			t.Fatalf("%s: %q is no count", v, words)
		}
		a.see(v, &n, false)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
