package readiness

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/coverage"
)

// Board is one milestone's readiness: the countdown, per staff group training attended
// against target and how ready people who answered the latest pulse feel, the gaps in
// words and the training times anchored to the milestone.
type Board struct {
	Milestone    booking.Milestone
	Organisation string
	DaysToGo     int
	Groups       []BoardGroup
	LatestPulse  *PulseSummary
	Gaps         []string
	Training     []TrainingSlot
}

// BoardGroup is one staff group of the milestone's organisation.
type BoardGroup struct {
	StaffGroup string
	// Staff is the contacts of the organisation and group who have not left.
	Staff int
	// HasTarget says whether the milestone sets this group a target (TargetPercent).
	HasTarget     bool
	TargetPercent int
	Category      string // the target's session category; "" is any
	// Attended is distinct people (by email) who attended a session of the category that
	// started before go-live; Booked is those with a confirmed or pending place still to
	// come before go-live who have not attended one yet.
	Attended, Booked int
	Pulse            GroupPulse
}

// AttendedPercent is attended as a whole percentage of staff (rounded down, so a group
// is never shown as reaching a target it has not).
func (g BoardGroup) AttendedPercent() int { return percentDown(g.Attended, g.Staff) }

// ProjectedPercent is the share trained if everyone booked attends.
func (g BoardGroup) ProjectedPercent() int { return percentDown(g.Attended+g.Booked, g.Staff) }

// OnTrack says whether the group will meet its target if the people booked attend: the
// projection, not attendance alone, because places booked weeks before go-live are the
// plan working. A group with no target is on track; one with no staff on record is not.
func (g BoardGroup) OnTrack() bool {
	if !g.HasTarget {
		return true
	}
	return g.Staff > 0 && g.ProjectedPercent() >= g.TargetPercent
}

// StillToTrain is how many more people must attend to reach the target.
func (g BoardGroup) StillToTrain() int {
	need := (g.Staff*g.TargetPercent + 99) / 100
	return max(need-g.Attended, 0)
}

func percentDown(n, of int) int {
	if of <= 0 {
		return 0
	}
	return n * 100 / of
}

// GroupPulse is a group's answers to the latest pulse's headline question ("feel ready")
// and the pulse before. Withheld means fewer than 5 answered (or the count was hidden to
// protect another): no percentage is given.
type GroupPulse struct {
	PulseID              uint
	Answered             int
	Withheld             bool
	ReadyPercent         *int
	PreviousReadyPercent *int
}

// PulseSummary is the latest pulse across the organisation.
type PulseSummary struct {
	ID           uint
	Title        string
	ClosesAt     time.Time
	Answered     int
	Withheld     bool
	ReadyPercent *int
}

// TrainingSlot is an upcoming time of a series anchored to the milestone.
type TrainingSlot struct {
	SlotID, SessionID uint
	Title, Category   string
	StaffGroups       []string
	StartsAt, EndsAt  time.Time
	SeatsLeft         int
}

// DaysToGo is the number of Europe/London calendar days from now to go-live (negative
// once it has passed).
func DaysToGo(goLiveOn string, now time.Time) int {
	d, err := time.ParseInLocation(booking.DateLayout, goLiveOn, time.UTC)
	if err != nil {
		return 0
	}
	y, m, day := now.In(coverage.LondonZone).Date()
	today := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return int(d.Sub(today).Hours() / 24)
}

// goLiveInstant is the start of go-live day in London, as UTC: training counts if it
// started before it.
func goLiveInstant(goLiveOn string) time.Time {
	d, err := time.ParseInLocation(booking.DateLayout, goLiveOn, coverage.LondonZone)
	if err != nil {
		return time.Time{}
	}
	return d.UTC()
}

// milestone reads one milestone with its targets and its organisation's name.
func (s *Store) milestone(ctx context.Context, id uint) (*booking.Milestone, string, error) {
	var m booking.Milestone
	db := s.DB.WithContext(ctx)
	if err := db.Preload("Targets").First(&m, id).Error; err != nil {
		return nil, "", models.OrNotFound(err, "milestone")
	}
	var org models.Organisation
	if err := db.Select("id, name").First(&org, m.OrganisationID).Error; err != nil {
		return nil, "", models.OrNotFound(err, "organisation")
	}
	return &m, org.Name, nil
}

// ReadinessBoard builds a milestone's board as it stands at now. It is a handful of
// set-based queries whatever the size of the organisation: staff per group, training per
// group (one pass over the organisation's bookings), the latest two pulses' headline
// answers per group (one grouped query each) and the anchored training times.
func (s *Store) ReadinessBoard(ctx context.Context, milestoneID uint, now time.Time) (*Board, error) {
	m, orgName, err := s.milestone(ctx, milestoneID)
	if err != nil {
		return nil, err
	}
	b := &Board{Milestone: *m, Organisation: orgName, DaysToGo: DaysToGo(m.GoLiveOn, now)}
	db := s.DB.WithContext(ctx)
	staff, err := staffByGroup(db, m.OrganisationID)
	if err != nil {
		return nil, err
	}
	b.Groups = boardGroups(m, staff)
	if err := countTraining(db, m, now, b.Groups); err != nil {
		return nil, err
	}
	if b.LatestPulse, err = pulseFigures(db, m, now, b.Groups); err != nil {
		return nil, err
	}
	if b.Training, err = trainingSlots(db, m.ID, now); err != nil {
		return nil, err
	}
	b.Gaps = gapWords(b)
	return b, nil
}

// boardGroups lists every group with a target or with staff, in the staff-group order.
func boardGroups(m *booking.Milestone, staff map[string]int) []BoardGroup {
	byGroup := map[string]*BoardGroup{}
	for g, n := range staff {
		if g != "" {
			byGroup[g] = &BoardGroup{StaffGroup: g, Staff: n}
		}
	}
	for _, t := range m.Targets {
		g := byGroup[t.StaffGroup]
		if g == nil {
			g = &BoardGroup{StaffGroup: t.StaffGroup}
			byGroup[t.StaffGroup] = g
		}
		g.HasTarget, g.TargetPercent, g.Category = true, t.MinPercent, t.Category
	}
	out := make([]BoardGroup, 0, len(byGroup))
	for _, g := range byGroup {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		oi, oj := groupOrder(out[i].StaffGroup), groupOrder(out[j].StaffGroup)
		if oi != oj {
			return oi < oj
		}
		return out[i].StaffGroup < out[j].StaffGroup
	})
	return out
}

func groupOrder(g string) int {
	for i, s := range models.StaffGroups {
		if s == g {
			return i
		}
	}
	return len(models.StaffGroups)
}

// MilestoneSummary is one line of the list of milestones.
type MilestoneSummary struct {
	Milestone     booking.Milestone
	Organisation  string
	DaysToGo      int
	OnTrackGroups int // groups with a target that are on track
	Groups        int // groups with a target
}

// ReadinessSummaries lists every milestone, soonest go-live first, with how many of its
// targeted groups are on track. Each is its board's training figures (two queries per
// milestone: there are a handful of milestones, not thousands); on Postgres a few run at
// once on their own connections, as coverage's stages do.
func (s *Store) ReadinessSummaries(ctx context.Context, now time.Time) ([]MilestoneSummary, error) {
	ms, err := booking.Of(s.Store).ListMilestones(ctx)
	if err != nil {
		return nil, err
	}
	names, err := organisationNames(s.DB.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]MilestoneSummary, len(ms))
	errs := make([]error, len(ms))
	parallel := 1
	if s.IsPostgres() {
		parallel = summaryParallel
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range ms {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i], errs[i] = s.summary(ctx, &ms[i], names[ms[i].OrganisationID], now)
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// summaryParallel is how many milestones' figures are read at once on Postgres.
const summaryParallel = 4

func (s *Store) summary(ctx context.Context, m *booking.Milestone, org string, now time.Time) (MilestoneSummary, error) {
	db := s.DB.WithContext(ctx)
	sum := MilestoneSummary{Milestone: *m, Organisation: org, DaysToGo: DaysToGo(m.GoLiveOn, now)}
	staff, err := staffByGroup(db, m.OrganisationID)
	if err != nil {
		return sum, err
	}
	groups := boardGroups(m, staff)
	if err := countTraining(db, m, now, groups); err != nil {
		return sum, err
	}
	for _, g := range groups {
		if g.HasTarget {
			sum.Groups++
			if g.OnTrack() {
				sum.OnTrackGroups++
			}
		}
	}
	return sum, nil
}
