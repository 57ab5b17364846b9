package decisions

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// DecisionVersion is a published decision's content as it was before a change: the
// register keeps what was said in public, not only what is said now.
type DecisionVersion struct {
	ID          uint `gorm:"primaryKey"`
	DecisionID  uint
	Version     int
	Snapshot    string // the Content of that version, as JSON
	ChangedByID *uint
	ChangedBy   string
	ChangedAt   time.Time
	Note        string
}

// Content decodes the version's snapshot.
func (v *DecisionVersion) Content() Content {
	var c Content
	_ = json.Unmarshal([]byte(v.Snapshot), &c)
	fillLists(&c)
	return c
}

// UpdateDecision changes a decision. Before publication it is edited in place; after, the
// content before the change is kept as a version (with who changed it, when, and the
// note given) and the version number rises. Two changes at once cannot both keep the same
// version: the update is conditional on the version read, and the versions' unique index
// holds the rest.
func (s *Store) UpdateDecision(ctx context.Context, id uint, in Input, note string, by Editor) (*Decision, error) {
	note = strings.Join(strings.Fields(note), " ")
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, models.Invalid("note", "note must be at most %d characters", MaxNote)
	}
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		d, err := getDecision(tx, id)
		if err != nil {
			return err
		}
		before := d.content()
		fillLists(&before)
		c, err := in.apply(tx, before, d.ID, false)
		if err != nil {
			return err
		}
		if d.Published() && c.Status == StatusProposed {
			return models.Invalid("status", "a published decision cannot go back to proposed: mark it superseded instead")
		}
		if reflect.DeepEqual(before, c) {
			return nil // nothing changed: no new version
		}
		version := d.Version
		if d.Published() {
			if err := keepVersion(tx, d, before, note, by); err != nil {
				return err
			}
			version++
		}
		d.setContent(c)
		res := tx.Model(&Decision{}).Where("id = ? AND version = ?", d.ID, d.Version).Updates(map[string]any{
			"title": c.Title, "question": c.Question, "options": jsonText(c.Options), "decided": c.Decided,
			"rationale": c.Rationale, "decided_by": c.DecidedBy, "decided_on": c.DecidedOn, "status": c.Status,
			"superseded_by_id": c.SupersededBy, "epr_ref": c.EPRRef, "organisation_ids": jsonText(c.OrganisationIDs),
			"themes": jsonText(c.Themes), "quotes": jsonText(c.Quotes), "version": version,
			"updated_at": time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.Conflict("version", "someone else changed this decision at the same time: reload it and try again")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.GetDecision(ctx, id)
}

func keepVersion(tx *gorm.DB, d *Decision, c Content, note string, by Editor) error {
	snap, err := json.Marshal(c)
	if err != nil {
		return err
	}
	v := DecisionVersion{DecisionID: d.ID, Version: d.Version, Snapshot: string(snap), ChangedBy: by.Name,
		ChangedAt: time.Now().UTC(), Note: note}
	if by.ID != 0 {
		id := by.ID
		v.ChangedByID = &id
	}
	if err := tx.Create(&v).Error; err != nil {
		if models.IsDuplicate(err) {
			return models.Conflict("version", "someone else changed this decision at the same time: reload it and try again")
		}
		return err
	}
	return nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ListVersions returns the versions a decision kept, newest first.
func (s *Store) ListVersions(ctx context.Context, decisionID uint) ([]DecisionVersion, error) {
	if _, err := getDecision(s.DB.WithContext(ctx), decisionID); err != nil {
		return nil, err
	}
	out := []DecisionVersion{}
	err := s.DB.WithContext(ctx).Where("decision_id = ?", decisionID).Order("version DESC").Find(&out).Error
	return out, err
}
