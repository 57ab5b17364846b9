package models

import (
	"context"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// CoverageFilter narrows the coverage report: a session category ("" for all) and a
// half-open time range [From, To) in UTC (nil for open-ended).
type CoverageFilter struct {
	Category string
	From, To *time.Time
}

// CoverageCell is one organisation × staff group: its headcount (from contacts) and how
// many distinct people reached each funnel stage. Counts are true counts; anything shown
// to a person goes through ShownCount, which hides small numbers.
type CoverageCell struct {
	OrganisationID uint
	StaffGroup     string
	Headcount      int
	Counts         map[string]int // by stage
	Flags          []CoverageGap
}

// Flagged reports whether the cell misses any target.
func (c *CoverageCell) Flagged() bool { return len(c.Flags) > 0 }

// CoverageReport is everything the coverage page, API and evidence pack show.
type CoverageReport struct {
	Filter        CoverageFilter
	Cells         []CoverageCell
	Gaps          []CoverageGap
	Totals        map[string]int // distinct people per stage across every cell and none
	Headcount     int
	Sources       map[string][]string
	Organisations map[uint]string
	Targets       []CoverageTarget
}

type cellKey struct {
	org   uint
	group string
}

// Coverage computes the report. Counting happens in SQL: one statement per category
// needed (the page's, plus any a target names) groups distinct person keys by stage,
// organisation and staff group.
func (s *Store) Coverage(ctx context.Context, f CoverageFilter) (*CoverageReport, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	db := s.DB.WithContext(ctx)
	r := &CoverageReport{Filter: f, Sources: s.CoverageSourceNames(), Organisations: map[uint]string{}}
	orgs, err := s.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		r.Organisations[o.ID] = o.Name
	}
	heads, err := headcounts(db)
	if err != nil {
		return nil, err
	}
	counts, totals, err := stageCounts(db, f)
	if err != nil {
		return nil, err
	}
	r.Totals = totals
	r.Cells = buildCells(heads, counts, r.Organisations)
	for _, h := range heads {
		r.Headcount += h
	}
	if r.Targets, err = s.ListCoverageTargets(ctx); err != nil {
		return nil, err
	}
	if err := r.evaluateTargets(db); err != nil {
		return nil, err
	}
	return r, nil
}

func (f CoverageFilter) validate() error {
	if f.Category != "" && !contains(SessionCategoryNames, f.Category) {
		return Invalid("category", "category must be one of: %s (or empty for all)", strings.Join(SessionCategoryNames, ", "))
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		return Invalid("to", "to must be after from")
	}
	return nil
}

// SessionCategoryNames are the session categories coverage can be filtered by.
var SessionCategoryNames = []string{"clinical", "operational", "technical"}

// headcounts counts people per organisation × staff group: contacts once the campaigns
// area is installed, otherwise the people Confer knows.
func headcounts(db *gorm.DB) (map[cellKey]int, error) {
	table := "people"
	if hasTables(db, "contacts") {
		table = "contacts"
	}
	var rows []struct {
		OrganisationID uint
		StaffGroup     string
		N              int
	}
	err := db.Raw(`SELECT organisation_id, staff_group, COUNT(*) AS n FROM ` + table + `
WHERE organisation_id IS NOT NULL AND staff_group <> '' GROUP BY organisation_id, staff_group`).Scan(&rows).Error
	out := make(map[cellKey]int, len(rows))
	for _, row := range rows {
		out[cellKey{row.OrganisationID, row.StaffGroup}] = row.N
	}
	return out, err
}

// attributedRowsSQL is every source row in the filter, with organisation and staff group
// filled from the directory where the row left them out. It returns the SQL and its args.
func attributedRowsSQL(db *gorm.DB, f CoverageFilter) (string, []any, bool) {
	srcs := activeSources(db)
	if len(srcs) == 0 {
		return "", nil, false
	}
	parts := make([]string, len(srcs))
	for i, src := range srcs {
		parts[i] = "SELECT '" + src.Stage + "' AS stage, person_key, organisation_id, staff_group, occurred_at, category FROM (" +
			src.SQL + "\n) src"
	}
	var where []string
	var args []any
	if f.From != nil {
		where, args = append(where, "r.occurred_at >= ?"), append(args, *f.From)
	}
	if f.To != nil {
		where, args = append(where, "r.occurred_at < ?"), append(args, *f.To)
	}
	if f.Category != "" {
		where, args = append(where, "(r.category IS NULL OR r.category = ?)"), append(args, f.Category)
	}
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	// Where a row has an email but left out its organisation or staff group, they come
	// from the contact with that email, else the person (staff account). Both joins are on
	// unique emails, so each row matches at most one of each and the planner knows it.
	orgFrom, groupFrom, joins := "p.organisation_id", "p.staff_group", ""
	if hasTables(db, "contacts") {
		orgFrom, groupFrom = "c.organisation_id, p.organisation_id", "c.staff_group, p.staff_group"
		joins = " LEFT JOIN contacts c ON c.email = r.person_key"
	}
	// Rows that stated both need no lookup; only the rest join the directory, so the joins
	// see the few rows that need them. The CTE is inlined into both halves (NOT
	// MATERIALIZED), so each pushes its conditions down into the sources.
	cond2 := "WHERE r.organisation_id IS NOT NULL AND r.staff_group <> ''"
	cond3 := "WHERE (r.organisation_id IS NULL OR r.staff_group = '')"
	if cond != "" {
		cond2 += " AND " + strings.TrimPrefix(cond, "WHERE ")
		cond3 += " AND " + strings.TrimPrefix(cond, "WHERE ")
	}
	sql := `WITH src_rows AS NOT MATERIALIZED (` + strings.Join(parts, "\nUNION ALL\n") + `)
SELECT r.stage, r.person_key, r.organisation_id, r.staff_group FROM src_rows r ` + cond2 + `
UNION ALL
SELECT r.stage, r.person_key,
 COALESCE(r.organisation_id, ` + orgFrom + `) AS organisation_id,
 CASE WHEN r.staff_group = '' THEN COALESCE(` + groupFrom + `, '') ELSE r.staff_group END AS staff_group
FROM src_rows r` + joins + ` LEFT JOIN people p ON p.email = r.person_key ` + cond3
	args = append(args, args...)
	return sql, args, true
}

// stageCounts counts distinct person keys per stage and cell — each person once per cell,
// however many times they booked or posted — and per stage over everything in the filter
// (the totals, which also count rows no cell shows), in one statement over one pass.
func stageCounts(db *gorm.DB, f CoverageFilter) (map[cellKey]map[string]int, map[string]int, error) {
	cells, totals := map[cellKey]map[string]int{}, map[string]int{}
	for _, st := range CoverageStages {
		totals[st] = 0
	}
	rowsSQL, args, ok := attributedRowsSQL(db, f)
	if !ok {
		return cells, totals, nil
	}
	var rows []struct {
		Stage          string
		OrganisationID *uint
		StaffGroup     string
		N              int
		Total          int
	}
	err := readOnly(db, func(tx *gorm.DB) error {
		return tx.Raw(`WITH a AS MATERIALIZED (`+rowsSQL+`)
`+countsSQL, args...).Scan(&rows).Error
	})
	for _, row := range rows {
		if row.Total == 1 {
			totals[row.Stage] = row.N
			continue
		}
		k := cellKey{*row.OrganisationID, row.StaffGroup}
		if cells[k] == nil {
			cells[k] = map[string]int{}
		}
		cells[k][row.Stage] = row.N
	}
	return cells, totals, err
}

// countsSQL counts each distinct person once per cell and once per stage overall. It
// de-duplicates with SELECT DISTINCT first (a hash, one pass) and then counts, which on
// Postgres is many times faster than COUNT(DISTINCT), which sorts every group.
const countsSQL = `
SELECT stage, organisation_id, staff_group, COUNT(*) AS n, 0 AS total FROM
 (SELECT DISTINCT stage, organisation_id, staff_group, person_key FROM a
  WHERE organisation_id IS NOT NULL AND staff_group <> '') per_cell
GROUP BY stage, organisation_id, staff_group
UNION ALL
SELECT stage, NULL, '', COUNT(*), 1 FROM (SELECT DISTINCT stage, person_key FROM a) per_stage GROUP BY stage`

// readOnly runs a reporting query. On Postgres it runs in a transaction that turns JIT
// compilation off (the planner's cost for this wide UNION makes JIT spend seconds
// compiling a query that runs in milliseconds) and gives its sorts memory enough to stay
// off disk. On SQLite a transaction would take the write lock, so it runs as is.
func readOnly(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if db.Dialector.Name() != "postgres" {
		return fn(db)
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SET LOCAL jit = off").Error; err != nil {
			return err
		}
		if err := tx.Exec("SET LOCAL work_mem = '64MB'").Error; err != nil {
			return err
		}
		return fn(tx)
	})
}

// buildCells joins headcounts and counts into cells for known organisations, ordered by
// organisation name then staff group (in StaffGroups order).
func buildCells(heads map[cellKey]int, counts map[cellKey]map[string]int, orgs map[uint]string) []CoverageCell {
	keys := map[cellKey]bool{}
	for k := range heads {
		keys[k] = true
	}
	for k := range counts {
		keys[k] = true
	}
	cells := make([]CoverageCell, 0, len(keys))
	for k := range keys {
		if _, ok := orgs[k.org]; !ok {
			continue
		}
		c := CoverageCell{OrganisationID: k.org, StaffGroup: k.group, Headcount: heads[k], Counts: map[string]int{}}
		for _, st := range CoverageStages {
			c.Counts[st] = counts[k][st]
		}
		cells = append(cells, c)
	}
	sort.Slice(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if orgs[a.OrganisationID] != orgs[b.OrganisationID] {
			return orgs[a.OrganisationID] < orgs[b.OrganisationID]
		}
		return staffGroupIndex(a.StaffGroup) < staffGroupIndex(b.StaffGroup)
	})
	return cells
}

func staffGroupIndex(g string) int {
	for i, s := range StaffGroups {
		if s == g {
			return i
		}
	}
	return len(StaffGroups)
}

// ExplainCoverage runs EXPLAIN ANALYZE on the per-cell count for f (Postgres only), for
// the benchmark and docs/PERFORMANCE.md.
func (s *Store) ExplainCoverage(ctx context.Context, f CoverageFilter) (string, error) {
	db := s.DB.WithContext(ctx)
	rowsSQL, args, ok := attributedRowsSQL(db, f)
	if !ok {
		return "", nil
	}
	var lines []string
	err := readOnly(db, func(tx *gorm.DB) error {
		return tx.Raw(`EXPLAIN (ANALYZE, BUFFERS) WITH a AS MATERIALIZED (`+rowsSQL+`)
`+countsSQL, args...).Scan(&lines).Error
	})
	return strings.Join(lines, "\n"), err
}
