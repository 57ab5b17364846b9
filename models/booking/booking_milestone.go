package booking

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Milestone is a go-live date for an organisation (and site, when it goes live in
// waves) with a training target per staff group. Series anchored to it move with it.
// It lives beside sessions because moving it moves their slots and tells the booked.
type Milestone struct {
	ID             uint `gorm:"primaryKey"`
	OrganisationID uint
	Site           string
	Name           string
	GoLiveOn       string // YYYY-MM-DD: a calendar date, no time zone
	CreatedByID    *uint
	Targets        []MilestoneTarget `gorm:"foreignKey:MilestoneID"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// MilestoneTarget is the share of a staff group (and, optionally, a category of
// session) to have been trained by go-live.
type MilestoneTarget struct {
	ID          uint `gorm:"primaryKey"`
	MilestoneID uint
	StaffGroup  string
	Category    string
	MinPercent  int
}

// DateLayout is how go_live_on is written.
const DateLayout = "2006-01-02"

// MilestoneInput is a new milestone or a change to one; nil fields are left alone.
type MilestoneInput struct {
	OrganisationID *uint
	Site, Name     *string
	GoLiveOn       *string
	Targets        *[]TargetInput
	CreatedByID    *uint
}

// TargetInput is one staff group's training target.
type TargetInput struct {
	StaffGroup string
	Category   string
	MinPercent int
}

// apply validates in and writes it onto m.
func (in MilestoneInput) apply(m *Milestone) error {
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" || utf8.RuneCountInString(n) > 200 {
			return models.Invalid("name", "enter a name (at most 200 characters)")
		}
		m.Name = n
	}
	if in.Site != nil {
		s := strings.TrimSpace(*in.Site)
		if utf8.RuneCountInString(s) > 200 {
			return models.Invalid("site", "site must be at most 200 characters")
		}
		m.Site = s
	}
	if in.GoLiveOn != nil {
		if _, err := time.Parse(DateLayout, *in.GoLiveOn); err != nil {
			return models.Invalid("go_live_on", "go_live_on must be a date such as 2027-04-19")
		}
		m.GoLiveOn = *in.GoLiveOn
	}
	if in.Targets != nil {
		targets, err := parseTargets(*in.Targets)
		if err != nil {
			return err
		}
		m.Targets = targets
	}
	return nil
}

func parseTargets(in []TargetInput) ([]MilestoneTarget, error) {
	if len(in) > 100 {
		return nil, models.Invalid("targets", "at most 100 targets")
	}
	out := make([]MilestoneTarget, len(in))
	for i, t := range in {
		g, ok := models.CanonicalStaffGroup(t.StaffGroup)
		if !ok {
			return nil, models.Invalid("targets", "each target's staff_group must be one of: %s", strings.Join(models.StaffGroups, "; "))
		}
		if t.MinPercent < 1 || t.MinPercent > 100 {
			return nil, models.Invalid("targets", "each target's min_percent must be between 1 and 100")
		}
		if utf8.RuneCountInString(t.Category) > 100 {
			return nil, models.Invalid("targets", "each target's category must be at most 100 characters")
		}
		out[i] = MilestoneTarget{StaffGroup: g, Category: strings.TrimSpace(t.Category), MinPercent: t.MinPercent}
	}
	return out, nil
}

// CreateMilestone stores a milestone for an organisation that exists.
func (st *Store) CreateMilestone(ctx context.Context, in MilestoneInput) (*Milestone, error) {
	switch {
	case in.OrganisationID == nil:
		return nil, models.Invalid("organisation_id", "organisation_id is required")
	case in.Name == nil:
		return nil, models.Invalid("name", "name is required")
	case in.GoLiveOn == nil:
		return nil, models.Invalid("go_live_on", "go_live_on is required (a date such as 2027-04-19)")
	}
	m := &Milestone{OrganisationID: *in.OrganisationID, CreatedByID: in.CreatedByID}
	if err := in.apply(m); err != nil {
		return nil, err
	}
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Table("organisations").Where("id = ?", m.OrganisationID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return models.Invalid("organisation_id", "no organisation has that id")
		}
		return tx.Create(m).Error
	})
	return m, err
}

// ListMilestones returns every milestone, soonest go-live first.
func (st *Store) ListMilestones(ctx context.Context) ([]Milestone, error) {
	var out []Milestone
	err := st.DB.WithContext(ctx).Preload("Targets", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("go_live_on, id").Find(&out).Error
	return out, err
}

// MovedBooking is a booking still standing on a slot that moved with its milestone.
// A confirmed one's calendar sequence is already raised, so an update to the same UID
// supersedes its invite; pending and waitlisted ones never had an invite.
type MovedBooking = Booking

// UpdateMilestone changes a milestone. A new go_live_on moves every series anchored to
// it by the same number of days (see moveAnchoredSeries); the bookings standing on the
// moved slots are returned, with slot and session, to be told.
func (st *Store) UpdateMilestone(ctx context.Context, id uint, in MilestoneInput) (*Milestone, []MovedBooking, error) {
	if in.OrganisationID != nil {
		return nil, nil, models.Invalid("organisation_id", "a milestone's organisation cannot change")
	}
	var m Milestone
	var moved []MovedBooking
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Preload("Targets").First(&m, id).Error; err != nil {
			return models.OrNotFound(err, "milestone")
		}
		old := m.GoLiveOn
		if err := in.apply(&m); err != nil {
			return err
		}
		if in.Targets != nil {
			if err := tx.Where("milestone_id = ?", m.ID).Delete(&MilestoneTarget{}).Error; err != nil {
				return err
			}
			for i := range m.Targets {
				m.Targets[i].MilestoneID = m.ID
			}
			if len(m.Targets) > 0 {
				if err := tx.Create(&m.Targets).Error; err != nil {
					return err
				}
			}
		}
		if err := tx.Omit("Targets").Save(&m).Error; err != nil {
			return err
		}
		days := daysBetween(old, m.GoLiveOn)
		if days == 0 {
			return nil
		}
		var err error
		moved, err = moveAnchoredSeries(tx, m.ID, days)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return &m, moved, nil
}

// daysBetween is the number of calendar days from one YYYY-MM-DD date to another.
func daysBetween(from, to string) int {
	a, err1 := time.Parse(DateLayout, from)
	b, err2 := time.Parse(DateLayout, to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}
