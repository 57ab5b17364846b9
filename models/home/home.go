package home

import (
	"context"
	"encoding/json"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/models/feedback"
)

// The signed-in home page ("needs your attention") counts a few things per person. These
// read functions keep its questions in one place; the server decides which a role may ask.

// Week is the window the home page calls "this week": from the start of today (London)
// for seven days.
func Week(now time.Time) (todayStart, todayEnd, weekEnd time.Time) {
	l := now.In(models.London())
	todayStart = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, models.London())
	todayEnd = todayStart.AddDate(0, 0, 1)
	weekEnd = todayStart.AddDate(0, 0, 7)
	return todayStart.UTC(), todayEnd.UTC(), weekEnd.UTC()
}

// ownedRow is an object with its owners as stored (facilitator_ids is JSON text).
type ownedRow struct {
	ID             uint
	SessionID      *uint
	StartsAt       time.Time
	CreatedByID    *uint
	FacilitatorIDs string
	CurrentPollID  *uint
}

func (r ownedRow) ownedBy(userID uint) bool {
	o := models.Owners{CreatedByID: r.CreatedByID}
	if r.FacilitatorIDs != "" {
		_ = json.Unmarshal([]byte(r.FacilitatorIDs), &o.FacilitatorIDs)
	}
	return o.Includes(userID)
}

// TimesCount is how many session times fall today and in the week.
type TimesCount struct {
	Today, Week int
}

func (t *TimesCount) add(startsAt, todayEnd time.Time) {
	t.Week++
	if startsAt.Before(todayEnd) {
		t.Today++
	}
}

// mySlots lists the times (not cancelled) in [from, to) of sessions userID owns: its
// creator or a co-facilitator, as Owners decides for changes. Owners are read in Go, since
// facilitator_ids is JSON text on both databases; a week holds few times.
func (s *Store) mySlots(ctx context.Context, userID uint, from, to time.Time) ([]ownedRow, error) {
	var rows []ownedRow
	err := s.DB.WithContext(ctx).Raw(`SELECT x.id, x.engagement_session_id AS session_id, x.starts_at,
		e.created_by_id, e.facilitator_ids FROM slots x JOIN engagement_sessions e ON e.id = x.engagement_session_id
		WHERE x.cancelled_at IS NULL AND x.starts_at >= ? AND x.starts_at < ? ORDER BY x.starts_at`, from, to).
		Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, r := range rows {
		if r.ownedBy(userID) {
			out = append(out, r)
		}
	}
	return out, nil
}

// MySessionTimes counts the times of userID's own sessions that start later today and in
// the coming week (from the start of today).
func (s *Store) MySessionTimes(ctx context.Context, userID uint, now time.Time) (TimesCount, error) {
	_, todayEnd, weekEnd := Week(now)
	slots, err := s.mySlots(ctx, userID, now, weekEnd)
	var out TimesCount
	for _, r := range slots {
		out.add(r.StartsAt, todayEnd)
	}
	return out, err
}

// WorkshopsCount is how many of a person's workshops are live now (a poll open) and how
// many belong to a session with a time today or this week.
type WorkshopsCount struct {
	Live int
	TimesCount
}

// MyWorkshops counts userID's own workshops (creator or co-facilitator): those live now,
// and those whose engagement session has a time later today or this week.
func (s *Store) MyWorkshops(ctx context.Context, userID uint, now time.Time) (WorkshopsCount, error) {
	var out WorkshopsCount
	var rows []ownedRow
	err := s.DB.WithContext(ctx).Raw(`SELECT id, session_id, created_by_id, facilitator_ids, current_poll_id
		FROM workshops`).Scan(&rows).Error
	if err != nil {
		return out, err
	}
	_, todayEnd, weekEnd := Week(now)
	var sessionIDs []uint
	for _, w := range rows {
		if !w.ownedBy(userID) {
			continue
		}
		if w.CurrentPollID != nil {
			out.Live++
		}
		if w.SessionID != nil {
			sessionIDs = append(sessionIDs, *w.SessionID)
		}
	}
	if len(sessionIDs) == 0 {
		return out, nil
	}
	// The first time of each session in the window (MIN in Go: SQLite returns MIN of a
	// time as text).
	var slots []booking.Slot
	err = s.DB.WithContext(ctx).Select("engagement_session_id, starts_at").
		Where("cancelled_at IS NULL AND starts_at >= ? AND starts_at < ? AND engagement_session_id IN ?", now, weekEnd, sessionIDs).
		Find(&slots).Error
	first := map[uint]time.Time{}
	for _, x := range slots {
		if t, ok := first[x.EngagementSessionID]; !ok || x.StartsAt.Before(t) {
			first[x.EngagementSessionID] = x.StartsAt
		}
	}
	for _, id := range sessionIDs {
		if t, ok := first[id]; ok {
			out.add(t, todayEnd)
		}
	}
	return out, err
}

// CampaignsAwaiting lists the campaigns awaiting approval that approver may decide now: an
// admin any they did not write or edit, a comms user those reaching their organisation
// that no approval of this version from it covers yet.
func (s *Store) CampaignsAwaiting(ctx context.Context, approver *models.Person) ([]campaigns.Campaign, error) {
	var cs []campaigns.Campaign
	if err := s.DB.WithContext(ctx).Where("status = ?", campaigns.CampaignSubmitted).Order("id").Limit(200).Find(&cs).Error; err != nil {
		return nil, err
	}
	var out []campaigns.Campaign
	for i := range cs {
		c := &cs[i]
		if approver.Role != models.RoleAdmin && approver.OrganisationID == nil {
			break
		}
		st, err := campaigns.Of(s.Store).Approvals(ctx, c)
		if err != nil {
			return nil, err
		}
		if st.Edited(c, approver.ID) {
			continue
		}
		if approver.Role == models.RoleAdmin || (containsUint(st.Required, *approver.OrganisationID) &&
			!containsUint(st.Covered, *approver.OrganisationID)) {
			out = append(out, *c)
		}
	}
	return out, nil
}

func containsUint(xs []uint, x uint) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// UnsettledBatches counts the campaign batches left unsettled (SendGrid never said what
// became of them), by campaign.
func (s *Store) UnsettledBatches(ctx context.Context) (map[uint]int, error) {
	var rows []struct {
		CampaignID uint
		N          int
	}
	err := s.DB.WithContext(ctx).Model(&campaigns.CampaignBatch{}).Select("campaign_id, COUNT(*) AS n").
		Where("state = ?", campaigns.RecipientUnsettled).Group("campaign_id").Scan(&rows).Error
	out := map[uint]int{}
	for _, r := range rows {
		out[r.CampaignID] = r.N
	}
	return out, err
}

// NewFeedbackCount counts posts still new in the triage queue.
func (s *Store) NewFeedbackCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&feedback.FeedbackPost{}).Where("status = ?", feedback.StatusNew).Count(&n).Error
	return n, err
}

// GapsCount is how many coverage gaps (cells missing a target) there are now, how many
// there were on the figures as they stood at an earlier time (today's targets and
// headcounts), and how many of today's were not gaps then.
type GapsCount struct {
	Now, Then, Fresh int
}

// GapsSince compares the coverage gaps now with those on the figures as they stood at
// since: a gap is fresh when its cell met that target then (people cancelled, say).
func (s *Store) GapsSince(ctx context.Context, since time.Time) (GapsCount, error) {
	var out GapsCount
	cur, err := coverage.Of(s.Store).Coverage(ctx, coverage.CoverageFilter{})
	if err != nil {
		return out, err
	}
	then, err := coverage.Of(s.Store).Coverage(ctx, coverage.CoverageFilter{To: &since})
	if err != nil {
		return out, err
	}
	type key struct {
		org                    uint
		group, stage, category string
	}
	old := map[key]bool{}
	for _, g := range then.Gaps {
		old[key{g.OrganisationID, g.StaffGroup, g.Stage, g.Category}] = true
	}
	for _, g := range cur.Gaps {
		if !old[key{g.OrganisationID, g.StaffGroup, g.Stage, g.Category}] {
			out.Fresh++
		}
	}
	out.Now, out.Then = len(cur.Gaps), len(then.Gaps)
	return out, nil
}
