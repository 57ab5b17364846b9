package server

import (
	"sort"
	"time"

	"github.com/confer-nhs/confer/models"
)

// coverageResponse is GET /coverage. Every count goes through shownCount: 1 to 4 people
// become null with "suppressed": true, the same rule the page and the export follow.
type coverageResponse struct {
	Category  string                    `json:"category"`
	From      *time.Time                `json:"from"`
	To        *time.Time                `json:"to"`
	Cells     []coverageCellResponse    `json:"cells"`
	Gaps      []coverageGapResponse     `json:"gaps"`
	Totals    map[string]*int           `json:"totals"`
	Headcount *int                      `json:"headcount"`
	Stages    []string                  `json:"stages"`
	Sources   map[string][]string       `json:"sources"`
	Targets   []targetResponse          `json:"targets"`
	Orgs      []coverageOrganisationRef `json:"organisations"`
}

type coverageOrganisationRef struct {
	ID   uint   `json:"id"`
	Name string `json:"name"`
}

type coverageCellResponse struct {
	OrganisationID   uint     `json:"organisation_id"`
	OrganisationName string   `json:"organisation_name"`
	StaffGroup       string   `json:"staff_group"`
	Headcount        *int     `json:"headcount"`
	Reached          *int     `json:"reached"`
	Booked           *int     `json:"booked"`
	Attended         *int     `json:"attended"`
	Contributed      *int     `json:"contributed"`
	Answered         *int     `json:"answered"`
	Flagged          bool     `json:"flagged"`
	Suppressed       bool     `json:"suppressed"`
	SuppressedFields []string `json:"suppressed_fields"`
	// Percent is each stage as a share of headcount, null when either count is hidden.
	Percent map[string]*float64 `json:"percent"`
	Gaps    []string            `json:"gaps"`
}

type coverageGapResponse struct {
	OrganisationID   uint    `json:"organisation_id"`
	OrganisationName string  `json:"organisation_name"`
	StaffGroup       string  `json:"staff_group"`
	Stage            string  `json:"stage"`
	Category         string  `json:"category"`
	TargetID         uint    `json:"target_id"`
	Text             string  `json:"text"`
	Shortfall        float64 `json:"shortfall"`
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

// shownCount is n for the API: nil when it would show fewer than 5 people.
func shownCount(n int) *int {
	if models.Suppressed(n) {
		return nil
	}
	return &n
}

func toCoverageCell(c *models.CoverageCell, orgName string) coverageCellResponse {
	out := coverageCellResponse{OrganisationID: c.OrganisationID, OrganisationName: orgName, StaffGroup: c.StaffGroup,
		Headcount: shownCount(c.Headcount), Flagged: c.Flagged(), SuppressedFields: []string{},
		Percent: map[string]*float64{}, Gaps: []string{}}
	fields := map[string]**int{models.StageReached: &out.Reached, models.StageBooked: &out.Booked,
		models.StageAttended: &out.Attended, models.StageContributed: &out.Contributed, models.StageAnswered: &out.Answered}
	if out.Headcount == nil {
		out.SuppressedFields = append(out.SuppressedFields, "headcount")
	}
	for _, st := range models.CoverageStages {
		n := c.Counts[st]
		*fields[st] = shownCount(n)
		if *fields[st] == nil {
			out.SuppressedFields = append(out.SuppressedFields, st)
		}
		if p, ok := models.CoverageShare(n, c.Headcount); ok {
			out.Percent[st] = &p
		} else {
			out.Percent[st] = nil
		}
	}
	out.Suppressed = len(out.SuppressedFields) > 0
	for _, g := range c.Flags {
		out.Gaps = append(out.Gaps, g.Text)
	}
	return out
}

func toCoverage(r *models.CoverageReport) coverageResponse {
	out := coverageResponse{Category: r.Filter.Category, From: r.Filter.From, To: r.Filter.To,
		Cells: make([]coverageCellResponse, len(r.Cells)), Gaps: make([]coverageGapResponse, len(r.Gaps)),
		Totals: map[string]*int{}, Headcount: shownCount(r.Headcount), Stages: models.CoverageStages,
		Sources: r.Sources, Targets: toTargets(r.Targets), Orgs: []coverageOrganisationRef{}}
	for i := range r.Cells {
		out.Cells[i] = toCoverageCell(&r.Cells[i], r.Organisations[r.Cells[i].OrganisationID])
	}
	for i, g := range r.Gaps {
		out.Gaps[i] = coverageGapResponse{OrganisationID: g.OrganisationID, OrganisationName: r.Organisations[g.OrganisationID],
			StaffGroup: g.StaffGroup, Stage: g.Stage, Category: g.Category, TargetID: g.TargetID, Text: g.Text,
			Shortfall: g.Shortfall()}
	}
	for st, n := range r.Totals {
		out.Totals[st] = shownCount(n)
	}
	for id, name := range r.Organisations {
		out.Orgs = append(out.Orgs, coverageOrganisationRef{id, name})
	}
	sort.Slice(out.Orgs, func(i, j int) bool { return out.Orgs[i].Name < out.Orgs[j].Name })
	return out
}

func toTargets(ts []models.CoverageTarget) []targetResponse {
	out := make([]targetResponse, len(ts))
	for i, t := range ts {
		out[i] = targetResponse{ID: t.ID, Stage: t.Stage, Category: t.Category, OrganisationID: t.OrganisationID,
			StaffGroup: t.StaffGroup, MinPercent: t.MinPercent, MinCount: t.MinCount}
	}
	return out
}
