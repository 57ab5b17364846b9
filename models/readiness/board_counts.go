package readiness

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models/booking"
)

// staffByGroup counts the organisation's contacts per staff group, leavers left out: one
// grouped read of the contacts index on (organisation_id, staff_group).
func staffByGroup(db *gorm.DB, org uint) (map[string]int, error) {
	var rows []struct {
		StaffGroup string
		N          int
	}
	err := db.Raw(`SELECT staff_group, COUNT(*) AS n FROM contacts
WHERE organisation_id = ? AND left_at IS NULL GROUP BY staff_group`, org).Scan(&rows).Error
	out := map[string]int{}
	for _, r := range rows {
		out[r.StaffGroup] += r.N
	}
	return out, err
}

func organisationNames(db *gorm.DB) (map[uint]string, error) {
	var rows []struct {
		ID   uint
		Name string
	}
	err := db.Raw("SELECT id, name FROM organisations").Scan(&rows).Error
	out := make(map[uint]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, err
}

// countTraining fills each group's Attended and Booked in one pass over the
// organisation's bookings. Each person (lower-cased email) and group is one row flagged,
// per category the targets name ("" for any), with whether they attended a session of
// that category starting before go-live and whether they hold a confirmed or pending
// place on one still to come before go-live; then the flags are summed per group. A
// person booked who already attended counts as attended only.
func countTraining(db *gorm.DB, m *booking.Milestone, now time.Time, groups []BoardGroup) error {
	cats := []string{""}
	for _, g := range groups {
		if !contains(cats, g.Category) {
			cats = append(cats, g.Category)
		}
	}
	goLive, now := goLiveInstant(m.GoLiveOn), now.UTC()
	var inner, outer []string
	var args []any
	for i, c := range cats {
		cond, catArgs := "", []any{}
		if c != "" {
			cond, catArgs = " AND es.category = ?", []any{c}
		}
		inner = append(inner,
			fmt.Sprintf("MAX(CASE WHEN b.attendance = 'attended' AND b.starts_at < ?%s THEN 1 ELSE 0 END) AS a%d", cond, i),
			fmt.Sprintf("MAX(CASE WHEN b.status IN ('confirmed', 'pending') AND b.starts_at >= ? AND b.starts_at < ?%s THEN 1 ELSE 0 END) AS k%d", cond, i))
		args = append(args, goLive)
		args = append(args, catArgs...)
		args = append(args, now, goLive)
		args = append(args, catArgs...)
		outer = append(outer, fmt.Sprintf("SUM(a%d) AS a%d", i, i),
			fmt.Sprintf("SUM(CASE WHEN k%d = 1 AND a%d = 0 THEN 1 ELSE 0 END) AS k%d", i, i, i))
	}
	sql := `SELECT staff_group, ` + strings.Join(outer, ", ") + ` FROM (
SELECT b.staff_group, ` + strings.Join(inner, ", ") + `
FROM bookings b JOIN engagement_sessions es ON es.id = b.engagement_session_id
WHERE b.organisation_id = ? AND b.staff_group <> ''
 AND (b.attendance = 'attended' OR b.status IN ('confirmed', 'pending'))
GROUP BY LOWER(b.email), b.staff_group) p GROUP BY staff_group`
	args = append(args, m.OrganisationID)
	rows, err := db.Raw(sql, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	byGroup := map[string]int{}
	for i, g := range groups {
		byGroup[g.StaffGroup] = i
	}
	for rows.Next() {
		var group string
		counts := make([]int64, 2*len(cats))
		dst := []any{&group}
		for i := range counts {
			dst = append(dst, &counts[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		i, ok := byGroup[group]
		if !ok {
			continue // a group with no target and no staff on record: not on the board
		}
		c := indexOf(cats, groups[i].Category)
		groups[i].Attended, groups[i].Booked = int(counts[2*c]), int(counts[2*c+1])
	}
	return rows.Err()
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
