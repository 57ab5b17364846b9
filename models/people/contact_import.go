package people

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/confer-nhs/confer/models"
)

// ContactFilter narrows the contact list.
type ContactFilter struct {
	OrganisationID uint
	StaffGroup     string
	Query          string // matched against email and name, case-insensitively
}

// ListContacts returns one page of contacts matching f, by email, and the total.
func (s *Store) ListContacts(ctx context.Context, f ContactFilter, p models.Page) ([]models.Contact, int64, error) {
	q := s.DB.WithContext(ctx).Model(&models.Contact{})
	if f.OrganisationID != 0 {
		q = q.Where("organisation_id = ?", f.OrganisationID)
	}
	if f.StaffGroup != "" {
		q = q.Where("staff_group = ?", f.StaffGroup)
	}
	if t := strings.ToLower(strings.TrimSpace(f.Query)); t != "" {
		like := "%" + models.EscapeLike(t) + "%"
		q = q.Where("(email LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []models.Contact
	err := q.Order("email").Offset(p.Offset()).Limit(p.PerPage).Find(&out).Error
	return out, total, err
}

// ImportResult says what an import did; Rejected lists every line refused and why.
type ImportResult struct {
	Created, Updated int
	Rejected         []Rejection
	// Unused names the columns of the file the import did not read.
	Unused []string
}

// importChunk is how many contacts one import transaction writes. SQLite has one writer:
// a whole 100,000-line file in one transaction held the lock for 20 s and bookings
// meanwhile failed. A few hundred rows commit in milliseconds.
const importChunk = 400

// importPause is the gap left after a chunk on SQLite: as long as the chunk took, so the
// lock is free half the time. A booking waiting in SQLite's busy handler, which polls
// every few to 100 ms, then finds it free within a few polls, instead of losing every race
// to the import's next BEGIN.
func importPause(took time.Duration) time.Duration {
	return min(max(took, 2*time.Millisecond), 100*time.Millisecond)
}

// ImportContacts imports a CSV staff list with its columns recognised by header; see
// ImportContactsMapped.
func (s *Store) ImportContacts(ctx context.Context, csvData []byte) (*ImportResult, error) {
	return s.ImportContactsMapped(ctx, csvData, nil)
}

// ImportContactsMapped parses a CSV staff list, with mapping overriding what its headers
// say, and upserts its contacts by email. It writes in short transactions of importChunk
// rows, so a large file never holds the database for long; a failure part-way keeps the
// chunks already written (a re-import finishes the job, since rows are matched by email).
func (s *Store) ImportContactsMapped(ctx context.Context, csvData []byte, mapping ColumnMapping) (*ImportResult, error) {
	orgs, err := s.organisationIndex(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseContactsCSV(csvData, orgs, mapping)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Rejected: parsed.Rejected, Unused: parsed.Unused}
	update := append([]string{"updated_at"}, parsed.Columns...)
	rows := parsed.Rows
	for start := 0; start < len(rows); start += importChunk {
		end := min(start+importChunk, len(rows))
		began := time.Now()
		created, err := s.importChunk(ctx, rows[start:end], update)
		if err != nil {
			return nil, err
		}
		if end < len(rows) && !s.IsPostgres() {
			time.Sleep(importPause(time.Since(began)))
		}
		res.Created += created
		res.Updated += end - start - created
	}
	return res, nil
}

// importChunk upserts rows in one transaction and returns how many were new.
func (s *Store) importChunk(ctx context.Context, rows []ContactRow, update []string) (int, error) {
	created := 0
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		existing, err := existingEmails(tx, rows)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		contacts := make([]models.Contact, len(rows))
		for i, r := range rows {
			contacts[i] = models.Contact{Email: r.Email, Name: r.Name, Attribution: r.Attribution, JobRole: r.JobRole,
				AreaOfWork: r.AreaOfWork, ExternalID: r.ExternalID, CreatedAt: now, UpdatedAt: now}
			if !existing[r.Email] {
				created++
			}
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "email"}},
			DoUpdates: clause.AssignmentColumns(update),
		}).CreateInBatches(contacts, 200).Error
	})
	return created, err
}

func existingEmails(tx *gorm.DB, rows []ContactRow) (map[string]bool, error) {
	out := make(map[string]bool)
	for start := 0; start < len(rows); start += 500 {
		end := min(start+500, len(rows))
		emails := make([]string, 0, end-start)
		for _, r := range rows[start:end] {
			emails = append(emails, r.Email)
		}
		var found []string
		if err := tx.Model(&models.Contact{}).Where("email IN ?", emails).Pluck("email", &found).Error; err != nil {
			return nil, err
		}
		for _, e := range found {
			out[e] = true
		}
	}
	return out, nil
}

// ContactPreview is what an import would do, written nowhere: the file as parsed, and how
// many of its rows are new or already contacts.
type ContactPreview struct {
	*ParsedContacts
	Created, Updated int
}

// PreviewContacts parses a staff list as ImportContactsMapped would and counts the rows it
// would create and update, without writing. A mapping problem (no email column) is in the
// result, beside the columns, so the person can choose the mapping.
func (s *Store) PreviewContacts(ctx context.Context, csvData []byte, mapping ColumnMapping) (*ContactPreview, error) {
	orgs, err := s.organisationIndex(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := readContactsCSV(csvData, orgs, mapping)
	if err != nil {
		return nil, err
	}
	existing, err := existingEmails(s.DB.WithContext(ctx), parsed.Rows)
	if err != nil {
		return nil, err
	}
	return &ContactPreview{ParsedContacts: parsed, Updated: len(existing), Created: len(parsed.Rows) - len(existing)}, nil
}
