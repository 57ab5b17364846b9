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
	// MarkedLeft is how many contacts the file no longer names were marked as left.
	MarkedLeft int
}

// ImportOptions are an import's choices beyond the file and its column mapping.
type ImportOptions struct {
	// MarkMissingLeft marks as left (contacts.left_at) the contacts of the file's
	// organisations that the file does not name: a re-import of a whole staff list says
	// who has gone. The retention job removes leavers later (privacy.RemoveLeavers).
	MarkMissingLeft bool
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
	return s.ImportContactsWith(ctx, csvData, mapping, ImportOptions{})
}

// ImportContactsWith is ImportContactsMapped with options. Everyone the file names is on
// the list again (left_at cleared).
func (s *Store) ImportContactsWith(ctx context.Context, csvData []byte, mapping ColumnMapping, opts ImportOptions) (*ImportResult, error) {
	began := time.Now().UTC()
	orgs, err := s.organisationIndex(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseContactsCSV(csvData, orgs, mapping)
	if err != nil {
		return nil, err
	}
	var listed []uint
	if opts.MarkMissingLeft {
		if listed, err = leaverScope(parsed); err != nil {
			return nil, err
		}
	}
	res := &ImportResult{Rejected: parsed.Rejected, Unused: parsed.Unused}
	update := append([]string{"updated_at", "left_at"}, parsed.Columns...)
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
	if len(listed) > 0 {
		if res.MarkedLeft, err = s.markLeavers(ctx, listed, began); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// leaverScope is the organisations whose staff the file lists in full: leavers are marked
// only there, so one trust's list never marks another's staff as gone. A file with
// refused lines marks no one, as a refused line may be someone still in post.
func leaverScope(parsed *ParsedContacts) ([]uint, error) {
	if len(parsed.Rejected) > 0 {
		return nil, models.Invalid("mark_missing_left",
			"%d lines of the file were refused: correct them before marking the people missing from it as left", len(parsed.Rejected))
	}
	seen := map[uint]bool{}
	var orgs []uint
	for _, r := range parsed.Rows {
		if id := r.Attribution.OrganisationID; id != nil && !seen[*id] {
			seen[*id] = true
			orgs = append(orgs, *id)
		}
	}
	if len(orgs) == 0 {
		return nil, models.Invalid("mark_missing_left",
			"the file names no organisation, so Confer cannot tell whose staff list it is: add an organisation column")
	}
	return orgs, nil
}

// markLeavers marks as left the contacts of orgs that the import did not write (their
// updated_at is before it began).
func (s *Store) markLeavers(ctx context.Context, orgs []uint, began time.Time) (int, error) {
	res := s.DB.WithContext(ctx).Model(&models.Contact{}).
		Where("organisation_id IN ? AND left_at IS NULL AND updated_at < ?", orgs, began).
		Update("left_at", time.Now().UTC())
	return int(res.RowsAffected), res.Error
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
