package coverage

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

// CoverageGap is one cell missing one target, with the sentence that says so. Actual is
// the people who count towards it: for a verified stage, the verified ones only, with
// SelfDeclared beside them.
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
	Headline       string // the gap at a glance (headline)
	Verified       bool
	SelfDeclared   int
	// How Actual, SelfDeclared and Headcount are shown, and what the target asks as far
	// as the shown figures tell (the order of the gaps rests on it).
	ActualHide, SelfDeclaredHide, HeadcountHide Disclosure
	PublicRequired                              int
}

// Shortfall is the share of the target still missing, 1 when nobody has been reached;
// false when it must not be shown, because it would tell a hidden count or headcount.
func (g CoverageGap) Shortfall() (float64, bool) {
	if g.ActualHide.Hidden() || g.HeadcountHide.Hidden() || g.Required == 0 {
		return 0, false
	}
	return 1 - float64(g.Actual)/float64(g.Required), true
}

// publicShortfall is the shortfall as the shown figures tell it, which orders the gaps.
func (g CoverageGap) publicShortfall() float64 {
	if g.PublicRequired == 0 {
		return 0
	}
	return 1 - float64(g.ActualHide.floor(g.Actual))/float64(g.PublicRequired)
}

// sentence says the gap in words, with small numbers hidden.
func (g CoverageGap) sentence(org string) string {
	cat := ""
	if g.Category != "" {
		cat = g.Category + " "
	}
	if g.Verified {
		return g.verifiedSentence(org, cat)
	}
	if g.Actual == 0 && !g.ActualHide.Hidden() {
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
	return fmt.Sprintf("%s of %s %s staff at %s %s; the target is %s", g.who(), g.of(),
		g.StaffGroup, org, verb, g.targetWords())
}

// verifiedSentence says a gap in contributions, which counts verified people only.
func (g CoverageGap) verifiedSentence(org, cat string) string {
	if g.Actual == 0 && !g.ActualHide.Hidden() {
		if g.Stage == StageContributed {
			return fmt.Sprintf("No verified %scontribution yet from %s (%s)", cat, org, g.StaffGroup)
		}
		return fmt.Sprintf("No verified %s contributor at %s has had a reply or action yet", g.StaffGroup, org)
	}
	verb := "made a verified contribution"
	if cat != "" {
		verb = "made a verified contribution in a " + cat + "session"
	}
	if g.Stage == StageAnswered {
		verb = "had a reply or action on a verified contribution"
	}
	return fmt.Sprintf("%s of %s %s staff at %s %s; the target is %s", g.who(), g.of(),
		g.StaffGroup, org, verb, g.targetWords())
}

// who is the sentence's count of people, as shown.
func (g CoverageGap) who() string {
	switch g.ActualHide {
	case HiddenSmall:
		return "Fewer than " + strconv.Itoa(SmallNumber)
	case HiddenProtect:
		return "A number not shown"
	}
	return "Only " + strconv.Itoa(g.Actual)
}

// of is the headcount the count is out of, as shown.
func (g CoverageGap) of() string {
	if g.HeadcountHide == HiddenProtect {
		return "the"
	}
	return ShowCount(g.Headcount, g.HeadcountHide)
}

func (g CoverageGap) targetWords() string {
	if g.MinPercent > 0 {
		return fmt.Sprintf("at least %s%%", strconv.FormatFloat(g.MinPercent, 'f', -1, 64))
	}
	return fmt.Sprintf("at least %d people", g.Required)
}

// sortGaps puts the biggest gaps first: the largest share of the target missing, then the
// most people missing, then by organisation and staff group so the order is stable. It
// reckons both from the shown figures, so the order tells nothing about a hidden count.
func sortGaps(gaps []CoverageGap, orgs map[uint]string) {
	sort.SliceStable(gaps, func(i, j int) bool {
		a, b := gaps[i], gaps[j]
		if sa, sb := a.publicShortfall(), b.publicShortfall(); sa != sb {
			return sa > sb
		}
		if ma, mb := a.PublicRequired-a.ActualHide.floor(a.Actual), b.PublicRequired-b.ActualHide.floor(b.Actual); ma != mb {
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
func CoverageShare(n int, nd Disclosure, headcount int, hd Disclosure) (float64, bool) {
	if headcount == 0 || nd.Hidden() || hd.Hidden() {
		return 0, false
	}
	return math.Round(float64(n)*1000/float64(headcount)) / 10, true
}
