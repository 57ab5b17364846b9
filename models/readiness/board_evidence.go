package readiness

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/coverage"
)

// GoLiveReadiness is one milestone's readiness as the evidence pack and the programme
// page publish it: per staff group, trained against target and how ready people feel.
type GoLiveReadiness struct {
	Milestone    booking.Milestone
	Organisation string
	DaysToGo     int
	Groups       []BoardGroup
	Pulse        *PulseSummary
}

// OverallTrained is the organisation's share trained across the groups with a target
// (every group, if none has one), or ok false where it would disclose a small number:
// fewer than 5 staff, or 1 to 4 trained.
func (g GoLiveReadiness) OverallTrained() (percent int, ok bool) {
	staff, trained, targeted := 0, 0, false
	for _, x := range g.Groups {
		targeted = targeted || x.HasTarget
	}
	for _, x := range g.Groups {
		if x.HasTarget || !targeted {
			staff, trained = staff+x.Staff, trained+x.Attended
		}
	}
	if staff < coverage.SmallNumber || coverage.Suppressed(trained) {
		return 0, false
	}
	return percentDown(trained, staff), true
}

// GoLives reads the readiness of every milestone whose go-live falls in [from, to) (nil:
// open), soonest first: each is its board's figures (a few queries a milestone).
func (s *Store) GoLives(ctx context.Context, from, to *time.Time, now time.Time) ([]GoLiveReadiness, error) {
	ms, err := booking.Of(s.Store).ListMilestones(ctx)
	if err != nil {
		return nil, err
	}
	out := []GoLiveReadiness{}
	for _, m := range ms {
		at := goLiveInstant(m.GoLiveOn)
		if from != nil && at.Before(*from) || to != nil && !at.Before(*to) {
			continue
		}
		b, err := s.ReadinessBoard(ctx, m.ID, now)
		if err != nil {
			return nil, err
		}
		out = append(out, GoLiveReadiness{Milestone: b.Milestone, Organisation: b.Organisation, DaysToGo: b.DaysToGo,
			Groups: b.Groups, Pulse: b.LatestPulse})
	}
	return out, nil
}

// UpcomingGoLives are the milestones from today (London) on, for the public programme
// page.
func (s *Store) UpcomingGoLives(ctx context.Context, now time.Time) ([]GoLiveReadiness, error) {
	y, m, d := now.In(coverage.LondonZone).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, coverage.LondonZone).UTC()
	return s.GoLives(ctx, &today, nil, now)
}
