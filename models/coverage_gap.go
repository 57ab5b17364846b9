package models

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// SmallNumber is the smallest count shown as a number: 1 to 4 people are shown as "fewer
// than 5" everywhere (pages, API, exports), so nobody can be picked out by slicing. Zero
// is shown, because "nobody yet" is the fact a gap report exists to state.
const SmallNumber = 5

// Suppressed reports whether a count must be hidden.
func Suppressed(n int) bool { return n > 0 && n < SmallNumber }

// ShownCount is a count as people may see it: the number, or "fewer than 5".
func ShownCount(n int) string {
	if Suppressed(n) {
		return "fewer than " + strconv.Itoa(SmallNumber)
	}
	return strconv.Itoa(n)
}

// CoverageGap is one cell missing one target, with the sentence that says so.
type CoverageGap struct {
	TargetID       uint
	OrganisationID uint
	StaffGroup     string
	Stage          string
	Category       string
	Actual         int
	Required       int
	Headcount      int
	MinPercent     float64
	Text           string
}

// Shortfall is the share of the target still missing: 1 when nobody has been reached.
func (g CoverageGap) Shortfall() float64 {
	if g.Required == 0 {
		return 0
	}
	return 1 - float64(g.Actual)/float64(g.Required)
}

// sentence says the gap in words, with small numbers hidden.
func (g CoverageGap) sentence(org string) string {
	cat := ""
	if g.Category != "" {
		cat = g.Category + " "
	}
	if g.Actual == 0 {
		switch g.Stage {
		case StageReached:
			return fmt.Sprintf("No %s staff at %s sent a campaign yet", g.StaffGroup, org)
		case StageBooked:
			return fmt.Sprintf("No %ssession booking yet from %s (%s)", cat, org, g.StaffGroup)
		case StageAttended:
			return fmt.Sprintf("No %ssession attendee yet from %s (%s)", cat, org, g.StaffGroup)
		case StageContributed:
			return fmt.Sprintf("No %scontribution yet from %s (%s)", cat, org, g.StaffGroup)
		default:
			return fmt.Sprintf("No %s contributor at %s has had a reply or action yet", g.StaffGroup, org)
		}
	}
	verb := map[string]string{
		StageReached:     "were sent a campaign",
		StageBooked:      "booked a " + cat + "session",
		StageAttended:    "attended a " + cat + "session",
		StageContributed: "contributed",
		StageAnswered:    "had a reply or action on what they raised",
	}[g.Stage]
	if g.Stage == StageContributed && cat != "" {
		verb = "contributed in a " + cat + "session"
	}
	who := "Only " + ShownCount(g.Actual)
	if Suppressed(g.Actual) {
		who = "Fewer than " + strconv.Itoa(SmallNumber)
	}
	return fmt.Sprintf("%s of %s %s staff at %s %s; the target is %s", who, ShownCount(g.Headcount),
		g.StaffGroup, org, verb, g.targetWords())
}

func (g CoverageGap) targetWords() string {
	if g.MinPercent > 0 {
		return fmt.Sprintf("at least %s%%", strconv.FormatFloat(g.MinPercent, 'f', -1, 64))
	}
	return fmt.Sprintf("at least %d people", g.Required)
}

// sortGaps puts the biggest gaps first: the largest share of the target missing, then the
// most people missing, then by organisation and staff group so the order is stable.
func sortGaps(gaps []CoverageGap, orgs map[uint]string) {
	sort.SliceStable(gaps, func(i, j int) bool {
		a, b := gaps[i], gaps[j]
		if sa, sb := a.Shortfall(), b.Shortfall(); sa != sb {
			return sa > sb
		}
		if ma, mb := a.Required-a.Actual, b.Required-b.Actual; ma != mb {
			return ma > mb
		}
		if orgs[a.OrganisationID] != orgs[b.OrganisationID] {
			return orgs[a.OrganisationID] < orgs[b.OrganisationID]
		}
		if a.StaffGroup != b.StaffGroup {
			return staffGroupIndex(a.StaffGroup) < staffGroupIndex(b.StaffGroup)
		}
		return a.TargetID < b.TargetID
	})
}

// CoverageShare is n as a percentage of headcount, rounded to one decimal place, and
// false when it must not be shown (no headcount, or either number is hidden).
func CoverageShare(n, headcount int) (float64, bool) {
	if headcount == 0 || Suppressed(n) || Suppressed(headcount) {
		return 0, false
	}
	return math.Round(float64(n)*1000/float64(headcount)) / 10, true
}
