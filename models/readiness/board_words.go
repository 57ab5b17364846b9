package readiness

import (
	"fmt"
	"sort"
)

// ReadyConcern is the "feel ready" share below which the board names a group: fewer than
// half of those who answered.
const ReadyConcern = 50

// gapWords are the board's gaps in plain English, worst first: each targeted group not
// on track (by how far attendance is below target), then each group where fewer than
// half of those who answered feel ready (lowest first).
func gapWords(b *Board) []string {
	type gap struct {
		worse int
		text  string
	}
	var training, ready []gap
	for _, g := range b.Groups {
		if g.HasTarget && !g.OnTrack() {
			training = append(training, gap{g.TargetPercent - g.AttendedPercent(), trainingGap(g, b.DaysToGo)})
		}
		if p := g.Pulse.ReadyPercent; p != nil && *p < ReadyConcern {
			ready = append(ready, gap{100 - *p, fmt.Sprintf("Only %d%% of %s who answered feel ready.", *p, g.StaffGroup)})
		}
	}
	out := []string{}
	for _, list := range [][]gap{training, ready} {
		sort.SliceStable(list, func(i, j int) bool { return list[i].worse > list[j].worse })
		for _, g := range list {
			out = append(out, g.text)
		}
	}
	return out
}

// trainingGap names the group as its staff record does (ESR labels are names): "Nursing and Midwifery Registered: 31% trained against a target of 80%,
// 9 weeks before go-live. 42 people still to train; 12 places are booked."
func trainingGap(g BoardGroup, days int) string {
	if g.Staff == 0 {
		return fmt.Sprintf("%s: no staff on the contact list, so training against the target of %d%% cannot be measured.",
			g.StaffGroup, g.TargetPercent)
	}
	s := fmt.Sprintf("%s: %d%% trained against a target of %d%%, %s. %s still to train; %s booked.",
		g.StaffGroup, g.AttendedPercent(), g.TargetPercent, WhenWords(days),
		countWords(g.StillToTrain(), "person", "people"), placesBooked(g.Booked))
	return s
}

func placesBooked(n int) string {
	if n == 1 {
		return "1 place is"
	}
	return fmt.Sprintf("%d places are", n)
}

// WhenWords says how far go-live is: "9 weeks before go-live", "3 days before go-live",
// "on go-live day", "2 days after go-live".
func WhenWords(days int) string {
	switch {
	case days == 0:
		return "on go-live day"
	case days < 0:
		return countWords(-days, "day", "days") + " after go-live"
	case days >= 14:
		return countWords(days/7, "week", "weeks") + " before go-live"
	}
	return countWords(days, "day", "days") + " before go-live"
}

func countWords(n int, one, many string) string { return plural(n, "1 "+one, "%d "+many) }
