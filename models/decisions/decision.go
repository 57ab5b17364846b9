package decisions

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Decision statuses.
const (
	StatusProposed   = "proposed"
	StatusDecided    = "decided"
	StatusSuperseded = "superseded"
)

// Statuses lists every status, in the order a decision usually moves through them.
var Statuses = []string{StatusProposed, StatusDecided, StatusSuperseded}

// Quote is a few words a contributor said, chosen by the team to stand beside the decision.
// SourceKind is "post", "question", "poll", "session" or "other" (with no SourceID).
type Quote struct {
	Text       string `json:"text"`
	SourceKind string `json:"source_kind"`
	SourceID   *uint  `json:"source_id"`
}

// Decision is one decision of the programme's design authority or board. Until
// PublishedAt is set it is edited in place; after that each change keeps the previous
// content as a DecisionVersion and raises Version.
type Decision struct {
	ID              uint `gorm:"primaryKey"`
	Title           string
	Question        string
	Options         []string `gorm:"serializer:json"`
	Decided         string
	Rationale       string
	DecidedBy       string
	DecidedOn       string // YYYY-MM-DD, Europe/London; "" until decided
	Status          string
	SupersededByID  *uint
	EPRRef          string   `gorm:"column:epr_ref"`
	OrganisationIDs []uint   `gorm:"column:organisation_ids;serializer:json"`
	Themes          []string `gorm:"serializer:json"`
	Quotes          []Quote  `gorm:"serializer:json"`
	Version         int
	PublishedAt     *time.Time
	CreatedByID     *uint
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Links []DecisionLink `gorm:"foreignKey:DecisionID"`
}

// Published reports whether the decision is on the public register.
func (d *Decision) Published() bool { return d.PublishedAt != nil }

// Content is what a version keeps of a decision: everything a PATCH can change.
type Content struct {
	Title           string   `json:"title"`
	Question        string   `json:"question"`
	Options         []string `json:"options"`
	Decided         string   `json:"decided"`
	Rationale       string   `json:"rationale"`
	DecidedBy       string   `json:"decided_by"`
	DecidedOn       string   `json:"decided_on"`
	Status          string   `json:"status"`
	SupersededBy    *uint    `json:"superseded_by"`
	EPRRef          string   `json:"epr_ref"`
	OrganisationIDs []uint   `json:"organisation_ids"`
	Themes          []string `json:"themes"`
	Quotes          []Quote  `json:"quotes"`
}

func (d *Decision) content() Content {
	return Content{Title: d.Title, Question: d.Question, Options: d.Options, Decided: d.Decided,
		Rationale: d.Rationale, DecidedBy: d.DecidedBy, DecidedOn: d.DecidedOn, Status: d.Status,
		SupersededBy: d.SupersededByID, EPRRef: d.EPRRef, OrganisationIDs: d.OrganisationIDs,
		Themes: d.Themes, Quotes: d.Quotes}
}

func (d *Decision) setContent(c Content) {
	d.Title, d.Question, d.Options, d.Decided, d.Rationale = c.Title, c.Question, c.Options, c.Decided, c.Rationale
	d.DecidedBy, d.DecidedOn, d.Status, d.SupersededByID, d.EPRRef = c.DecidedBy, c.DecidedOn, c.Status, c.SupersededBy, c.EPRRef
	d.OrganisationIDs, d.Themes, d.Quotes = c.OrganisationIDs, c.Themes, c.Quotes
}

// Editor is the team member making a change, for the version history.
type Editor struct {
	ID   uint
	Name string
}

// CreateDecision stores a new decision (version 1, unpublished).
func (s *Store) CreateDecision(ctx context.Context, in Input, by Editor) (*Decision, error) {
	var d Decision
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		c, err := in.apply(tx, Content{Status: StatusProposed}, 0, true)
		if err != nil {
			return err
		}
		d.setContent(c)
		d.Version = 1
		if by.ID != 0 {
			id := by.ID
			d.CreatedByID = &id
		}
		return tx.Omit("Links").Create(&d).Error
	})
	if err != nil {
		return nil, err
	}
	return s.GetDecision(ctx, d.ID)
}

// GetDecision returns one decision with its links.
func (s *Store) GetDecision(ctx context.Context, id uint) (*Decision, error) {
	var d Decision
	err := s.DB.WithContext(ctx).Preload("Links", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).First(&d, id).Error
	if err != nil {
		return nil, models.OrNotFound(err, "decision")
	}
	return &d, nil
}

func getDecision(tx *gorm.DB, id uint) (*Decision, error) {
	var d Decision
	if err := tx.First(&d, id).Error; err != nil {
		return nil, models.OrNotFound(err, "decision")
	}
	return &d, nil
}
