package coverage

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// maskCountSQL is stageCountSQL for a stage of one source with a next stage whose rows
// each count in one category at most (OneCategory: a booking's session has one), on
// Postgres. It gives the same rows. Each row carries one mask instead of eight flags: bit
// j when it counts in slot j, bit maxCountSlots+j when it also counts in the next stage.
// The mask is one CASE that stops at the row's category, so a row costs about two
// look-ups in the sessions instead of eight, and a person one BIT_OR instead of eight
// MAX; the cells and the totals each do this once, which was most of the stage's time.
// SQLite has no BIT_OR; it keeps the flags (ok is false).
func maskCountSQL(db *gorm.DB, srcs []coverageSource, f CoverageFilter, slots []string) (sql string, args []any, ok bool) {
	if db.Dialector.Name() != "postgres" || len(srcs) != 1 || !srcs[0].OneCategory ||
		srcs[0].Next == nil || srcs[0].Counted == "" || len(slots) != maxCountSlots {
		return "", nil, false
	}
	src := srcs[0]
	all := -1 // the slot of no category: every category's row counts there too
	for j, c := range slots {
		if c == "" {
			all = j
		}
	}
	if all < 0 {
		return "", nil, false
	}
	var when []string
	var maskArgs []any
	for j, c := range slots {
		if c != "" {
			when = append(when, fmt.Sprintf("WHEN %s THEN %d", src.inCategory(), 1<<j|1<<all))
			maskArgs = append(maskArgs, c)
		}
	}
	mask := fmt.Sprintf("(CASE %s WHEN %s THEN %d ELSE 0 END) * (CASE WHEN %s THEN %d ELSE 1 END)",
		strings.Join(when, " "), src.Counted, 1<<all, src.Next.When, 1+1<<maxCountSlots)
	zeros := []string{"0", "0", "0", "0"}
	rows, args := sourceRowsSQL(db, src, f, slots, [][]string{append([]string{mask}, zeros[1:]...)}, maskArgs)
	bits := func(m string) string {
		var sums []string
		for b := 0; b < 2*maxCountSlots; b++ {
			sums = append(sums, fmt.Sprintf("COALESCE(SUM((%s >> %d) & 1), 0) AS %c%d", m, b, "nm"[b/maxCountSlots], b%maxCountSlots))
		}
		return strings.Join(sums, ", ")
	}
	sql = `WITH r (k, o, g, f0, f1, f2, f3, a0, a1, a2, a3) AS NOT MATERIALIZED (` + rows + `)
SELECT o AS organisation_id, g AS staff_group, ` + bits("m") + `, 0 AS total FROM
 (SELECT k, o, g, BIT_OR(f0) AS m FROM r GROUP BY k, o, g) per_cell
GROUP BY o, g
UNION ALL
SELECT NULL, '', ` + bits("m") + `, 1 FROM (SELECT k, BIT_OR(f0) AS m FROM r GROUP BY k) totals`
	return sql, args, true
}
