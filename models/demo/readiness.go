package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/readiness"
)

// seedReadiness gives the readiness board something to show: Moorside goes live in ten
// weeks and Riverbank (wave 2) in twenty, each with training targets per staff group; a
// series of clinical training anchored to Moorside's date; and a first cohort of Moorside
// staff who were trained a fortnight ago, most of whom attended.
func seedReadiness(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	facilitator, err := store.GetPersonByEmail(ctx, FacilitatorEmail)
	if err != nil {
		return err
	}
	moorside, err := store.GetOrganisationByCode(ctx, "RMT")
	if err != nil {
		return err
	}
	riverbank, err := store.GetOrganisationByCode(ctx, "RRB")
	if err != nil {
		return err
	}
	clinical := []booking.TargetInput{
		{StaffGroup: "Nursing and Midwifery Registered", Category: "clinical", MinPercent: 80},
		{StaffGroup: "Medical and Dental", Category: "clinical", MinPercent: 80},
		{StaffGroup: "Allied Health Professionals", Category: "clinical", MinPercent: 80},
		{StaffGroup: "Administrative and Clerical", Category: "operational", MinPercent: 70},
	}
	goLive := mondayInWeeks(10)
	m, err := booking.Of(store).CreateMilestone(ctx, booking.MilestoneInput{OrganisationID: &moorside.ID,
		Site: ptr("Moorside General Hospital"), Name: ptr("Moorside go-live"), GoLiveOn: ptr(goLive.Format(booking.DateLayout)),
		Targets: &clinical, CreatedByID: &facilitator.ID})
	if err != nil {
		return fmt.Errorf("demo milestone: %w", err)
	}
	wave2 := clinical[:2]
	if _, err := booking.Of(store).CreateMilestone(ctx, booking.MilestoneInput{OrganisationID: &riverbank.ID,
		Name: ptr("Riverbank go-live (wave 2)"), GoLiveOn: ptr(mondayInWeeks(20).Format(booking.DateLayout)),
		Targets: &wave2, CreatedByID: &facilitator.ID}); err != nil {
		return fmt.Errorf("demo milestone: %w", err)
	}
	training := sessionSeed{trainingSession, "Hands-on practice with the new record: observations, " +
		"handover, orders and medicines, on the ward devices you will use from go-live.", "clinical", "in_person",
		"Moorside General Hospital, IT Training Room", []string{"Nursing and Midwifery Registered", "Medical and Dental",
			"Allied Health Professionals", "Additional Clinical Services"}, []string{"RMT"}, false}
	sess, err := createDemoSession(ctx, store, training, facilitator.ID)
	if err != nil {
		return err
	}
	if _, _, err := booking.Of(store).CreateSeries(ctx, sess.ID, booking.SeriesInput{Rule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=16",
		StartsAt: "2027-01-05T10:00:00", EndsAt: "2027-01-05T11:30:00", Capacity: ptr(12),
		MilestoneID: &m.ID, WeeksBefore: ptr(8)}); err != nil {
		return fmt.Errorf("demo series: %w", err)
	}
	if err := seedFirstCohort(ctx, store, rng, sess.ID, moorside.ID); err != nil {
		return err
	}
	return seedPulses(ctx, store, rng, facilitator.ID, m.ID, moorside.ID)
}

// trainingSession is the demo's training tied to Moorside's go-live.
const trainingSession = "EPR clinical training: Moorside wards"

// mondayInWeeks is the Monday n weeks from now, in London.
func mondayInWeeks(n int) time.Time {
	d := time.Now().In(models.London()).AddDate(0, 0, 7*n)
	return d.AddDate(0, 0, -(int(d.Weekday())+6)%7)
}

// seedFirstCohort books Moorside contacts from the groups with targets onto one time of
// the training, then moves that time a fortnight into the past (a booking cannot be made
// for a time gone by) and marks most of them attended, as a facilitator would have.
func seedFirstCohort(ctx context.Context, store *models.Store, rng *rand.Rand, sessionID, orgID uint) error {
	start := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Hour)
	slot, err := booking.Of(store).CreateSlot(ctx, sessionID, booking.SlotInput{StartsAt: &start, EndsAt: ptr(start.Add(90 * time.Minute)), Capacity: ptr(60)})
	if err != nil {
		return err
	}
	var contacts []models.Contact
	if err := store.DB.WithContext(ctx).Where("organisation_id = ? AND staff_group IN ?", orgID,
		[]string{"Nursing and Midwifery Registered", "Medical and Dental", "Allied Health Professionals"}).
		Order("id").Limit(60).Find(&contacts).Error; err != nil {
		return err
	}
	var booked []uint
	for _, c := range contacts {
		b, _, err := booking.Of(store).Book(ctx, slot.ID, booking.BookingInput{Name: c.Name, Email: c.Email, StaffGroup: c.StaffGroup,
			JobRole: c.JobRole, OrganisationID: c.OrganisationID})
		if err != nil {
			continue // a clash or a full slot: this one is not in the cohort
		}
		booked = append(booked, b.ID)
	}
	past := time.Now().UTC().AddDate(0, 0, -14).Truncate(time.Hour)
	if err := store.DB.WithContext(ctx).Exec("UPDATE slots SET starts_at = ?, ends_at = ? WHERE id = ?",
		past, past.Add(90*time.Minute), slot.ID).Error; err != nil {
		return err
	}
	for _, id := range booked {
		status := booking.AttendanceAttended
		if rng.IntN(6) == 0 {
			status = booking.AttendanceNoShow
		}
		if _, err := booking.Of(store).SetAttendance(ctx, id, status); err != nil {
			return err
		}
	}
	return nil
}

// demoPulse is one of Moorside's readiness pulses: when it ran (days from now) and, per
// staff group, how many answered through the open link and the share who feel ready.
type demoPulse struct {
	title        string
	opens, close int
	answers      map[string][2]int // staff group: {answered, feel ready}
}

var demoPulses = []demoPulse{
	{"Moorside readiness pulse: 14 weeks to go", -28, -21, map[string][2]int{
		"Nursing and Midwifery Registered": {24, 10}, "Medical and Dental": {9, 5}, "Allied Health Professionals": {7, 3}}},
	{"Moorside readiness pulse: 10 weeks to go", -3, 4, map[string][2]int{
		"Nursing and Midwifery Registered": {30, 20}, "Medical and Dental": {6, 3}, "Allied Health Professionals": {8, 3},
		"Administrative and Clerical": {3, 2}}},
}

// seedPulses runs two pulses for Moorside's go-live, a month apart, answered through their
// open links, so the board shows who feels ready and the trend ("feel ready" among
// registered nurses rose from 42% to 67%); a group of 3 shows how small counts are withheld.
func seedPulses(ctx context.Context, store *models.Store, rng *rand.Rand, by, milestoneID, orgID uint) error {
	now := time.Now().UTC()
	for _, dp := range demoPulses {
		p, _, err := readiness.Of(store).CreatePulse(ctx, by, readiness.PulseInput{Title: dp.title,
			Intro:       "Three questions, about two minutes. Your answers are counted by staff group and never shown with your name.",
			MilestoneID: &milestoneID, OpensAt: now.AddDate(0, 0, dp.opens), ClosesAt: now.AddDate(0, 0, 7),
			Questions: []readiness.QuestionInput{
				{Kind: "scale", Prompt: "How ready do you feel for go-live?", ReadyValues: []int{4, 5}},
				{Kind: "multiple", Prompt: "What would help you most?", Options: []string{"More training", "Floorwalkers on the ward", "Time to practise", "Quick reference guides"}},
				{Kind: "open", Prompt: "Anything else we should know?"},
			}}, true)
		if err != nil {
			return fmt.Errorf("demo pulse: %w", err)
		}
		for group, n := range dp.answers {
			for i := range n[0] {
				value := 1 + rng.IntN(3) // 1 to 3: not yet ready
				if i < n[1] {
					value = 4 + rng.IntN(2)
				}
				helps := []int{rng.IntN(4)}
				if err := readiness.Of(store).SaveOpen(ctx, p, readiness.OpenInput{OrganisationID: &orgID, StaffGroup: group,
					Answers: []readiness.AnswerInput{{QuestionID: p.Questions[0].ID, Value: &value},
						{QuestionID: p.Questions[1].ID, Values: helps}}}); err != nil {
					return fmt.Errorf("demo pulse answer: %w", err)
				}
			}
		}
		if err := store.DB.WithContext(ctx).Exec("UPDATE pulses SET closes_at = ? WHERE id = ?", now.AddDate(0, 0, dp.close), p.ID).Error; err != nil {
			return err
		}
	}
	return nil
}
