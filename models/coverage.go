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
	counts, err := stageCounts(db, f)
	if err != nil {
		return nil, err
	}
	if r.Totals, err = stageTotals(db, f); err != nil {
		return nil, err
	}
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

// directorySQL is everyone Confer knows by email, with the organisation and staff group
// to fill in where a source row has an email but did not state them: the contact list
// first, then people (staff accounts) who are not contacts.
func directorySQL(db *gorm.DB) string {
	if hasTables(db, "contacts") {
		return `SELECT email, organisation_id, staff_group FROM contacts
UNION ALL SELECT p.email, p.organisation_id, p.staff_group FROM people p
WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.email = p.email)`
	}
	return `SELECT email, organisation_id, staff_group FROM people`
}

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
	sql := `WITH dir AS (` + directorySQL(db) + `),
src_rows AS (` + strings.Join(parts, "\nUNION ALL\n") + `)
SELECT r.stage, r.person_key,
 COALESCE(r.organisation_id, d.organisation_id) AS organisation_id,
 CASE WHEN r.staff_group = '' THEN COALESCE(d.staff_group, '') ELSE r.staff_group END AS staff_group
FROM src_rows r LEFT JOIN dir d ON d.email = r.person_key ` + cond
	return sql, args, true
}

// stageCounts counts distinct person keys per stage and cell: each person once per cell,
// however many times they booked or posted.
func stageCounts(db *gorm.DB, f CoverageFilter) (map[cellKey]map[string]int, error) {
	out := map[cellKey]map[string]int{}
	rowsSQL, args, ok := attributedRowsSQL(db, f)
	if !ok {
		return out, nil
	}
	var rows []struct {
		Stage          string
		OrganisationID uint
		StaffGroup     string
		N              int
	}
	err := db.Raw(`WITH a AS (`+rowsSQL+`)
SELECT stage, organisation_id, staff_group, COUNT(DISTINCT person_key) AS n FROM a
WHERE organisation_id IS NOT NULL AND staff_group <> ''
GROUP BY stage, organisation_id, staff_group`, args...).Scan(&rows).Error
	for _, row := range rows {
		k := cellKey{row.OrganisationID, row.StaffGroup}
		if out[k] == nil {
			out[k] = map[string]int{}
		}
		out[k][row.Stage] = row.N
	}
	return out, err
}

// stageTotals counts distinct people per stage over everything in the filter, including
// rows with no organisation or staff group (which no cell shows).
func stageTotals(db *gorm.DB, f CoverageFilter) (map[string]int, error) {
	out := map[string]int{}
	for _, st := range CoverageStages {
		out[st] = 0
	}
	rowsSQL, args, ok := attributedRowsSQL(db, f)
	if !ok {
		return out, nil
	}
	var rows []struct {
		Stage string
		N     int
	}
	err := db.Raw(`WITH a AS (`+rowsSQL+`) SELECT stage, COUNT(DISTINCT person_key) AS n FROM a GROUP BY stage`, args...).
		Scan(&rows).Error
	for _, row := range rows {
		out[row.Stage] = row.N
	}
	return out, err
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
