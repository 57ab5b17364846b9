package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Contact is someone a comms campaign can reach: imported from an organisation's staff list
// and matched by email across imports.
type Contact struct {
	ID          uint `gorm:"primaryKey"`
	Email       string
	Name        string
	Attribution `gorm:"embedded"`
	JobRole     string
	// UnsubscribedAt is set when the contact unsubscribed from newsletters.
	UnsubscribedAt *time.Time
	// Suppressed is "bounced" or "spam_reported": no campaign of any kind reaches them.
	Suppressed   string
	SuppressedAt *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ContactFilter narrows the contact list.
type ContactFilter struct {
	OrganisationID uint
	StaffGroup     string
	Query          string // matched against email and name, case-insensitively
}

// ListContacts returns one page of contacts matching f, by email, and the total.
func (s *Store) ListContacts(ctx context.Context, f ContactFilter, p Page) ([]Contact, int64, error) {
	q := s.DB.WithContext(ctx).Model(&Contact{})
	if f.OrganisationID != 0 {
		q = q.Where("organisation_id = ?", f.OrganisationID)
	}
	if f.StaffGroup != "" {
		q = q.Where("staff_group = ?", f.StaffGroup)
	}
	if t := strings.ToLower(strings.TrimSpace(f.Query)); t != "" {
		like := "%" + escapeLike(t) + "%"
		q = q.Where("(email LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\')", like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Contact
	err := q.Order("email").Offset(p.Offset()).Limit(p.PerPage).Find(&out).Error
	return out, total, err
}

// ImportResult says what an import did; Rejected lists every line refused and why.
type ImportResult struct {
	Created, Updated int
	Rejected         []Rejection
}

// importChunk is how many contacts one import transaction writes. SQLite has one writer:
// a whole 100,000-line file in one transaction held the lock for 20 s and bookings
// meanwhile failed. A few hundred rows commit in milliseconds.
const importChunk = 400

// importPause is the gap left between two chunks on SQLite, so a booking waiting in its
// busy handler (which polls every few to 100 ms) finds the lock free instead of losing
// every race to the import's next BEGIN.
const importPause = 5 * time.Millisecond

// ImportContacts parses a CSV staff list and upserts its contacts by email. It writes in
// short transactions of importChunk rows, so a large file never holds the database for
// long; a failure part-way keeps the chunks already written (a re-import finishes the job,
// since rows are matched by email).
func (s *Store) ImportContacts(ctx context.Context, csvData []byte) (*ImportResult, error) {
	codes, err := s.organisationCodes(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := ParseContactsCSV(csvData, codes)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Rejected: parsed.Rejected}
	update := []string{"updated_at"}
	for _, col := range parsed.Columns {
		if col == "organisation" {
			col = "organisation_id"
		}
		update = append(update, col)
	}
	rows := parsed.Rows
	for start := 0; start < len(rows); start += importChunk {
		if start > 0 && !s.IsPostgres() {
			time.Sleep(importPause)
		}
		created, err := s.importChunk(ctx, rows[start:min(start+importChunk, len(rows))], update)
		if err != nil {
			return nil, err
		}
		res.Created += created
		res.Updated += min(start+importChunk, len(rows)) - start - created
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
		contacts := make([]Contact, len(rows))
		for i, r := range rows {
			contacts[i] = Contact{Email: r.Email, Name: r.Name, Attribution: r.Attribution, JobRole: r.JobRole,
				CreatedAt: now, UpdatedAt: now}
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
		if err := tx.Model(&Contact{}).Where("email IN ?", emails).Pluck("email", &found).Error; err != nil {
			return nil, err
		}
		for _, e := range found {
			out[e] = true
		}
	}
	return out, nil
}

// organisationCodes maps each organisation code to its id.
func (s *Store) organisationCodes(ctx context.Context) (map[string]uint, error) {
	var orgs []Organisation
	if err := s.DB.WithContext(ctx).Select("id", "code").Find(&orgs).Error; err != nil {
		return nil, err
	}
	out := make(map[string]uint, len(orgs))
	for _, o := range orgs {
		out[o.Code] = o.ID
	}
	return out, nil
}
