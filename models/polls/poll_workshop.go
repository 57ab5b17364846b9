package polls

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Workshop is a live session with a join code: its polls run one at a time and its
// audience asks questions. SessionID optionally names an engagement session (no foreign
// key: the sessions area wires it).
type Workshop struct {
	ID            uint   `gorm:"primaryKey"`
	Title         string `gorm:"size:200;not null"`
	SessionID     *uint
	JoinCode      string `gorm:"size:12;not null;uniqueIndex"`
	CurrentPollID *uint
	CreatedByID   uint `gorm:"not null"`
	// FacilitatorIDs are the co-facilitators who may run and change it beside its creator.
	FacilitatorIDs []uint `gorm:"column:facilitator_ids;serializer:json"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// joinAlphabet leaves out characters people confuse when read off a screen (0/O, 1/I/L).
const joinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// JoinCodeLength gives 31^6 (about 887 million) codes: unique by index, short to type.
const JoinCodeLength = 6

func newJoinCode() string {
	b := make([]byte, JoinCodeLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(joinAlphabet))))
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		b[i] = joinAlphabet[n.Int64()]
	}
	return string(b)
}

// NormaliseJoinCode upper-cases a typed code and drops spaces and dashes.
func NormaliseJoinCode(s string) string {
	s = strings.ToUpper(s)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// WorkshopInput is what a facilitator gives for a new workshop.
type WorkshopInput struct {
	Title          string
	SessionID      *uint
	FacilitatorIDs []uint
}

// CreateWorkshop stores a workshop with a fresh unique join code.
func (s *Store) CreateWorkshop(ctx context.Context, in WorkshopInput, createdBy uint) (*Workshop, error) {
	title := strings.TrimSpace(in.Title)
	if title == "" || len([]rune(title)) > 200 {
		return nil, models.Invalid("title", "title must be 1 to 200 characters")
	}
	if in.SessionID != nil && *in.SessionID == 0 {
		in.SessionID = nil
	}
	ids := models.UniqueIDs(in.FacilitatorIDs)
	if err := models.CheckFacilitators(s.DB.WithContext(ctx), ids); err != nil {
		return nil, err
	}
	for range 8 {
		w := &Workshop{Title: title, SessionID: in.SessionID, JoinCode: newJoinCode(), CreatedByID: createdBy, FacilitatorIDs: ids}
		err := s.DB.WithContext(ctx).Create(w).Error
		if err == nil {
			return w, nil
		}
		if !models.IsDuplicate(err) {
			return nil, err
		}
	}
	return nil, models.Errorf(models.EINTERNAL, "could not find a free join code")
}

// ListWorkshops returns workshops, newest first.
func (s *Store) ListWorkshops(ctx context.Context) ([]Workshop, error) {
	var out []Workshop
	err := s.DB.WithContext(ctx).Order("id DESC").Limit(500).Find(&out).Error
	return out, err
}

// GetWorkshop loads one workshop.
func (s *Store) GetWorkshop(ctx context.Context, id uint) (*Workshop, error) {
	var w Workshop
	if err := s.DB.WithContext(ctx).First(&w, id).Error; err != nil {
		return nil, models.OrNotFound(err, "workshop")
	}
	return &w, nil
}

// GetWorkshopByCode finds a workshop by its join code, typed in any casing.
func (s *Store) GetWorkshopByCode(ctx context.Context, code string) (*Workshop, error) {
	var w Workshop
	if err := s.DB.WithContext(ctx).Where("join_code = ?", NormaliseJoinCode(code)).First(&w).Error; err != nil {
		return nil, models.OrNotFound(err, "workshop with that join code")
	}
	return &w, nil
}

func getWorkshopTx(tx *gorm.DB, id uint) (*Workshop, error) {
	var w Workshop
	if err := tx.First(&w, id).Error; err != nil {
		return nil, models.OrNotFound(err, "workshop")
	}
	return &w, nil
}

// UpdateWorkshop changes a workshop's title or co-facilitators; nil leaves a field alone.
func (s *Store) UpdateWorkshop(ctx context.Context, id uint, title *string, facilitatorIDs *[]uint) (*Workshop, error) {
	var w *Workshop
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if w, err = getWorkshopTx(tx, id); err != nil {
			return err
		}
		if title != nil {
			t := strings.TrimSpace(*title)
			if t == "" || len([]rune(t)) > 200 {
				return models.Invalid("title", "title must be 1 to 200 characters")
			}
			w.Title = t
		}
		if facilitatorIDs != nil {
			w.FacilitatorIDs = models.UniqueIDs(*facilitatorIDs)
			if err := models.CheckFacilitators(tx, w.FacilitatorIDs); err != nil {
				return err
			}
		}
		return tx.Model(w).Select("title", "facilitator_ids", "updated_at").Updates(w).Error
	})
	return w, err
}
