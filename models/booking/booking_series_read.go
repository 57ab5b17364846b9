package booking

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// AnchoredSeries is a series tied to a milestone, with what moving the milestone would
// touch: its slots still to come and the people standing on them, by status, so the
// milestone page can say plainly what a new date will do before it is saved.
type AnchoredSeries struct {
	ID            uint
	SessionID     uint
	SessionTitle  string
	Rule          string
	WeeksBefore   int
	UpcomingSlots int
	Booked        int // confirmed: they hold a calendar invite, which gets an update
	Unconfirmed   int // pending: a place held until they confirm their address
	Waiting       int // waitlisted
}

// GetMilestone returns a milestone with its targets and the series anchored to it.
func (st *Store) GetMilestone(ctx context.Context, id uint) (*Milestone, []AnchoredSeries, error) {
	db := st.DB.WithContext(ctx)
	var m Milestone
	if err := db.Preload("Targets", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).First(&m, id).Error; err != nil {
		return nil, nil, models.OrNotFound(err, "milestone")
	}
	var out []AnchoredSeries
	err := db.Table("slot_series AS sr").
		Select("sr.id, sr.engagement_session_id AS session_id, es.title AS session_title, sr.rule, sr.weeks_before").
		Joins("JOIN engagement_sessions es ON es.id = sr.engagement_session_id").
		Where("sr.milestone_id = ?", id).Order("sr.id").Scan(&out).Error
	if err != nil || len(out) == 0 {
		return &m, out, err
	}
	return &m, out, countUpcoming(db, out)
}

// countUpcoming fills each series' slots still to come (the ones a move would move)
// and the bookings standing on them, in two grouped queries.
func countUpcoming(db *gorm.DB, series []AnchoredSeries) error {
	ids := make([]uint, len(series))
	at := map[uint]*AnchoredSeries{}
	for i := range series {
		ids[i], at[series[i].ID] = series[i].ID, &series[i]
	}
	now := time.Now().UTC()
	upcoming := db.Table("slots").Select("id").Where("series_id IN ? AND cancelled_at IS NULL AND starts_at > ?", ids, now)
	var slots []struct{ SeriesID, N uint }
	if err := db.Table("slots").Select("series_id, COUNT(*) AS n").
		Where("series_id IN ? AND cancelled_at IS NULL AND starts_at > ?", ids, now).Group("series_id").Scan(&slots).Error; err != nil {
		return err
	}
	for _, r := range slots {
		at[r.SeriesID].UpcomingSlots = int(r.N)
	}
	var people []struct {
		SeriesID uint
		Status   string
		N        int
	}
	if err := db.Table("bookings b").Select("s.series_id, b.status, COUNT(*) AS n").
		Joins("JOIN slots s ON s.id = b.slot_id").
		Where("b.slot_id IN (?) AND b.status IN ?", upcoming, activeStatuses).
		Group("s.series_id, b.status").Scan(&people).Error; err != nil {
		return err
	}
	for _, r := range people {
		switch s := at[r.SeriesID]; r.Status {
		case StatusConfirmed:
			s.Booked = r.N
		case StatusPending:
			s.Unconfirmed = r.N
		case StatusWaitlisted:
			s.Waiting = r.N
		}
	}
	return nil
}

// SessionSeries is one series of a session's slots, for its page: which slots it made
// and the milestone it follows, if any.
type SessionSeries struct {
	ID            uint
	Rule          string
	Timezone      string
	MilestoneID   *uint
	MilestoneName string
	WeeksBefore   int
	SlotIDs       []uint `gorm:"-"`
}

// ListSessionSeries returns a session's series (not found if the session is not), oldest first, with their slots' ids.
// slots.series_id is read by name here, as CreateSeries writes it.
func (st *Store) ListSessionSeries(ctx context.Context, sessionID uint) ([]SessionSeries, error) {
	db := st.DB.WithContext(ctx)
	if err := db.Select("id").First(&EngagementSession{}, sessionID).Error; err != nil {
		return nil, models.OrNotFound(err, "session")
	}
	var out []SessionSeries
	err := db.Table("slot_series AS sr").
		Select("sr.id, sr.rule, sr.timezone, sr.milestone_id, COALESCE(m.name, '') AS milestone_name, sr.weeks_before").
		Joins("LEFT JOIN milestones m ON m.id = sr.milestone_id").
		Where("sr.engagement_session_id = ?", sessionID).Order("sr.id").Scan(&out).Error
	if err != nil || len(out) == 0 {
		return out, err
	}
	at := map[uint]*SessionSeries{}
	for i := range out {
		at[out[i].ID] = &out[i]
	}
	var slots []struct{ ID, SeriesID uint }
	if err := db.Table("slots").Select("id, series_id").Where("engagement_session_id = ? AND series_id IS NOT NULL", sessionID).
		Order("starts_at, id").Scan(&slots).Error; err != nil {
		return nil, err
	}
	for _, s := range slots {
		if sr := at[s.SeriesID]; sr != nil {
			sr.SlotIDs = append(sr.SlotIDs, s.ID)
		}
	}
	return out, nil
}
