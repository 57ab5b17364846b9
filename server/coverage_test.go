package server

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	ct "github.com/confer-nhs/confer/models/coveragetest"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/coverage"
)

// coverageEnv is a server over the hand-counted data set with its three targets.
func coverageEnv(t *testing.T) (*testEnv, *ct.Fixture, string) {
	e := newTestEnv(t)
	f := ct.Build(t, e.store)
	admin := e.tokenFor(models.RoleAdmin)
	r := e.do("PUT", "/api/v1/coverage/targets", map[string]any{"targets": []map[string]any{
		{"stage": "attended", "category": "clinical", "staff_group": ct.Nursing, "min_percent": 5},
		{"stage": "reached", "min_percent": 80},
		{"stage": "contributed", "organisation_id": f.Beta, "min_count": 5},
	}}, "token", admin)
	if r.Status != http.StatusOK {
		t.Fatalf("targets: %s", r)
	}
	return e, f, admin
}

func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func shown(n *int) string {
	if n == nil {
		return "fewer than 5"
	}
	return strconv.Itoa(*n)
}

// shownField is a cell's field as the page words it: hidden to protect another count
// reads "not shown".
func shownField(c coverage.CoverageCellResponse, field string, n *int) string {
	if n == nil && slices.Contains(c.ProtectedFields, field) {
		return "not shown"
	}
	return shown(n)
}

// TestCoverageAPIAndEvidencePackAgree checks the API's cells against the hand count, with
// small numbers suppressed, and that the CSV and the HTML report in the pack say exactly
// what the API says.
func TestCoverageAPIAndEvidencePackAgree(t *testing.T) {
	t.Parallel()
	e, _, _ := coverageEnv(t)
	facilitator := e.tokenFor(models.RoleFacilitator)
	var cov coverage.CoverageResponse
	r := e.do("GET", "/api/v1/coverage", nil, "token", facilitator)
	if r.Status != http.StatusOK {
		t.Fatalf("coverage: %s", r)
	}
	r.JSON(t, &cov)
	got := map[string]string{}
	for _, c := range cov.Cells {
		got[c.OrganisationName+"/"+c.StaffGroup] = strings.Join([]string{shownField(c, "headcount", c.Headcount),
			shownField(c, "reached", c.Reached), shownField(c, "booked", c.Booked), shownField(c, "attended", c.Attended),
			shownField(c, "contributed", c.Contributed), shownField(c, "answered", c.Answered),
			strconv.FormatBool(c.Flagged), strconv.FormatBool(c.Suppressed)}, ",")
	}
	// Alpha nursing's 6 contributors are hidden: beside 5 verified they would give away
	// the 1 self-declared (docs/COVERAGE.md, secondary suppression).
	const few = "fewer than 5"
	want := map[string]string{
		"Alpha Trust/" + ct.Medical: "6,5,5,5," + few + "," + few + ",false,true",
		"Alpha Trust/" + ct.Nursing: "10,7,5," + few + ",not shown," + few + ",true,true",
		"Beta Trust/" + ct.Admin:    "8,8," + few + "," + few + "," + few + "," + few + ",true,true",
		"Beta Trust/" + ct.Nursing:  few + ",0,0,0,0,0,true,true",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("API cells:\n got %v\nwant %v", got, want)
	}
	if !strings.Contains(string(r.Body), `"headcount":null`) || !strings.Contains(string(r.Body), `"suppressed":true`) {
		t.Errorf("suppressed counts must be null with suppressed true: %s", r.Body)
	}
	if len(cov.Gaps) != 5 || cov.Gaps[0].Text != "No verified contribution yet from Beta Trust (Nursing and Midwifery Registered)" {
		t.Errorf("gaps: %+v", cov.Gaps)
	}

	comms := e.tokenFor(models.RoleComms)
	r = e.do("GET", "/api/v1/evidence-pack", nil, "token", comms)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("evidence pack: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	files := unzip(t, r.Body)
	for _, name := range []string{"report.html", "activity.csv", "coverage.csv", "gaps.csv", "themes.csv",
		"you-said-we-did.csv", "gunning-principles.csv"} {
		if files[name] == "" {
			t.Errorf("pack lacks %s", name)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(files["coverage.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fromCSV := map[string]string{}
	for _, row := range rows[1:] {
		// organisation, staff_group, headcount, then count and percent per stage, the
		// verified split, flagged, gaps
		fromCSV[row[0]+"/"+row[1]] = strings.Join([]string{row[2], row[3], row[5], row[7], row[9], row[11], row[len(row)-2]}, ",")
	}
	for k, v := range got {
		if w := v[:strings.LastIndex(v, ",")]; fromCSV[k] != w {
			t.Errorf("coverage.csv %s = %q, API says %q", k, fromCSV[k], w)
		}
	}
	report := files["report.html"]
	for _, g := range cov.Gaps {
		if !strings.Contains(files["gaps.csv"], g.Text) || !strings.Contains(report, g.Text) {
			t.Errorf("gap %q missing from gaps.csv or report.html", g.Text)
		}
	}
	if !strings.Contains(report, "<td class=\"num\">fewer than 5</td>") || strings.Contains(report[strings.Index(report, "</style>"):], "@") {
		t.Errorf("report must hide small numbers and name nobody by email")
	}
	if !strings.Contains(files["you-said-we-did.csv"], "Security patrols the car park at night") ||
		!strings.Contains(files["themes.csv"], "parking,1,1") {
		t.Errorf("you said, we did / themes:\n%s\n%s", files["you-said-we-did.csv"], files["themes.csv"])
	}

	r = e.do("GET", "/api/v1/evidence-pack/report", nil, "token", comms)
	if r.Status != http.StatusOK || string(r.Body) != report && !strings.Contains(string(r.Body), "Engagement evidence pack") {
		t.Fatalf("report: %d", r.Status)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'sha256-") || strings.Contains(csp, "script-src") {
		t.Errorf("report CSP %q", csp)
	}
}

func TestCoverageRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	e.run([]scenario{{name: "three targets", method: "PUT", url: "/api/v1/coverage/targets", headers: []string{"token", admin},
		body: map[string]any{"targets": []map[string]any{
			{"stage": "attended", "category": "clinical", "staff_group": ct.Nursing, "min_percent": 5},
			{"stage": "reached", "min_percent": 80}, {"stage": "contributed", "min_count": 5}}},
		status: 200, contains: []string{`"min_percent":80`}}})
	comms := e.tokenFor(models.RoleComms)
	e.run([]scenario{
		{name: "unknown category", method: "GET", url: "/api/v1/coverage?category=surgical", headers: []string{"token", comms},
			status: 422, contains: []string{`"field":"category"`, "clinical, operational, technical"}},
		{name: "bad from", method: "GET", url: "/api/v1/coverage?from=yesterday", headers: []string{"token", comms},
			status: 422, contains: []string{`"field":"from"`, "2026-11-01"}},
		{name: "to before from", method: "GET", url: "/api/v1/coverage?from=2026-11-02&to=2026-11-01", headers: []string{"token", comms},
			status: 422, contains: []string{`"field":"to"`}},
		{name: "pack with a bad period", method: "GET", url: "/api/v1/evidence-pack?to=31/10/2026", headers: []string{"token", comms},
			status: 422, contains: []string{`"field":"to"`}},
		{name: "targets missing", method: "PUT", url: "/api/v1/coverage/targets", body: map[string]any{}, headers: []string{"token", admin},
			status: 422, contains: []string{`"field":"targets"`}},
		{name: "target with a bad stage", method: "PUT", url: "/api/v1/coverage/targets", headers: []string{"token", admin},
			body:   map[string]any{"targets": []map[string]any{{"stage": "met", "min_percent": 5}}},
			status: 422, contains: []string{`"field":"targets[0].stage"`}},
		{name: "target with an unknown field", method: "PUT", url: "/api/v1/coverage/targets", headers: []string{"token", admin},
			body: `{"targets":[{"stage":"booked","percent":5}]}`, status: 400, contains: []string{`"field":"percent"`}},
		{name: "comms may not set targets", method: "PUT", url: "/api/v1/coverage/targets", headers: []string{"token", comms},
			body: map[string]any{"targets": []any{}}, status: 403},
		{name: "the refused writes kept all three targets", method: "GET", url: "/api/v1/coverage/targets",
			headers: []string{"token", comms}, status: 200, contains: []string{`"min_percent":80`, `"min_count":5`, `"category":"clinical"`}},
		{name: "reach needs a staff group", method: "POST", url: "/api/v1/coverage/reach", headers: []string{"token", comms},
			body: map[string]any{"organisation_id": 1}, status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "reach needs a real organisation", method: "POST", url: "/api/v1/coverage/reach", headers: []string{"token", comms},
			body: map[string]any{"organisation_id": 999, "staff_group": ct.Nursing}, status: 422, contains: []string{`"field":"organisation_id"`}},
	})
}

func TestProgrammeIsPublicAndNamesNobody(t *testing.T) {
	t.Parallel()
	e, f, _ := coverageEnv(t)
	e.run([]scenario{{name: "programme", method: "GET", url: "/api/v1/programme", status: 200,
		contains: []string{`"title":"Clinical pathways"`, `"starts_at":"2099-03-02T10:00:00Z"`, `"name":"General"`,
			`"we_did":"Security patrols the car park at night"`, `"you_said":"Parking at night is unsafe"`},
		notContains: []string{"@", "Digital records", "More parking please"}}})
	comms := e.tokenFor(models.RoleComms)
	r := e.do("POST", "/api/v1/coverage/reach", map[string]any{"organisation_id": f.Beta, "staff_group": ct.Nursing,
		"stage": "attended", "category": "clinical"}, "token", comms)
	if r.Status != http.StatusCreated {
		t.Fatalf("reach: %s", r)
	}
	var out coverage.ReachResponse
	r.JSON(t, &out)
	r = e.do("GET", fmt.Sprintf("/api/v1/campaigns/%d", out.CampaignID), nil, "token", comms)
	if r.Status != 200 || !strings.Contains(string(r.Body), fmt.Sprintf(`"organisation_ids":[%d]`, f.Beta)) ||
		!strings.Contains(string(r.Body), `"staff_groups":["Nursing and Midwifery Registered"]`) {
		t.Errorf("campaign draft: %s", r)
	}
}

// TestCoverageHidesSmallGroupsEverywhere runs with only the foundation installed: the
// headcount comes from the people Confer knows, and a group of 2 shows as "fewer than 5"
// in the API, the CSV and the report, while a group of 6 shows its number.
func TestCoverageHidesSmallGroupsEverywhere(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	ctx := t.Context()
	name, code, kind := "Gamma Trust", "GAM", "acute"
	org, err := e.store.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	add := func(group string, n int) {
		for i := 0; i < n; i++ {
			email, g, who := fmt.Sprintf("%s%d@gamma.example", strings.ToLower(group[:3]), i), group, "Someone"
			if _, err := people.Of(e.store).CreatePerson(ctx, people.PersonInput{Email: &email, Name: &who, OrganisationID: &org.ID, StaffGroup: &g}); err != nil {
				t.Fatal(err)
			}
			// Once campaigns is installed, headcount comes from its contact list instead.
			if e.store.DB.Migrator().HasTable("contacts") {
				if err := e.store.DB.Exec(`INSERT INTO contacts (email, name, organisation_id, staff_group, job_role, created_at, updated_at)
VALUES (?, ?, ?, ?, '', ?, ?)`, email, who, org.ID, g, time.Now(), time.Now()).Error; err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	add(ct.Nursing, 6)
	add(ct.Medical, 2)
	admin := e.tokenFor(models.RoleAdmin)
	var cov coverage.CoverageResponse
	r := e.do("GET", "/api/v1/coverage", nil, "token", admin)
	r.JSON(t, &cov)
	got := map[string]string{}
	for _, c := range cov.Cells {
		got[c.StaffGroup] = shown(c.Headcount) + "," + strconv.FormatBool(c.Suppressed)
	}
	if got[ct.Nursing] != "6,false" || got[ct.Medical] != "fewer than 5,true" {
		t.Errorf("cells: %v (%s)", got, r.Body)
	}
	pack := unzip(t, e.do("GET", "/api/v1/evidence-pack", nil, "token", admin).Body)
	if !strings.Contains(pack["coverage.csv"], "Gamma Trust,Medical and Dental,fewer than 5,") ||
		!strings.Contains(pack["coverage.csv"], "Gamma Trust,Nursing and Midwifery Registered,6,") {
		t.Errorf("coverage.csv:\n%s", pack["coverage.csv"])
	}
	if !strings.Contains(pack["report.html"], "<td>Medical and Dental</td><td class=\"num\">fewer than 5</td>") {
		t.Errorf("report.html does not hide the group of 2")
	}
}
