package booking

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// MaxSeriesSlots caps how many slots one series makes.
const MaxSeriesSlots = 200

// Series is a set of a session's slots made from one RFC 5545 rule in a wall-clock time
// zone. Anchored (MilestoneID set), its first slot was placed WeeksBefore weeks before the
// milestone's go-live, and its slots move when the milestone moves.
type Series struct {
	ID                  uint `gorm:"primaryKey"`
	EngagementSessionID uint
	Rule                string
	Timezone            string
	MilestoneID         *uint
	WeeksBefore         int
	CreatedAt           time.Time
}

// TableName: "series" is its own plural; the table says what it holds.
func (Series) TableName() string { return "slot_series" }

// SeriesInput is a new series: the first slot's start and end as wall-clock times
// ("2027-03-16T10:00:00") in Timezone ("" is Europe/London).
type SeriesInput struct {
	Rule, StartsAt, EndsAt, Timezone string
	Capacity                         *int
	MilestoneID                      *uint
	WeeksBefore                      *int
}

// wallLayouts are the accepted wall-clock forms of starts_at and ends_at.
var wallLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04"}

// parseWall reads a wall-clock time as if in UTC: expanding the rule on these "floating"
// times keeps 10:00 at 10:00 across clock changes; inZone then places each in the zone.
func parseWall(field, s string) (time.Time, error) {
	for _, l := range wallLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, models.Invalid(field, "%s must be a wall-clock time such as 2027-03-16T10:00:00", field)
}

// inZone is the instant the floating wall-clock time w names in loc.
func inZone(w time.Time, loc *time.Location) time.Time {
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc).UTC()
}

// parseRule reads an RRULE (with or without its "RRULE:" prefix) that ends (COUNT or
// UNTIL) and repeats at most daily; the start comes from starts_at, never the rule.
func parseRule(s string, start time.Time) (*rrule.RRule, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "RRULE:")
	up := strings.ToUpper(s)
	if s == "" || len(s) > 500 || strings.ContainsAny(s, "\r\n:") || strings.Contains(up, "DTSTART") {
		return nil, models.Invalid("rrule", "rrule must be one RFC 5545 rule such as FREQ=WEEKLY;COUNT=4")
	}
	opt, err := rrule.StrToROptionInLocation(s, time.UTC)
	if err != nil {
		return nil, models.Invalid("rrule", "rrule is not a valid RFC 5545 rule: %s", err.Error())
	}
	if opt.Freq > rrule.DAILY { // HOURLY, MINUTELY, SECONDLY
		return nil, models.Invalid("rrule", "rrule must repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)")
	}
	if opt.Count == 0 && opt.Until.IsZero() {
		return nil, models.Invalid("rrule", "rrule must end: give COUNT or UNTIL")
	}
	if opt.Count > MaxSeriesSlots {
		return nil, models.Invalid("rrule", "a series makes at most %d slots", MaxSeriesSlots)
	}
	opt.Dtstart = start
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, models.Invalid("rrule", "rrule is not a valid RFC 5545 rule: %s", err.Error())
	}
	return r, nil
}

// expand lists the rule's floating start times, refusing more than MaxSeriesSlots.
func expand(r *rrule.RRule) ([]time.Time, error) {
	var out []time.Time
	next := r.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if len(out) == MaxSeriesSlots {
			return nil, models.Invalid("rrule", "a series makes at most %d slots", MaxSeriesSlots)
		}
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, models.Invalid("rrule", "the rule makes no slots")
	}
	return out, nil
}

// loadZone reads an IANA time zone name ("" is Europe/London).
func loadZone(name string) (*time.Location, string, error) {
	if name == "" {
		return models.London(), "Europe/London", nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, "", models.Invalid("timezone", "timezone must be an IANA time zone such as Europe/London")
	}
	return loc, name, nil
}

// CreateSeries makes a session's slots from a rule, all in one transaction.
func (st *Store) CreateSeries(ctx context.Context, sessionID uint, in SeriesInput) (*Series, []Slot, error) {
	loc, zone, err := loadZone(in.Timezone)
	if err != nil {
		return nil, nil, err
	}
	start, err := parseWall("starts_at", in.StartsAt)
	if err != nil {
		return nil, nil, err
	}
	end, err := parseWall("ends_at", in.EndsAt)
	if err != nil {
		return nil, nil, err
	}
	length := end.Sub(start)
	switch {
	case length <= 0:
		return nil, nil, models.Invalid("ends_at", "ends_at must be after starts_at")
	case length > 24*time.Hour:
		return nil, nil, models.Invalid("ends_at", "a slot lasts at most 24 hours")
	case in.Capacity == nil:
		return nil, nil, models.Invalid("capacity", "capacity is required")
	}
	if err := checkCapacity(*in.Capacity); err != nil {
		return nil, nil, err
	}
	series := &Series{EngagementSessionID: sessionID, Rule: strings.TrimPrefix(strings.TrimSpace(in.Rule), "RRULE:"), Timezone: zone}
	err = st.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Select("id").First(&EngagementSession{}, sessionID).Error; err != nil {
			return models.OrNotFound(err, "session")
		}
		if in.MilestoneID != nil || in.WeeksBefore != nil {
			if start, err = anchor(tx, in, start, series); err != nil {
				return err
			}
		}
		r, err := parseRule(in.Rule, start)
		if err != nil {
			return err
		}
		starts, err := expand(r)
		if err != nil {
			return err
		}
		if !inZone(starts[0], loc).After(time.Now()) {
			return models.Invalid("starts_at", "the first slot must be in the future")
		}
		if err := tx.Create(series).Error; err != nil {
			return err
		}
		slots := make([]Slot, len(starts))
		ids := make([]uint, len(starts))
		for i, w := range starts {
			slots[i] = Slot{EngagementSessionID: sessionID, StartsAt: inZone(w, loc), EndsAt: inZone(w.Add(length), loc),
				Capacity: *in.Capacity}
		}
		if err := tx.Omit("Session").Create(&slots).Error; err != nil {
			return err
		}
		for i := range slots {
			ids[i] = slots[i].ID
		}
		// slots.series_id is written and read only by name, never as a field of Slot, so
		// code that reads slots keeps working on a database from before 0028.
		return tx.Exec("UPDATE slots SET series_id = ? WHERE id IN ?", series.ID, ids).Error
	})
	if err != nil {
		return nil, nil, err
	}
	var slots []Slot
	err = st.DB.WithContext(ctx).Where("series_id = ?", series.ID).Order("starts_at, id").Find(&slots).Error
	return series, slots, err
}

// anchor places the series' first slot weeks_before weeks before the milestone's
// go-live, at starts_at's time of day, and records the anchor on the series.
func anchor(tx *gorm.DB, in SeriesInput, start time.Time, series *Series) (time.Time, error) {
	if in.MilestoneID == nil {
		return start, models.Invalid("milestone_id", "milestone_id is required with weeks_before")
	}
	if in.WeeksBefore == nil || *in.WeeksBefore < 1 || *in.WeeksBefore > 104 {
		return start, models.Invalid("weeks_before", "weeks_before must be between 1 and 104")
	}
	var m Milestone
	if err := tx.First(&m, *in.MilestoneID).Error; errors.Is(err, gorm.ErrRecordNotFound) {
		return start, models.Invalid("milestone_id", "no milestone has that id")
	} else if err != nil {
		return start, err
	}
	goLive, err := time.Parse(DateLayout, m.GoLiveOn)
	if err != nil {
		return start, err
	}
	day := goLive.AddDate(0, 0, -7**in.WeeksBefore)
	series.MilestoneID, series.WeeksBefore = &m.ID, *in.WeeksBefore
	return time.Date(day.Year(), day.Month(), day.Day(), start.Hour(), start.Minute(), start.Second(), 0, time.UTC), nil
}

// moveAnchoredSeries moves the slots still to come of every series anchored to a
// milestone by days calendar days, keeping their wall-clock times in the series' zone.
// Bookings on them follow (their copied times, and a reminder due again); confirmed
// ones get a higher calendar sequence, so an update to the same calendar event
// supersedes their invite. Every booking still standing on a moved slot (confirmed,
// pending or waitlisted, with its queue position) is returned, with slot and session,
// for the caller to tell.
func moveAnchoredSeries(tx *gorm.DB, milestoneID uint, days int) ([]Booking, error) {
	var series []Series
	if err := tx.Where("milestone_id = ?", milestoneID).Order("id").Find(&series).Error; err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	var movedSlots []uint
	for _, sr := range series {
		loc, _, err := loadZone(sr.Timezone)
		if err != nil {
			return nil, err
		}
		var slots []Slot
		if err := tx.Where("series_id = ? AND cancelled_at IS NULL AND starts_at > ?", sr.ID, now).Order("id").Find(&slots).Error; err != nil {
			return nil, err
		}
		for _, sl := range slots {
			s, e := sl.StartsAt.In(loc).AddDate(0, 0, days).UTC(), sl.EndsAt.In(loc).AddDate(0, 0, days).UTC()
			if !s.After(now) {
				return nil, models.Invalid("go_live_on", "that date would move training slots into the past: choose a later date, or cancel those slots first")
			}
			if err := tx.Model(&Slot{}).Where("id = ?", sl.ID).
				Updates(map[string]any{"starts_at": s, "ends_at": e, "updated_at": now}).Error; err != nil {
				return nil, err
			}
			if err := tx.Model(&Booking{}).Where("slot_id = ? AND status <> ?", sl.ID, StatusCancelled).
				Updates(map[string]any{"starts_at": s, "ends_at": e, "reminder_sent_at": reminderDoneIfSoon(s), "updated_at": now}).Error; err != nil {
				return nil, err
			}
			movedSlots = append(movedSlots, sl.ID)
		}
	}
	if len(movedSlots) == 0 {
		return nil, nil
	}
	if err := tx.Model(&Booking{}).Where("slot_id IN ? AND status = ?", movedSlots, StatusConfirmed).
		Update("calendar_seq", gorm.Expr("calendar_seq + 1")).Error; err != nil {
		return nil, err
	}
	var told []Booking
	err := tx.Preload("Slot").Preload("Session.Organisations").
		Where("slot_id IN ? AND status IN ?", movedSlots, activeStatuses).Order("id").Find(&told).Error
	if err != nil {
		return nil, err
	}
	for i := range told {
		if err := fillPosition(tx, &told[i]); err != nil {
			return nil, err
		}
	}
	return told, nil
}
