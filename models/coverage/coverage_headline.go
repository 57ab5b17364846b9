package coverage

import (
	"fmt"
	"strconv"
)

// headline says a gap at a glance, for the short list on the coverage page: who, where,
// how many of how many, and the target ("Nursing and Midwifery Registered at North Moor
// Hospital: 0 of 240 attended a clinical session (target 5%)"). Counts are shown as the
// disclosure rules allow, the same as in the sentence.
func (g CoverageGap) headline(org string) string {
	n := ShowCount(g.Actual, g.ActualHide)
	if g.ActualHide == HiddenProtect {
		n = "a number not shown"
	}
	of := " of " + ShowCount(g.Headcount, g.HeadcountHide)
	if g.HeadcountHide == HiddenProtect {
		of = ""
	}
	return fmt.Sprintf("%s at %s: %s%s %s (target %s)", g.StaffGroup, org, n, of, g.stageWords(), g.shortTarget())
}

// stageWords is what the people counted did, in the gap's category.
func (g CoverageGap) stageWords() string {
	in := "a session"
	if g.Category != "" {
		in = "a " + g.Category + " session"
	}
	switch g.Stage {
	case StageReached:
		return "reached"
	case StageBooked:
		return "booked " + in
	case StageAttended:
		return "attended " + in
	case StageContributed:
		if g.Category != "" {
			return "made a verified contribution in " + in
		}
		return "made a verified contribution"
	}
	return "had a reply or action on a verified contribution"
}

func (g CoverageGap) shortTarget() string {
	if g.MinPercent > 0 {
		return strconv.FormatFloat(g.MinPercent, 'f', -1, 64) + "%"
	}
	if g.Required == 1 {
		return "1 person"
	}
	return strconv.Itoa(g.Required) + " people"
}

// DefaultStage is the stage the coverage page shows first: of the stages targets are set
// on, the one where the most groups fall short among those anyone has reached yet (a map
// of zeros says nothing at a glance). With no such stage, the stage of the most gaps;
// with no targets, the first stage.
func (r *CoverageReport) DefaultStage() string {
	gaps := map[string]int{}
	for _, g := range r.Gaps {
		gaps[g.Stage]++
	}
	best, bestAny := "", ""
	for _, st := range CoverageStages {
		if gaps[st] == 0 {
			continue
		}
		if bestAny == "" || gaps[st] > gaps[bestAny] {
			bestAny = st
		}
		if r.TotalsHide[st].floor(r.Totals[st]) > 0 && (best == "" || gaps[st] > gaps[best]) {
			best = st
		}
	}
	switch {
	case best != "":
		return best
	case bestAny != "":
		return bestAny
	case len(r.Targets) > 0:
		return r.Targets[0].Stage
	}
	return CoverageStages[0]
}
