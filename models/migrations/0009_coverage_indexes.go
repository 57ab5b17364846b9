package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// coverageIndexes are what the coverage count reads on Postgres instead of its tables: each
// holds one funnel stage's rows (its partial WHERE is the source's own condition, in
// models/coverage/coverage_source.go), in person order (the lower-cased email first, then
// organisation and staff group), with every other column the source reads, so a stage is
// counted from an index-only scan, each person's rows side by side, with no hashing of
// emails. The email itself is included because Postgres reads an expression's column from
// the index only when the column is there too.
//
// Each is partial, so it costs a write only for the rows a stage counts: a recipient once
// sent (the send update sets state and sent_at, so it is no longer heap-only), a booking
// confirmed or attended. The bookings one serves booked and attended, which are counted in
// one pass. The figures are in docs/PERFORMANCE.md.
var coverageIndexes = []struct{ name, def string }{
	{"idx_recipient_coverage", `campaign_recipients (LOWER(email), organisation_id, staff_group)
 INCLUDE (sent_at, email) WHERE state = 'sent' AND sent_at IS NOT NULL`},
	{"idx_bookings_coverage", `bookings (LOWER(email), organisation_id, staff_group)
 INCLUDE (email, starts_at, engagement_session_id, attendance) WHERE status = 'confirmed' OR attendance = 'attended'`},
}

// m0009CoverageIndexes adds the coverage indexes on Postgres. SQLite counts coverage by
// sorting in memory, which these would not speed up (it has no INCLUDE), so it gets none
// and pays nothing on its writes.
//
// On both databases it replaces the contacts index on organisation_id by one on
// (organisation_id, staff_group): the coverage headcount reads it in cell order, without
// touching the table, and it serves every look-up by organisation the old one did, so
// contacts keep the same number of indexes.
func m0009CoverageIndexes() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "0009_coverage_indexes",
		Migrate: func(tx *gorm.DB) error {
			stmts := []string{"DROP INDEX idx_contacts_organisation_id",
				"CREATE INDEX idx_contacts_cell ON contacts (organisation_id, staff_group)"}
			if tx.Dialector.Name() == "postgres" {
				for _, ix := range coverageIndexes {
					stmts = append(stmts, "CREATE INDEX "+ix.name+" ON "+ix.def)
				}
			}
			return execAll(tx, stmts)
		},
		Rollback: func(tx *gorm.DB) error {
			stmts := []string{"DROP INDEX idx_contacts_cell",
				"CREATE INDEX idx_contacts_organisation_id ON contacts (organisation_id)"}
			if tx.Dialector.Name() == "postgres" {
				for _, ix := range coverageIndexes {
					stmts = append(stmts, "DROP INDEX "+ix.name)
				}
			}
			return execAll(tx, stmts)
		},
	}
}

func execAll(tx *gorm.DB, stmts []string) error {
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}
