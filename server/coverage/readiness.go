package coverage

import (
	"context"
	"strconv"
	"time"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	readinessmodel "github.com/confer-nhs/confer/models/readiness"
)

// Readiness for go-live (issue 17) in the evidence pack and on the programme page. The
// figures come from the readiness board (models/readiness, which reads coverage's
// disclosure control; models/coverage does not import it); here every count goes through
// the small-number rule again, because both leave the programme team.

// evidenceGoLive is one milestone in the pack.
type evidenceGoLive struct {
	Name, Organisation, Site, GoLiveOn, GoLive, When string
	Pulse                                            string // the latest pulse in words, "" if none
	Rows                                             []evidenceGoLiveRow
}

type evidenceGoLiveRow struct {
	StaffGroup, Staff, Trained, TrainedPercent, Target, FeelReady string
}

// goLiveEvidence reads the milestones whose go-live falls in the pack's period.
func (s *Area) goLiveEvidence(ctx context.Context, from, to *time.Time, now time.Time) ([]evidenceGoLive, error) {
	gs, err := readinessmodel.Of(s.Store).GoLives(ctx, from, to, now)
	if err != nil {
		return nil, err
	}
	out := make([]evidenceGoLive, len(gs))
	for i, g := range gs {
		m := g.Milestone
		e := evidenceGoLive{Name: m.Name, Organisation: g.Organisation, Site: m.Site, GoLiveOn: m.GoLiveOn,
			GoLive: goLiveWords(m.GoLiveOn), When: readinessmodel.WhenWords(g.DaysToGo)}
		if p := g.Pulse; p != nil {
			e.Pulse = p.Title + ": " + readyWords(p.ReadyPercent, p.Withheld, true)
		}
		for _, x := range g.Groups {
			e.Rows = append(e.Rows, goLiveRow(x))
		}
		out[i] = e
	}
	return out, nil
}

func goLiveRow(x readinessmodel.BoardGroup) evidenceGoLiveRow {
	r := evidenceGoLiveRow{StaffGroup: x.StaffGroup, Staff: coveragemodel.ShownCount(x.Staff),
		Trained: coveragemodel.ShownCount(x.Attended), Target: "None",
		FeelReady: readyWords(x.Pulse.ReadyPercent, x.Pulse.Withheld, x.Pulse.PulseID != 0)}
	if !coveragemodel.Suppressed(x.Staff) && !coveragemodel.Suppressed(x.Attended) && x.Staff > 0 {
		r.TrainedPercent = strconv.Itoa(x.AttendedPercent()) + "%"
	}
	if x.HasTarget {
		r.Target = strconv.Itoa(x.TargetPercent) + "%"
		if x.Category != "" {
			r.Target += " (" + x.Category + " sessions)"
		}
	}
	return r
}

func readyWords(p *int, withheld, asked bool) string {
	switch {
	case withheld:
		return "Not shown (fewer than 5 answered)"
	case p != nil:
		return strconv.Itoa(*p) + "% feel ready"
	case asked:
		return "No answers yet"
	}
	return "No pulse yet"
}

// goLiveWords writes "2027-04-27" as "27 April 2027".
func goLiveWords(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("Monday 2 January 2006")
}

func readinessRows(v evidenceView) [][]string {
	rows := [][]string{{"milestone", "organisation", "site", "go_live_on", "staff_group", "staff", "trained", "trained_percent",
		"target", "feel_ready"}}
	for _, g := range v.GoLives {
		for _, r := range g.Rows {
			rows = append(rows, []string{g.Name, g.Organisation, g.Site, g.GoLiveOn, r.StaffGroup, r.Staff, r.Trained,
				r.TrainedPercent, r.Target, r.FeelReady})
		}
	}
	return rows
}

// programmeGoLive is an upcoming go-live on the public programme page: the
// organisation's overall share trained, or null where it would disclose a small number.
type programmeGoLive struct {
	Name           string `json:"name"`
	Organisation   string `json:"organisation"`
	Site           string `json:"site"`
	GoLiveOn       string `json:"go_live_on"`
	DaysToGo       int    `json:"days_to_go"`
	TrainedPercent *int   `json:"trained_percent"`
}

func (s *Area) programmeGoLives(ctx context.Context, now time.Time) ([]programmeGoLive, error) {
	gs, err := readinessmodel.Of(s.Store).UpcomingGoLives(ctx, now)
	if err != nil {
		return nil, err
	}
	out := make([]programmeGoLive, len(gs))
	for i, g := range gs {
		out[i] = programmeGoLive{Name: g.Milestone.Name, Organisation: g.Organisation, Site: g.Milestone.Site,
			GoLiveOn: g.Milestone.GoLiveOn, DaysToGo: g.DaysToGo}
		if p, ok := g.OverallTrained(); ok {
			out[i].TrainedPercent = &p
		}
	}
	return out, nil
}
