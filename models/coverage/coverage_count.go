package coverage

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// coverageCounts are the distinct-person counts one read needs: per category (all, and
// each one), per cell and stage; and per category, the totals.
type coverageCounts struct {
	cells  map[string]map[cellKey]map[string]int // category -> cell -> stage -> people
	totals map[string]map[string]int             // category -> stage -> people
}

// maxCountSlots is how many categories one pass counts: the page's plus every other one
// ("" and each of SessionCategoryNames), so any mix of targets fits in one pass.
const maxCountSlots = 4

// countSlots lists the categories to count in one pass: the page filter's first, then
// every other. Each is counted whatever the page shows and the targets name, because
// which counts must be hidden is decided over all of them together (a category's cell
// against the cell of all categories; coverage_disclosure.go), so that no two filters
// of the page can be set side by side to undo it.
func countSlots(page string) []string {
	slots := []string{page}
	for _, c := range append([]string{""}, SessionCategoryNames...) {
		if c != page {
			slots = append(slots, c)
		}
	}
	return slots
}

// countCoverage counts every stage for every slot. Each stage is one statement, one pass
// over its sources that flags each row with the categories it counts in, so a target in
// another category costs no second pass. Stages are independent (each person counts once
// per stage), so on Postgres they run at once on their own connections.
func countCoverage(db *gorm.DB, f CoverageFilter, slots []string) (*coverageCounts, error) {
	out := &coverageCounts{cells: map[string]map[cellKey]map[string]int{}, totals: map[string]map[string]int{}}
	for _, c := range slots {
		out.cells[c] = map[cellKey]map[string]int{}
		out.totals[c] = map[string]int{}
		for _, st := range CoverageStages {
			out.totals[c][st] = 0
		}
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
			out.add([]string{st, secondStage(byStage[st])}, slots, rows)
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

// stageRow is one cell's counts for each slot (N: the statement's stage; M: the stage
// counted with it, if any), or (Total = 1) the totals for each slot: the stage's in N,
// its next stage's in M (verified people have no totals: M is 0).
type stageRow struct {
	OrganisationID *uint
	StaffGroup     string
	N0, N1, N2, N3 int
	M0, M1, M2, M3 int
	Total          int
}

// add records one statement's rows: stages[0] is its stage, stages[1] the one counted
// with it ("" if none).
func (c *coverageCounts) add(stages []string, slots []string, rows []stageRow) {
	for _, row := range rows {
		if row.Total > 0 {
			for i, n := range []int{row.N0, row.N1, row.N2, row.N3}[:len(slots)] {
				c.totals[slots[i]][stages[0]] = n
			}
			if stages[1] != "" && !strings.HasSuffix(stages[1], VerifiedSuffix) {
				for i, n := range []int{row.M0, row.M1, row.M2, row.M3}[:len(slots)] {
					c.totals[slots[i]][stages[1]] = n
				}
			}
			continue
		}
		if row.OrganisationID == nil || row.StaffGroup == "" {
			continue // no cell: the row left them out and the directory had none
		}
		k := cellKey{*row.OrganisationID, row.StaffGroup}
		for s, counts := range [][]int{{row.N0, row.N1, row.N2, row.N3}, {row.M0, row.M1, row.M2, row.M3}} {
			for i, n := range counts[:len(slots)] {
				if n == 0 {
					continue // a cell is listed only where someone counts, as in one category alone
				}
				cells := c.cells[slots[i]]
				if cells[k] == nil {
					cells[k] = map[string]int{}
				}
				cells[k][stages[s]] = n
			}
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
// flags OR-ed with MAX) summed per cell, and each person once in the stage's total. When
// the stage's one source has a next stage (bookings: booked, then attended), each row
// carries a second set of flags, so the one pass counts both stages.
//
// On Postgres a stage of one source is not materialised: each count reads the source
// again, so the planner can stream it in email order from its coverage index (migration
// 0009) and group each person with no hashing (the cells: an incremental sort of the few
// rows one email has, which puts filled rows beside stated ones; the totals: the index
// order alone). A stage of several sources is read once and hashed, as on SQLite. Rows
// missing an organisation or staff group after filling come back in their own groups,
// which add skips: grouping them costs less than filtering them out, which would run the
// directory look-ups twice.
//
// A stage whose contributions are verified or self-declared (verifiedStages) counts its
// verified people as its second set: a person's place in a cell is verified when the
// directory holds their email in that very cell, tested once per person and cell.
func stageCountSQL(db *gorm.DB, srcs []coverageSource, f CoverageFilter, slots []string) (string, []any) {
	if sql, args, ok := maskCountSQL(db, srcs, f, slots); ok {
		return sql, args
	}
	sets, verify := 1, slices.Contains(verifiedStages, srcs[0].Stage)
	if nextStage(srcs) != "" || verify {
		sets = 2
	}
	var args []any
	parts := make([]string, len(srcs))
	always := make([][]bool, sets) // always[s][j]: set s's flag j is 1 on every row
	for set := range always {
		always[set] = make([]bool, len(slots))
		for j := range slots {
			always[set][j] = true
		}
	}
	for i, src := range srcs {
		flags := make([][]string, sets)
		for set := range flags {
			for j, c := range slots {
				fl := src.flag(c)
				if set == 1 && verify {
					continue // counted per person and cell below, from set 0's flags
				}
				if set == 1 {
					fl = "CASE WHEN " + src.Next.When + " THEN " + fl + " ELSE 0 END"
				}
				flags[set] = append(flags[set], fl)
				always[set][j] = always[set][j] && fl == "1"
			}
		}
		var a []any
		if verify {
			flags = flags[:1]
		}
		parts[i], a = sourceRowsSQL(db, src, f, slots, flags, nil)
		args = append(args, a...)
	}
	materialise := "MATERIALIZED" // read the sources once, then count the rows twice
	if db.Dialector.Name() == "postgres" && len(srcs) == 1 {
		materialise = "NOT MATERIALIZED" // stream the one source's index for each count
	}
	// A flag that is 1 on every row needs no MAX per person: its count is the people's.
	inner, outer := []string{"k", "o", "g"}, []string{"o AS organisation_id", "g AS staff_group"}
	for set, col := range []string{"f", "a"} {
		for j := 0; j < maxCountSlots; j++ {
			n := fmt.Sprintf("%s%d", []string{"n", "m"}[set], j)
			switch {
			case set >= sets || j >= len(slots):
				outer = append(outer, "0 AS "+n)
			case set == 1 && verify && always[0][j]:
				outer = append(outer, "SUM(v) AS "+n)
			case set == 1 && verify:
				outer = append(outer, fmt.Sprintf("SUM(f%d * v) AS %s", j, n))
			case always[set][j]:
				outer = append(outer, "COUNT(*) AS "+n)
			default:
				inner = append(inner, fmt.Sprintf("MAX(%s%d) AS %s%d", col, j, col, j))
				outer = append(outer, fmt.Sprintf("SUM(%s%d) AS %s", col, j, n))
			}
		}
	}
	sql := `WITH r (k, o, g, f0, f1, f2, f3, a0, a1, a2, a3) AS ` + materialise + ` (` +
		strings.Join(parts, "\nUNION ALL\n") + `)
SELECT ` + strings.Join(outer, ", ") + `, 0 AS total FROM
 ` + perCellSQL(db, inner, verify) + `
GROUP BY o, g`
	totals := sets
	if verify {
		totals = 1 // the page's totals are of people, verified or not
	}
	per, sums := []string{"k"}, []string{}
	for set, col := range []string{"f", "a"} {
		for j := 0; j < maxCountSlots; j++ {
			switch {
			case set >= totals || j >= len(slots):
				sums = append(sums, "0")
			case always[set][j]:
				sums = append(sums, "COUNT(*)")
			default:
				per = append(per, fmt.Sprintf("MAX(%s%d) AS %s%d", col, j, col, j))
				sums = append(sums, fmt.Sprintf("COALESCE(SUM(%s%d), 0)", col, j))
			}
		}
	}
	// One pass over the people for both stages' totals: a second would read the source
	// and group every person again.
	sql += fmt.Sprintf("\nUNION ALL\nSELECT NULL, '', %s, 1 FROM (SELECT %s FROM r GROUP BY k) totals",
		strings.Join(sums, ", "), strings.Join(per, ", "))
	return sql, args
}

// perCellSQL is each person once per cell, with the flags inner computes. When verify,
// it adds v: 1 when the directory holds the person's email in that very cell. That is a
// left join on the directory's unique email (one match at most, so no row is counted
// twice), which Postgres hashes once for all; an EXISTS per person and cell cost it a
// hashed subplan over the whole directory, probed group by group, at twice the time.
func perCellSQL(db *gorm.DB, inner []string, verify bool) string {
	pc := "(SELECT " + strings.Join(inner, ", ") + " FROM r GROUP BY k, o, g)"
	if !verify {
		return pc + " per_cell"
	}
	return "(SELECT pc.*, CASE WHEN d.email IS NULL THEN 0 ELSE 1 END AS v FROM " + pc + " pc\n LEFT JOIN " +
		directoryTable(db) + " d ON d.email = pc.k AND d.organisation_id = pc.o AND d.staff_group = pc.g) per_cell"
}

// secondStage is what a stage's second set of counts is: the next stage of its one
// source, its verified people, or nothing ("").
func secondStage(srcs []coverageSource) string {
	if len(srcs) > 0 && slices.Contains(verifiedStages, srcs[0].Stage) {
		return srcs[0].Stage + VerifiedSuffix
	}
	return nextStage(srcs)
}

// nextStage is the stage counted with a stage of these sources: the next of its one
// source, if any.
func nextStage(srcs []coverageSource) string {
	if len(srcs) != 1 || srcs[0].Next == nil {
		return ""
	}
	return srcs[0].Next.Stage
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

// sourceRowsSQL is one source's rows for a stage's count: (k, o, g, f0..f3, a0..a3), with
// the directory fill and its flags per slot (flags[0]; flags[1] for the next stage). Every
// test of a row's category sits in its flags, never as a join or a semi-join in WHERE,
// which would lose the index's order.
//
// maskArgs, if not nil, are the arguments of flags[0][0], a mask of every slot
// (maskCountSQL); its other flags are "0".
func sourceRowsSQL(db *gorm.DB, src coverageSource, f CoverageFilter, slots []string, flags [][]string, maskArgs []any) (string, []any) {
	args := maskArgs
	var cols []string
	for set := 0; set < 2; set++ {
		for j := 0; j < maxCountSlots; j++ {
			if set >= len(flags) || j >= len(slots) {
				cols = append(cols, "0")
				continue
			}
			cols = append(cols, flags[set][j])
			if maskArgs == nil && strings.Contains(flags[set][j], "?") {
				args = append(args, slots[j])
			}
		}
	}
	var named []string // flags testing a category
	var namedArgs []any
	for j, fl := range flags[0] {
		if maskArgs == nil && strings.Contains(fl, "?") {
			named, namedArgs = append(named, fl), append(namedArgs, slots[j])
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
		args = append(args, namedArgs...)
	}
	cond := ""
	if len(where) > 0 {
		cond = "\nWHERE " + strings.Join(where, " AND ")
	}
	orgFrom, groupFrom := directoryFill(db)
	return `SELECT s.person_key AS k, COALESCE(s.organisation_id, ` + orgFrom + `) AS o,
 CASE WHEN s.staff_group = '' THEN COALESCE(` + groupFrom + `, '') ELSE s.staff_group END AS g,
 ` + strings.Join(cols, ", ") + ` FROM (` + src.SQL + "\n) s" + cond, args
}

// directoryTable is the directory a contribution is verified against, the one the
// headcount counts: contacts once the campaigns area is installed, else people.
func directoryTable(db *gorm.DB) string {
	if hasTables(db, "contacts") {
		return "contacts"
	}
	return "people"
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
