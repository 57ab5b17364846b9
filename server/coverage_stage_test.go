package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/server/coverage"
)

// TestCoverageDefaultStageAndFlagsPerStage: the page opens on the stage targets are set
// on where people have been reached, not on a map of zeros with more gaps; and a cell is
// flagged for a stage only when it misses a target at that stage.
func TestCoverageDefaultStageAndFlagsPerStage(t *testing.T) {
	t.Parallel()
	e, _, admin := coverageEnv(t)
	put := func(targets ...map[string]any) {
		t.Helper()
		if r := e.do("PUT", "/api/v1/coverage/targets", map[string]any{"targets": append([]map[string]any{}, targets...)}, "token", admin); r.Status != http.StatusOK {
			t.Fatalf("targets: %s", r)
		}
	}
	get := func(query string) coverage.CoverageResponse {
		t.Helper()
		var cov coverage.CoverageResponse
		r := e.do("GET", "/api/v1/coverage"+query, nil, "token", admin)
		if r.Status != http.StatusOK {
			t.Fatalf("coverage: %s", r)
		}
		r.JSON(t, &cov)
		return cov
	}
	// In the week of the technical session nobody contributed: contributed has a gap in
	// every group and attended in fewer, yet attended is the stage shown first.
	put(map[string]any{"stage": "contributed", "min_percent": 100}, map[string]any{"stage": "attended", "min_count": 1})
	week := "?from=2026-10-11&to=2026-10-13"
	cov := get(week)
	count := map[string]int{}
	for _, g := range cov.Gaps {
		count[g.Stage]++
	}
	nobody := func(st string) bool { return cov.Totals[st] != nil && *cov.Totals[st] == 0 }
	if !nobody("contributed") || nobody("attended") || count["contributed"] <= count["attended"] || count["attended"] == 0 {
		t.Fatalf("the fixture no longer sets the scene: totals %v, gaps %v", cov.Totals, count)
	}
	if cov.DefaultStage != "attended" {
		t.Errorf("default stage %q, want attended (contributed is all zeros that week)", cov.DefaultStage)
	}
	// Each flagged stage is a stage with a gap in that cell; a cell meeting the attended
	// target is not flagged at attended, though it misses the contributed one.
	met := 0
	for _, c := range cov.Cells {
		var want []string
		for _, g := range cov.Gaps {
			if g.OrganisationID == c.OrganisationID && g.StaffGroup == c.StaffGroup && !slices.Contains(want, g.Stage) {
				want = append(want, g.Stage)
			}
		}
		slices.Sort(want)
		got := slices.Clone(c.FlaggedStages)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s %s: flagged stages %v, want %v", c.OrganisationName, c.StaffGroup, got, want)
		}
		if c.Headcount != nil && *c.Headcount > 0 && !slices.Contains(c.FlaggedStages, "attended") {
			met++
			if c.Attended != nil && *c.Attended == 0 || !slices.Contains(c.FlaggedStages, "contributed") {
				t.Errorf("%s %s: attended %s, flagged %v", c.OrganisationName, c.StaffGroup, shown(c.Attended), c.FlaggedStages)
			}
		}
	}
	if met == 0 {
		t.Fatal("no cell met the attended target: the test proves nothing")
	}
	// Over all time people contributed, and contributed has the most gaps: it is shown first.
	if cov := get(""); cov.DefaultStage != "contributed" {
		t.Errorf("all time: default stage %q, want contributed", cov.DefaultStage)
	}
	// With no targets, the first stage.
	put()
	if cov := get(""); cov.DefaultStage != "reached" {
		t.Errorf("no targets: default stage %q, want reached", cov.DefaultStage)
	}
	// The headline says the gap at a glance, with the numbers.
	put(map[string]any{"stage": "attended", "category": "clinical", "min_percent": 100})
	cov = get("")
	if len(cov.Gaps) == 0 {
		t.Fatal("no gaps")
	}
	for _, g := range cov.Gaps {
		if !strings.HasPrefix(g.Headline, g.StaffGroup+" at "+g.OrganisationName+": ") ||
			!strings.HasSuffix(g.Headline, "attended a clinical session (target 100%)") {
			t.Errorf("headline %q", g.Headline)
		}
	}
}
