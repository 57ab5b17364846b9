package readiness

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// trainingSlots are the upcoming, not cancelled times of the series anchored to the
// milestone, soonest first, with the seats left in each (none left still listed: the
// board shows the plan, and "0 places left" is worth seeing).
func trainingSlots(db *gorm.DB, milestoneID uint, now time.Time) ([]TrainingSlot, error) {
	var rows []struct {
		SlotID, SessionID   uint
		Title, Category     string
		StaffGroups         string
		StartsAt, EndsAt    time.Time
		Capacity, Confirmed int
	}
	err := db.Raw(`SELECT s.id AS slot_id, es.id AS session_id, es.title, es.category, es.staff_groups,
 s.starts_at, s.ends_at, s.capacity, s.confirmed
FROM slots s JOIN slot_series ss ON ss.id = s.series_id JOIN engagement_sessions es ON es.id = s.engagement_session_id
WHERE ss.milestone_id = ? AND s.cancelled_at IS NULL AND s.starts_at > ?
ORDER BY s.starts_at, s.id LIMIT 200`, milestoneID, now.UTC()).Scan(&rows).Error
	out := make([]TrainingSlot, len(rows))
	for i, r := range rows {
		out[i] = TrainingSlot{SlotID: r.SlotID, SessionID: r.SessionID, Title: r.Title, Category: r.Category,
			StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(), SeatsLeft: max(r.Capacity-r.Confirmed, 0), StaffGroups: []string{}}
		_ = json.Unmarshal([]byte(r.StaffGroups), &out[i].StaffGroups)
	}
	return out, err
}

// Suits reports whether the slot is open to the staff group (a session naming no groups
// is open to all).
func (t TrainingSlot) Suits(group string) bool {
	return len(t.StaffGroups) == 0 || contains(t.StaffGroups, group)
}
