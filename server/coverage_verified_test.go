package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	ct "github.com/confer-nhs/confer/models/coveragetest"

	"github.com/confer-nhs/confer/server/coverage"
)

// coverageCell fetches one cell of GET /coverage (as admin) and the gaps' texts.
func coverageCell(t *testing.T, e *testEnv, token string, org uint, group string) (coverage.CoverageCellResponse, []coverage.CoverageGapResponse) {
	t.Helper()
	var cov coverage.CoverageResponse
	r := e.do("GET", "/api/v1/coverage", nil, "token", token)
	if r.Status != http.StatusOK {
		t.Fatalf("coverage: %s", r)
	}
	r.JSON(t, &cov)
	for _, c := range cov.Cells {
		if c.OrganisationID == org && c.StaffGroup == group {
			return c, cov.Gaps
		}
	}
	t.Fatalf("no cell %d/%s in %s", org, group, r.Body)
	return coverage.CoverageCellResponse{}, nil
}

func intOr(n *int, hidden string) string {
	if n == nil {
		return hidden
	}
	return fmt.Sprint(*n)
}

// TestCoverageCountsVisibleVerifiedContributions (issue 12, D8): four anonymous posts
// stating an organisation and staff group used to clear a "4 contributors" gap, and
// hidden or unapproved posts counted. Now posts count only once public; anonymous ones
// show as self-declared, apart from verified ones (a contact's email, in the contact's
// own cell), and only verified ones meet a target.
func TestCoverageCountsVisibleVerifiedContributions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	ctx := t.Context()
	name, code, kind := "Gamma Trust", "GAM", "acute"
	org, err := e.store.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 12; i++ {
		if err := e.store.DB.Exec(`INSERT INTO contacts (email, name, organisation_id, staff_group, job_role, created_at, updated_at)
VALUES (?, 'Nurse', ?, ?, '', ?, ?)`, fmt.Sprintf("n%d@gamma.example", i), org.ID, ct.Nursing, time.Now(), time.Now()).Error; err != nil {
			t.Fatal(err)
		}
	}
	admin := e.tokenFor(models.RoleAdmin)
	if r := e.do("PUT", "/api/v1/coverage/targets", map[string]any{"targets": []map[string]any{
		{"stage": "contributed", "organisation_id": org.ID, "min_count": 5}}}, "token", admin); r.Status != http.StatusOK {
		t.Fatalf("targets: %s", r)
	}
	open := e.newChannel(admin, map[string]any{"allow_anonymous": true})
	gated := e.newChannel(admin, map[string]any{"require_approval": true})
	var anon []uint
	for i := 0; i < 6; i++ {
		anon = append(anon, e.newPost(open, map[string]any{"body": fmt.Sprintf("Anonymous %d", i), "anonymous": true,
			"organisation_id": org.ID, "staff_group": ct.Nursing}).ID)
	}
	var pending []uint
	for i := 0; i < 5; i++ {
		pending = append(pending, e.newPost(gated, map[string]any{"body": fmt.Sprintf("Named %d", i), "name": "Nurse",
			"email": fmt.Sprintf("N%d@Gamma.example", i), "organisation_id": org.ID, "staff_group": ct.Nursing}).ID)
	}
	// One named post states Gamma nursing from an address on no contact list.
	e.newPost(open, map[string]any{"body": "Stranger", "name": "Stranger", "email": "stranger@else.example",
		"organisation_id": org.ID, "staff_group": ct.Nursing})
	moderate := func(id uint, action string) {
		t.Helper()
		if r := e.do("POST", fmt.Sprintf("/api/v1/posts/%d/moderation", id), map[string]any{"action": action, "reason": "Off topic"},
			"token", admin); r.Status != http.StatusOK {
			t.Fatalf("moderate %s: %s", action, r)
		}
	}
	moderate(anon[5], "hide")

	c, gaps := coverageCell(t, e, admin, org.ID, ct.Nursing)
	// Five anonymous posts and the stranger count as contributions, all self-declared;
	// the hidden one and the five awaiting approval do not count. The gap stays open.
	got := fmt.Sprint(intOr(c.Contributed, "hidden"), " ", intOr(c.Verified["contributed"], "hidden"), "+",
		intOr(c.SelfDeclared["contributed"], "hidden"), " ", c.Flagged)
	if got != "6 0+6 true" || len(gaps) != 1 || gaps[0].JudgedOn != "verified" ||
		gaps[0].Text != "No verified contribution yet from Gamma Trust (Nursing and Midwifery Registered)" {
		t.Fatalf("before approval: contributed verified+self-declared flagged = %s, gaps %+v", got, gaps)
	}

	for _, id := range pending {
		moderate(id, "approve")
	}
	c, gaps = coverageCell(t, e, admin, org.ID, ct.Nursing)
	got = fmt.Sprint(intOr(c.Contributed, "hidden"), " ", intOr(c.Verified["contributed"], "hidden"), "+",
		intOr(c.SelfDeclared["contributed"], "hidden"), " ", c.Flagged)
	if got != "11 5+6 false" || len(gaps) != 0 {
		t.Fatalf("after approval: contributed verified+self-declared flagged = %s, gaps %+v", got, gaps)
	}

	// The evidence pack shows the split too.
	pack := unzip(t, e.do("GET", "/api/v1/evidence-pack", nil, "token", admin).Body)
	if want := "\nGamma Trust,Nursing and Midwifery Registered,12,0,0%,0,0%,0,0%,11,91.7%,0,0%,5,6,0,0,false,\n"; !strings.Contains(pack["coverage.csv"], want) {
		t.Errorf("coverage.csv lacks %q:\n%s", want, pack["coverage.csv"])
	}
}
