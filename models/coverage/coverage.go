package coverage

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// CoverageFilter narrows the coverage report: a session category ("" for all) and a
// half-open time range [From, To) in UTC (nil for open-ended).
type CoverageFilter struct {
	Category string
	From, To *time.Time
}

// CoverageCell is one organisation × staff group: its headcount (from contacts) and how
// many distinct people reached each funnel stage. Counts are true counts; anything shown
// to a person goes through ShowCount with the count's Hide, which hides small numbers and
// whatever would give one away.
type CoverageCell struct {
	OrganisationID uint
	StaffGroup     string
	Headcount      int
	// Counts by stage; for verifiedStages also stage+VerifiedSuffix, the people matched
	// by email to the directory in this cell (the rest are self-declared).
	Counts map[string]int
	// Hide is how each count is shown: by HeadcountKey, stage, stage+VerifiedSuffix and
	// stage+SelfDeclaredSuffix.
	Hide  map[string]Disclosure
	Flags []CoverageGap
}

// Verified is how many of a stage's people in the cell are matched by email to the
// directory entry of this cell; SelfDeclared the rest.
func (c *CoverageCell) Verified(stage string) int { return c.Counts[stage+VerifiedSuffix] }

// SelfDeclared is the stage's people in the cell who are not verified.
func (c *CoverageCell) SelfDeclared(stage string) int { return c.Counts[stage] - c.Verified(stage) }

// VerifiedStage reports whether a stage's people are split into verified and
// self-declared.
func VerifiedStage(stage string) bool { return slices.Contains(verifiedStages, stage) }

// Flagged reports whether the cell misses any target.
func (c *CoverageCell) Flagged() bool { return len(c.Flags) > 0 }

// CoverageReport is everything the coverage page, API and evidence pack show.
type CoverageReport struct {
	Filter        CoverageFilter
	Cells         []CoverageCell
	Gaps          []CoverageGap
	Totals        map[string]int // distinct people per stage across every cell and none
	Headcount     int
	TotalsHide    map[string]Disclosure
	HeadcountHide Disclosure
	Sources       map[string][]string
	Organisations map[uint]string
	Targets       []CoverageTarget
}

type cellKey struct {
	org   uint
	group string
}

// Coverage computes the report. Counting happens in SQL, one statement per stage, each
// counting the page's category and every category a target names in the same pass
// (models/coverage/coverage_count.go).
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
	if r.Targets, err = s.ListCoverageTargets(ctx); err != nil {
		return nil, err
	}
	var heads map[cellKey]int
	var headsErr error
	counted := make(chan struct{})
	headcount := func() { heads, headsErr = headcounts(db) }
	if db.Dialector.Name() == "postgres" { // on its own connection, while the stages count
		go func() { defer close(counted); headcount() }()
	} else {
		headcount()
		close(counted)
	}
	counts, err := countCoverage(db, f, countSlots(f.Category))
	<-counted
	if err != nil {
		return nil, err
	}
	if headsErr != nil {
		return nil, headsErr
	}
	r.Totals = counts.totals[f.Category]
	r.Cells = buildCells(heads, counts.cells[f.Category], r.Organisations)
	for _, h := range heads {
		r.Headcount += h
	}
	d := disclose(heads, counts, r.Organisations, f.From == nil && f.To == nil)
	d.apply(r)
	r.evaluateTargets(counts.cells, d)
	return r, nil
}

func (f CoverageFilter) validate() error {
	if f.Category != "" && !slices.Contains(SessionCategoryNames, f.Category) {
		return models.Invalid("category", "category must be one of: %s (or empty for all)", strings.Join(SessionCategoryNames, ", "))
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		return models.Invalid("to", "to must be after from")
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

// readOnly runs a reporting query. On Postgres it runs in a transaction that turns JIT
// compilation off (the planner's cost for this wide UNION makes JIT spend seconds
// compiling a query that runs in milliseconds) and gives its sorts memory enough to stay
// off disk. It prices a random page read as the cached read it is (random_page_cost 1.1,
// the usual setting for data in memory or on SSD): at the default 4 the planner reckons
// reading a coverage index in email order dearer than scanning the table and hashing
// every email, which measures 3–5 times slower. On SQLite a transaction would take the
// write lock, so it runs as is.
func readOnly(db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if db.Dialector.Name() != "postgres" {
		return fn(db)
	}
	return db.Transaction(func(tx *gorm.DB) error {
		// SET LOCAL each, in one round trip: on a busy machine each one waits for the
		// backend to be scheduled.
		if err := tx.Exec(`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
 set_config('enable_sort', 'off', true), set_config('random_page_cost', '1.1', true)`).Error; err != nil {
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
		for _, st := range verifiedStages {
			c.Counts[st+VerifiedSuffix] = counts[k][st+VerifiedSuffix]
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
	for i, s := range models.StaffGroups {
		if s == g {
			return i
		}
	}
	return len(models.StaffGroups)
}

// ExplainCoverage runs EXPLAIN ANALYZE on each stage's count for f, with the bench's
// targets' categories (Postgres only), for the benchmark and docs/PERFORMANCE.md.
func (s *Store) ExplainCoverage(ctx context.Context, f CoverageFilter) (string, error) {
	db := s.DB.WithContext(ctx)
	byStage := map[string][]coverageSource{}
	for _, src := range activeSources(db) {
		byStage[src.Stage] = append(byStage[src.Stage], src)
	}
	var lines []string
	for _, st := range CoverageStages {
		if len(byStage[st]) == 0 {
			continue
		}
		sql, args := stageCountSQL(db, byStage[st], f, countSlots(f.Category))
		var plan []string
		err := readOnly(db, func(tx *gorm.DB) error {
			return tx.Raw("EXPLAIN (ANALYZE, BUFFERS) "+sql, args...).Scan(&plan).Error
		})
		if err != nil {
			return "", err
		}
		lines = append(append(lines, "-- stage "+st), plan...)
	}
	return strings.Join(lines, "\n"), nil
}
