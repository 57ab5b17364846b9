package decisions

import (
	"strconv"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	decisionmodel "github.com/confer-nhs/confer/models/decisions"
)

// heardResponse is "what we heard". Every count has a _text beside it: the number, or on
// the public register "fewer than 5" (count null) for a small count and "not shown"
// (null) for one hidden so that a small one cannot be worked out by subtraction.
// coverage's disclosure control (models/coverage ProtectBreakdowns) decides which.
type heardResponse struct {
	Contributions     *int                  `json:"contributions"`
	ContributionsText string                `json:"contributions_text"`
	ByOrganisation    []orgCount            `json:"by_organisation"`
	ByStaffGroup      []groupCount          `json:"by_staff_group"`
	Polls             []pollHeard           `json:"polls"`
	Quotes            []decisionmodel.Quote `json:"quotes"`
}

type orgCount struct {
	OrganisationID *uint  `json:"organisation_id"` // null: not stated
	Name           string `json:"name"`
	Count          *int   `json:"count"`
	CountText      string `json:"count_text"`
}

type groupCount struct {
	StaffGroup string `json:"staff_group"` // "": not stated
	Name       string `json:"name"`
	Count      *int   `json:"count"`
	CountText  string `json:"count_text"`
}

type pollHeard struct {
	PollID     uint     `json:"poll_id"`
	Question   string   `json:"question"`
	Kind       string   `json:"kind"`
	Total      *int     `json:"total"`
	TotalText  string   `json:"total_text"`
	Counts     []*int   `json:"counts"`
	CountsText []string `json:"counts_text"`
	Options    []string `json:"options"`
}

// shown is a count as published under d: the number, or null and the words for why not.
func shown(n int, d coveragemodel.Disclosure) (*int, string) {
	if d.Hidden() {
		return nil, coveragemodel.ShowCount(n, d)
	}
	v := n
	return &v, strconv.Itoa(n)
}

// toHeard renders what was heard; suppress applies disclosure control (the public view).
func toHeard(h *decisionmodel.Heard, quotes []decisionmodel.Quote, suppress bool) *heardResponse {
	orgs, groups := make([]int, len(h.ByOrganisation)), make([]int, len(h.ByStaffGroup))
	for i, g := range h.ByOrganisation {
		orgs[i] = g.Count
	}
	for i, g := range h.ByStaffGroup {
		groups[i] = g.Count
	}
	totalD, ds := disclose(suppress, h.Contributions, orgs, groups)
	out := &heardResponse{ByOrganisation: []orgCount{}, ByStaffGroup: []groupCount{}, Polls: []pollHeard{},
		Quotes: orEmpty(quotes)}
	out.Contributions, out.ContributionsText = shown(h.Contributions, totalD)
	for i, g := range h.ByOrganisation {
		c := orgCount{OrganisationID: g.OrganisationID, Name: g.Name}
		c.Count, c.CountText = shown(g.Count, ds[0][i])
		out.ByOrganisation = append(out.ByOrganisation, c)
	}
	for i, g := range h.ByStaffGroup {
		c := groupCount{StaffGroup: g.StaffGroup, Name: g.Name}
		c.Count, c.CountText = shown(g.Count, ds[1][i])
		out.ByStaffGroup = append(out.ByStaffGroup, c)
	}
	for _, p := range h.Polls {
		out.Polls = append(out.Polls, toPollHeard(p, suppress))
	}
	return out
}

func toPollHeard(p decisionmodel.PollResult, suppress bool) pollHeard {
	totalD, ds := disclose(suppress, p.Total, p.Counts)
	out := pollHeard{PollID: p.PollID, Question: p.Question, Kind: p.Kind, Counts: []*int{}, CountsText: []string{},
		Options: orEmpty(p.Options)}
	out.Total, out.TotalText = shown(p.Total, totalD)
	for i, n := range p.Counts {
		v, t := shown(n, ds[0][i])
		out.Counts, out.CountsText = append(out.Counts, v), append(out.CountsText, t)
	}
	return out
}

// disclose is coverage's disclosure control for a total and its breakdowns, or every
// count shown (the team's view).
func disclose(suppress bool, total int, breakdowns ...[]int) (coveragemodel.Disclosure, [][]coveragemodel.Disclosure) {
	if suppress {
		return coveragemodel.ProtectBreakdowns(total, breakdowns...)
	}
	out := make([][]coveragemodel.Disclosure, len(breakdowns))
	for i, b := range breakdowns {
		out[i] = make([]coveragemodel.Disclosure, len(b))
	}
	return coveragemodel.Shown, out
}
