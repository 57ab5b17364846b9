package readiness

import (
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/coverage"
)

// boardPulse is a pulse the board reads: one of the latest two that opened.
type boardPulse struct {
	ID                uint
	Title             string
	OpensAt, ClosesAt time.Time
	question          uint  // its headline question ("feel ready"); 0 if it has none
	ready             []int // the headline's values that count as ready
}

// latestPulses are the latest two pulses that have opened for the milestone, newest
// first; if none names the milestone, the latest two that name no milestone and that
// people of the organisation answered.
func latestPulses(db *gorm.DB, m *booking.Milestone, now time.Time) ([]boardPulse, error) {
	var out []boardPulse
	err := db.Raw(`SELECT id, title, opens_at, closes_at FROM pulses WHERE milestone_id = ? AND opens_at <= ?
ORDER BY opens_at DESC, id DESC LIMIT 2`, m.ID, now.UTC()).Scan(&out).Error
	if err != nil || len(out) > 0 {
		return out, err
	}
	err = db.Raw(`SELECT p.id, p.title, p.opens_at, p.closes_at FROM pulses p
WHERE p.milestone_id IS NULL AND p.opens_at <= ?
 AND EXISTS (SELECT 1 FROM pulse_responses r WHERE r.pulse_id = p.id AND r.organisation_id = ?)
ORDER BY p.opens_at DESC, p.id DESC LIMIT 2`, now.UTC(), m.OrganisationID).Scan(&out).Error
	return out, err
}

// headlines finds each pulse's headline question: the one with ready values.
func headlines(db *gorm.DB, pulses []boardPulse) error {
	ids := make([]uint, len(pulses))
	for i, p := range pulses {
		ids[i] = p.ID
	}
	var qs []struct {
		ID, PulseID uint
		ReadyValues string
	}
	err := db.Raw(`SELECT id, pulse_id, ready_values FROM pulse_questions
WHERE pulse_id IN ? AND ready_values <> '[]' AND ready_values <> '' ORDER BY position, id`, ids).Scan(&qs).Error
	if err != nil {
		return err
	}
	for _, q := range qs {
		var vals []int
		if json.Unmarshal([]byte(q.ReadyValues), &vals) != nil || len(vals) == 0 {
			continue
		}
		for i := range pulses {
			if pulses[i].ID == q.PulseID && pulses[i].question == 0 {
				pulses[i].question, pulses[i].ready = q.ID, vals
			}
		}
	}
	return nil
}

// pulseCell is one pulse's headline answers from one staff group of the organisation.
type pulseCell struct {
	PulseID         uint
	StaffGroup      string
	Answered, Ready int
}

// headlineCounts counts, in one grouped query over both pulses, the people of the
// organisation who answered each headline question per staff group and how many of them
// chose a ready value. Personal and open-link answers both count: an open answer names
// its organisation and group itself.
func headlineCounts(db *gorm.DB, org uint, pulses []boardPulse) ([]pulseCell, error) {
	var qs, ready []string
	var readyArgs, qArgs []any
	for _, p := range pulses {
		if p.question == 0 {
			continue
		}
		qs = append(qs, "?")
		qArgs = append(qArgs, p.question)
		ready = append(ready, "(a.question_id = ? AND a.value IN ?)")
		readyArgs = append(readyArgs, p.question, p.ready)
	}
	if len(qs) == 0 {
		return nil, nil
	}
	sql := `SELECT r.pulse_id, r.staff_group, COUNT(DISTINCT r.id) AS answered,
 COUNT(DISTINCT CASE WHEN ` + strings.Join(ready, " OR ") + ` THEN r.id END) AS ready
FROM pulse_responses r JOIN pulse_answers a ON a.response_id = r.id
WHERE r.organisation_id = ? AND a.question_id IN (` + strings.Join(qs, ", ") + `)
GROUP BY r.pulse_id, r.staff_group`
	args := append(append(readyArgs, org), qArgs...)
	var out []pulseCell
	err := db.Raw(sql, args...).Scan(&out).Error
	return out, err
}

// pulseFigures fills each group's pulse figures and returns the latest pulse's summary
// (nil when no pulse has opened). Answer counts go through coverage's disclosure control
// (models/coverage ProtectBreakdowns): a group where 1 to 4 people answered is withheld,
// and so is another where the organisation's total would give it away; a withheld count
// shows no percentage.
func pulseFigures(db *gorm.DB, m *booking.Milestone, now time.Time, groups []BoardGroup) (*PulseSummary, error) {
	pulses, err := latestPulses(db, m, now)
	if err != nil || len(pulses) == 0 {
		return nil, err
	}
	if err := headlines(db, pulses); err != nil {
		return nil, err
	}
	cells, err := headlineCounts(db, m.OrganisationID, pulses)
	if err != nil {
		return nil, err
	}
	latest := &PulseSummary{ID: pulses[0].ID, Title: pulses[0].Title, ClosesAt: pulses[0].ClosesAt}
	var previous []pulseCell
	for pi, p := range pulses {
		var mine []pulseCell
		for _, c := range cells {
			if c.PulseID == p.ID {
				mine = append(mine, c)
			}
		}
		if pi == 1 {
			previous = mine
			continue
		}
		total, ready := 0, 0
		for _, c := range mine {
			total, ready = total+c.Answered, ready+c.Ready
		}
		latest.Answered = total
		latest.Withheld, latest.ReadyPercent = shownPercent(ready, total, coverage.Shown)
		if coverage.Suppressed(total) {
			latest.Withheld, latest.ReadyPercent = true, nil
		}
		applyPulse(groups, p.ID, mine, total, false)
	}
	if len(pulses) > 1 {
		applyPulse(groups, pulses[1].ID, previous, sumAnswered(previous), true)
	}
	return latest, nil
}

func sumAnswered(cells []pulseCell) int {
	n := 0
	for _, c := range cells {
		n += c.Answered
	}
	return n
}

// applyPulse sets the groups' figures from one pulse: the latest's (previous false) or
// the ready percentage of the one before.
func applyPulse(groups []BoardGroup, pulseID uint, cells []pulseCell, total int, previous bool) {
	byGroup := map[string]pulseCell{}
	for _, c := range cells {
		byGroup[c.StaffGroup] = c
	}
	answered := make([]int, len(groups))
	for i, g := range groups {
		answered[i] = byGroup[g.StaffGroup].Answered
	}
	_, disc := coverage.ProtectBreakdowns(total, answered)
	for i := range groups {
		c := byGroup[groups[i].StaffGroup]
		withheld, pct := shownPercent(c.Ready, c.Answered, disc[0][i])
		gp := &groups[i].Pulse
		if previous {
			gp.PreviousReadyPercent = pct
			continue
		}
		gp.PulseID, gp.Answered, gp.Withheld, gp.ReadyPercent = pulseID, c.Answered, withheld, pct
		if withheld {
			gp.Answered = 0 // the count itself is not given out either
		}
	}
}

// shownPercent is ready as a whole percentage of answered (rounded to nearest), or
// withheld when the answered count is hidden; nil with nobody answering.
func shownPercent(ready, answered int, d coverage.Disclosure) (bool, *int) {
	if d.Hidden() {
		return true, nil
	}
	if answered == 0 {
		return false, nil
	}
	p := percent(ready, answered)
	return false, &p
}
