package coverage

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
)

// coverageResponse is GET /coverage. Every count goes through shownCount: 1 to 4 people
// become null with "suppressed": true, the same rule the page and the export follow, and
// so does any count that would give one of them away (named in "protected": shown as
// "not shown" rather than "fewer than 5"; docs/COVERAGE.md).
type CoverageResponse struct {
	Category  string                 `json:"category"`
	From      *time.Time             `json:"from"`
	To        *time.Time             `json:"to"`
	Cells     []CoverageCellResponse `json:"cells"`
	Gaps      []CoverageGapResponse  `json:"gaps"`
	Totals    map[string]*int        `json:"totals"`
	Headcount *int                   `json:"headcount"`
	// Protected names the totals ("totals.booked", "headcount") hidden to protect a cell.
	Protected []string                  `json:"protected"`
	Stages    []string                  `json:"stages"`
	Sources   map[string][]string       `json:"sources"`
	Targets   []targetResponse          `json:"targets"`
	Orgs      []coverageOrganisationRef `json:"organisations"`
	// DefaultStage is the stage the page shows first (coveragemodel.CoverageReport.DefaultStage).
	DefaultStage string `json:"default_stage"`
	// StaffGroups is the order of the staff groups: ESR's, then the groups outside it.
	StaffGroups []string `json:"staff_groups"`
}

type coverageOrganisationRef struct {
	ID   uint   `json:"id"`
	Name string `json:"name"`
}

type CoverageCellResponse struct {
	OrganisationID   uint   `json:"organisation_id"`
	OrganisationName string `json:"organisation_name"`
	StaffGroup       string `json:"staff_group"`
	Headcount        *int   `json:"headcount"`
	Reached          *int   `json:"reached"`
	Booked           *int   `json:"booked"`
	Attended         *int   `json:"attended"`
	Contributed      *int   `json:"contributed"`
	Answered         *int   `json:"answered"`
	// Verified and SelfDeclared split contributed and answered: people matched by email
	// to the contact list in this cell, and the rest (anonymous, workshop participants,
	// an organisation or staff group only stated). Targets count the verified.
	Verified         map[string]*int `json:"verified"`
	SelfDeclared     map[string]*int `json:"self_declared"`
	Flagged          bool            `json:"flagged"`
	Suppressed       bool            `json:"suppressed"`
	SuppressedFields []string        `json:"suppressed_fields"`
	// ProtectedFields are the suppressed fields hidden to protect another count, not
	// because they are small ("verified.contributed" names a split).
	ProtectedFields []string `json:"protected_fields"`
	// Percent is each stage as a share of headcount, null when either count is hidden.
	Percent map[string]*float64 `json:"percent"`
	Gaps    []string            `json:"gaps"`
	// FlaggedStages are the stages at which this cell misses a target, so the heat map
	// marks a cell only for the stage it shows.
	FlaggedStages []string `json:"flagged_stages"`
}

type CoverageGapResponse struct {
	OrganisationID   uint   `json:"organisation_id"`
	OrganisationName string `json:"organisation_name"`
	StaffGroup       string `json:"staff_group"`
	Stage            string `json:"stage"`
	Category         string `json:"category"`
	TargetID         uint   `json:"target_id"`
	Text             string `json:"text"`
	// Headline is the gap at a glance: "<group> at <organisation>: 0 of 240 attended …".
	Headline string `json:"headline"`
	// Shortfall is the share of the target missing, null when it would tell a hidden
	// count or headcount.
	Shortfall *float64 `json:"shortfall"`
	// JudgedOn is "verified" when only verified people count towards the target
	// (contributed, answered), else "all"; Verified and SelfDeclared are then the split.
	JudgedOn     string `json:"judged_on"`
	Verified     *int   `json:"verified"`
	SelfDeclared *int   `json:"self_declared"`
}

type targetResponse struct {
	ID             uint    `json:"id"`
	Stage          string  `json:"stage"`
	Category       string  `json:"category"`
	OrganisationID *uint   `json:"organisation_id"`
	StaffGroup     string  `json:"staff_group"`
	MinPercent     float64 `json:"min_percent"`
	MinCount       int     `json:"min_count"`
}

// shownCount is n for the API: nil when it is hidden.
func shownCount(n int, d coveragemodel.Disclosure) *int {
	if d.Hidden() {
		return nil
	}
	return &n
}

// cellFields lists a cell's counts for the API: name, value and how it is shown.
func cellFields(c *coveragemodel.CoverageCell) []cellField {
	out := []cellField{{"headcount", coveragemodel.HeadcountKey, c.Headcount}}
	for _, st := range coveragemodel.CoverageStages {
		out = append(out, cellField{st, st, c.Counts[st]})
	}
	for _, st := range coveragemodel.CoverageStages {
		if coveragemodel.VerifiedStage(st) {
			out = append(out, cellField{"verified." + st, st + coveragemodel.VerifiedSuffix, c.Verified(st)},
				cellField{"self_declared." + st, st + coveragemodel.SelfDeclaredSuffix, c.SelfDeclared(st)})
		}
	}
	return out
}

type cellField struct {
	name, key string
	n         int
}

func toCoverageCell(c *coveragemodel.CoverageCell, orgName string) CoverageCellResponse {
	out := CoverageCellResponse{OrganisationID: c.OrganisationID, OrganisationName: orgName, StaffGroup: c.StaffGroup,
		Flagged: c.Flagged(), SuppressedFields: []string{}, ProtectedFields: []string{},
		Verified: map[string]*int{}, SelfDeclared: map[string]*int{}, Percent: map[string]*float64{}, Gaps: []string{}}
	fields := map[string]**int{"headcount": &out.Headcount, coveragemodel.StageReached: &out.Reached, coveragemodel.StageBooked: &out.Booked,
		coveragemodel.StageAttended: &out.Attended, coveragemodel.StageContributed: &out.Contributed, coveragemodel.StageAnswered: &out.Answered}
	for _, f := range cellFields(c) {
		d := c.Hide[f.key]
		v := shownCount(f.n, d)
		switch name, st, _ := strings.Cut(f.name, "."); name {
		case "verified":
			out.Verified[st] = v
		case "self_declared":
			out.SelfDeclared[st] = v
		default:
			*fields[name] = v
		}
		if d.Hidden() {
			out.SuppressedFields = append(out.SuppressedFields, f.name)
		}
		if d == coveragemodel.HiddenProtect {
			out.ProtectedFields = append(out.ProtectedFields, f.name)
		}
	}
	for _, st := range coveragemodel.CoverageStages {
		out.Percent[st] = nil
		if p, ok := coveragemodel.CoverageShare(c.Counts[st], c.Hide[st], c.Headcount, c.Hide[coveragemodel.HeadcountKey]); ok {
			out.Percent[st] = &p
		}
	}
	out.Suppressed = len(out.SuppressedFields) > 0
	out.FlaggedStages = []string{}
	for _, g := range c.Flags {
		out.Gaps = append(out.Gaps, g.Text)
		if !slices.Contains(out.FlaggedStages, g.Stage) {
			out.FlaggedStages = append(out.FlaggedStages, g.Stage)
		}
	}
	return out
}

func toCoverageGap(g coveragemodel.CoverageGap, orgName string) CoverageGapResponse {
	out := CoverageGapResponse{OrganisationID: g.OrganisationID, OrganisationName: orgName,
		StaffGroup: g.StaffGroup, Stage: g.Stage, Category: g.Category, TargetID: g.TargetID, Text: g.Text, Headline: g.Headline, JudgedOn: "all"}
	if s, ok := g.Shortfall(); ok {
		out.Shortfall = &s
	}
	if g.Verified {
		out.JudgedOn = "verified"
		out.Verified, out.SelfDeclared = shownCount(g.Actual, g.ActualHide), shownCount(g.SelfDeclared, g.SelfDeclaredHide)
	}
	return out
}

func toCoverage(r *coveragemodel.CoverageReport) CoverageResponse {
	out := CoverageResponse{Category: r.Filter.Category, From: r.Filter.From, To: r.Filter.To,
		Cells: make([]CoverageCellResponse, len(r.Cells)), Gaps: make([]CoverageGapResponse, len(r.Gaps)),
		Totals: map[string]*int{}, Headcount: shownCount(r.Headcount, r.HeadcountHide), Protected: []string{},
		Stages: coveragemodel.CoverageStages, Sources: r.Sources, Targets: toTargets(r.Targets), Orgs: []coverageOrganisationRef{},
		DefaultStage: r.DefaultStage(), StaffGroups: models.StaffGroups}
	for i := range r.Cells {
		out.Cells[i] = toCoverageCell(&r.Cells[i], r.Organisations[r.Cells[i].OrganisationID])
	}
	for i, g := range r.Gaps {
		out.Gaps[i] = toCoverageGap(g, r.Organisations[g.OrganisationID])
	}
	if r.HeadcountHide == coveragemodel.HiddenProtect {
		out.Protected = append(out.Protected, "headcount")
	}
	for _, st := range coveragemodel.CoverageStages {
		out.Totals[st] = shownCount(r.Totals[st], r.TotalsHide[st])
		if r.TotalsHide[st] == coveragemodel.HiddenProtect {
			out.Protected = append(out.Protected, "totals."+st)
		}
	}
	for id, name := range r.Organisations {
		out.Orgs = append(out.Orgs, coverageOrganisationRef{id, name})
	}
	sort.Slice(out.Orgs, func(i, j int) bool { return out.Orgs[i].Name < out.Orgs[j].Name })
	return out
}

func toTargets(ts []coveragemodel.CoverageTarget) []targetResponse {
	out := make([]targetResponse, len(ts))
	for i, t := range ts {
		out[i] = targetResponse{ID: t.ID, Stage: t.Stage, Category: t.Category, OrganisationID: t.OrganisationID,
			StaffGroup: t.StaffGroup, MinPercent: t.MinPercent, MinCount: t.MinCount}
	}
	return out
}
