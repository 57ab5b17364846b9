package models

import (
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// coverageCounts are the distinct-person counts one read needs: per category asked for
// (the page's, then each a target names), per cell and stage; and the page's totals.
type coverageCounts struct {
	cells  map[string]map[cellKey]map[string]int // category -> cell -> stage -> people
	totals map[string]int                        // stage -> people, in the page's filter
}

// maxCountSlots is how many categories one pass counts: the page's plus every other one
// ("" and each of SessionCategoryNames), so any mix of targets fits in one pass.
const maxCountSlots = 4

// countSlots lists the categories to count in one pass: the page filter's first, then
// each different one a target names.
func countSlots(page string, targets []CoverageTarget) []string {
	slots := []string{page}
	for _, t := range targets {
		if !contains(slots, t.Category) {
			slots = append(slots, t.Category)
		}
	}
	return slots
}

// countCoverage counts every stage for every slot. Each stage is one statement, one pass
// over its sources that flags each row with the categories it counts in, so a target in
// another category costs no second pass. Stages are independent (each person counts once
// per stage), so on Postgres they run at once on their own connections.
func countCoverage(db *gorm.DB, f CoverageFilter, slots []string) (*coverageCounts, error) {
	out := &coverageCounts{cells: map[string]map[cellKey]map[string]int{}, totals: map[string]int{}}
	for _, c := range slots {
		out.cells[c] = map[cellKey]map[string]int{}
	}
	for _, st := range CoverageStages {
		out.totals[st] = 0
	}
	byStage := map[string][]coverageSource{}
	for _, src := range activeSources(db) {
		byStage[src.Stage] = append(byStage[src.Stage], src)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(CoverageStages))
	for i, st := range CoverageStages {
		if len(byStage[st]) == 0 {
			continue
		}
		run := func() {
			rows, err := countStage(db, byStage[st], f, slots)
			mu.Lock()
			defer mu.Unlock()
			errs[i] = err
			out.add(st, slots, rows)
		}
		if db.Dialector.Name() != "postgres" {
			run() // SQLite: one connection's work at a time is what it does best
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); run() }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stageRow is one cell's counts for each slot, or (Total = 1) the stage's total.
type stageRow struct {
	OrganisationID *uint
	StaffGroup     string
	N0, N1, N2, N3 int
	Total          int
}

func (c *coverageCounts) add(stage string, slots []string, rows []stageRow) {
	for _, row := range rows {
		if row.Total == 1 {
			c.totals[stage] = row.N0
			continue
		}
		if row.OrganisationID == nil || row.StaffGroup == "" {
			continue // no cell: the row left them out and the directory had none
		}
		k := cellKey{*row.OrganisationID, row.StaffGroup}
		for i, n := range []int{row.N0, row.N1, row.N2, row.N3}[:len(slots)] {
			if n == 0 {
				continue // a cell is listed only where someone counts, as in one category alone
			}
			cells := c.cells[slots[i]]
			if cells[k] == nil {
				cells[k] = map[string]int{}
			}
			cells[k][stage] = n
		}
	}
}

func countStage(db *gorm.DB, srcs []coverageSource, f CoverageFilter, slots []string) ([]stageRow, error) {
	sql, args := stageCountSQL(db, srcs, f, slots)
	var rows []stageRow
	err := readOnly(db, func(tx *gorm.DB) error { return tx.Raw(sql, args...).Scan(&rows).Error })
	return rows, err
}

// stageCountSQL is one stage's count: its sources' rows in the period, each with a flag
// per slot (1 when the row counts in that category), organisation and staff group filled
// from the directory where the row left them out; then each person once per cell (the
// flags OR-ed with MAX) summed per cell, and each person once in the stage's total.
//
// On Postgres a stage of one source is not materialised: each count reads the source
// again, so the planner can stream it in email order from its coverage index (migration
// 0009) and group each person with no hashing (the cells: an incremental sort of the few
// rows one email has, which puts filled rows beside stated ones; the total: the index
// order alone). A stage of several sources is read once and hashed, as on SQLite. Rows
// missing an organisation or staff group after filling come back in their own groups,
// which add skips: grouping them costs less than filtering them out, which would run the
// directory look-ups twice.
func stageCountSQL(db *gorm.DB, srcs []coverageSource, f CoverageFilter, slots []string) (string, []any) {
	var args []any
	parts := make([]string, len(srcs))
	always := make([]bool, len(slots)) // slot j's flag is 1 on every row of every source
	for j := range always {
		always[j] = true
	}
	for i, src := range srcs {
		flags := make([]string, len(slots))
		for j, c := range slots {
			flags[j] = src.flag(c)
			always[j] = always[j] && flags[j] == "1"
		}
		var a []any
		parts[i], a = sourceRowsSQL(db, src, f, slots, flags)
		args = append(args, a...)
	}
	materialise := "MATERIALIZED" // read the sources once, then count the rows twice
	if db.Dialector.Name() == "postgres" && len(srcs) == 1 {
		materialise = "NOT MATERIALIZED" // stream the one source's index for each count
	}
	// A flag that is 1 on every row needs no MAX per person: its count is the people's.
	inner, outer := []string{"k", "o", "g"}, []string{"o AS organisation_id", "g AS staff_group"}
	for j := 0; j < maxCountSlots; j++ {
		n := fmt.Sprintf("n%d", j)
		switch {
		case j >= len(slots):
			outer = append(outer, "0 AS "+n)
		case always[j]:
			outer = append(outer, "COUNT(*) AS "+n)
		default:
			inner = append(inner, fmt.Sprintf("MAX(f%d) AS f%d", j, j))
			outer = append(outer, fmt.Sprintf("SUM(f%d) AS %s", j, n))
		}
	}
	inStage := " WHERE f0 = 1"
	if always[0] {
		inStage = ""
	}
	sql := `WITH r (k, o, g, f0, f1, f2, f3) AS ` + materialise + ` (` + strings.Join(parts, "\nUNION ALL\n") + `)
SELECT ` + strings.Join(outer, ", ") + `, 0 AS total FROM
 (SELECT ` + strings.Join(inner, ", ") + ` FROM r GROUP BY k, o, g) per_cell
GROUP BY o, g
UNION ALL
SELECT NULL, '', COUNT(*), 0, 0, 0, 1 FROM (SELECT k FROM r` + inStage + ` GROUP BY k) per_stage`
	return sql, args
}

// flag is when a row of src counts in the category slot c ("": the page without one).
// Its "?", if any, takes c.
func (src coverageSource) flag(c string) string {
	switch {
	case (c == "" || src.Uncategorised) && src.Counted == "":
		return "1"
	case c == "" || src.Uncategorised:
		return "CASE WHEN " + src.Counted + " THEN 1 ELSE 0 END"
	}
	return "CASE WHEN " + src.inCategory() + " THEN 1 ELSE 0 END"
}

// sourceRowsSQL is one source's rows for a stage's count: (k, o, g, f0..f3), with the
// directory fill and its flag per slot. Every test of a row's category sits in its
// flags, never as a join or a semi-join in WHERE, which would lose the index's order.
func sourceRowsSQL(db *gorm.DB, src coverageSource, f CoverageFilter, slots, flags []string) (string, []any) {
	var args []any
	var named []string // flags testing a category
	for j, fl := range flags {
		if strings.Contains(fl, "?") {
			named = append(named, fl)
			args = append(args, slots[j])
		}
	}
	var where []string
	if f.From != nil {
		where = append(where, "s.occurred_at >= ?")
		args = append(args, *f.From)
	}
	if f.To != nil {
		where = append(where, "s.occurred_at < ?")
		args = append(args, *f.To)
	}
	if len(named) == len(slots) { // every slot tests a category: skip rows in none of them
		where = append(where, "("+strings.Join(named, " + ")+") > 0")
		for _, c := range slots {
			args = append(args, c)
		}
	}
	cond := ""
	if len(where) > 0 {
		cond = "\nWHERE " + strings.Join(where, " AND ")
	}
	for len(flags) < maxCountSlots {
		flags = append(flags, "0")
	}
	orgFrom, groupFrom := directoryFill(db)
	return `SELECT s.person_key AS k, COALESCE(s.organisation_id, ` + orgFrom + `) AS o,
 CASE WHEN s.staff_group = '' THEN COALESCE(` + groupFrom + `, '') ELSE s.staff_group END AS g,
 ` + strings.Join(flags, ", ") + ` FROM (` + src.SQL + "\n) s" + cond, args
}

// directoryFill is where a row's missing organisation and staff group come from: the
// contact with that email, else the person (staff account). Each is a lookup on a unique
// email index that runs only for rows that left the value out.
func directoryFill(db *gorm.DB) (org, group string) {
	look := func(table, col string) string {
		return "(SELECT d." + col + " FROM " + table + " d WHERE d.email = s.person_key)"
	}
	org, group = look("people", "organisation_id"), look("people", "staff_group")
	if hasTables(db, "contacts") {
		org = look("contacts", "organisation_id") + ", " + org
		group = look("contacts", "staff_group") + ", " + group
	}
	return org, group
}
