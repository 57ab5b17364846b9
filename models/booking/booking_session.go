package booking

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Session categories and formats.
var (
	SessionCategories = []string{"clinical", "operational", "technical"}
	SessionFormats    = []string{"virtual", "in_person"}
)

// EngagementSession is a session about the programme that a facilitator publishes, with
// slots that staff book. (Named apart from WebSession, the sign-in cookie's session.)
type EngagementSession struct {
	ID                      uint `gorm:"primaryKey"`
	Title                   string
	Description             string
	Category                string
	Format                  string
	Location                string
	MeetingURL              string   `gorm:"column:meeting_url"`
	StaffGroups             []string `gorm:"serializer:json"`
	RestrictToOrganisations bool
	ReservedShare           int        // percent of each slot's seats held back; 0 = none
	ReservedUntil           *time.Time // when held seats open to everyone
	ReservedOrganisationIDs []uint     `gorm:"column:reserved_organisation_ids;serializer:json"`
	ReservedStaffGroups     []string   `gorm:"serializer:json"`
	ReserveReleasedAt       *time.Time // set by the release job once the hold has ended
	ConfirmToKeep           bool       // bookings hold their place only once confirmed from the mailbox
	ConfirmWithinHours      int        // how long an unconfirmed place is held (see ConfirmDeadline)
	CreatedByID             *uint
	FacilitatorIDs          []uint                          `gorm:"column:facilitator_ids;serializer:json"` // co-facilitators: see Owners
	Organisations           []EngagementSessionOrganisation `gorm:"foreignKey:EngagementSessionID"`
	Slots                   []Slot                          `gorm:"foreignKey:EngagementSessionID"`
	CreatedAt               time.Time
	UpdatedAt               time.Time
}

// EngagementSessionOrganisation is one organisation a session is aimed at.
type EngagementSessionOrganisation struct {
	EngagementSessionID uint `gorm:"primaryKey;autoIncrement:false"`
	OrganisationID      uint `gorm:"primaryKey;autoIncrement:false"`
}

// OrganisationIDs returns the session's target organisations, sorted.
func (s *EngagementSession) OrganisationIDs() []uint {
	out := make([]uint, 0, len(s.Organisations))
	for _, o := range s.Organisations {
		out = append(out, o.OrganisationID)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// SessionInput is what a facilitator may set on a session; nil leaves a field alone.
type SessionInput struct {
	Title, Description, Category, Format, Location, MeetingURL *string
	OrganisationIDs                                            *[]uint
	StaffGroups                                                *[]string
	RestrictToOrganisations                                    *bool
	ReservedShare                                              *int
	ReservedUntil                                              **time.Time // nil: leave; *nil: clear
	ReservedOrganisationIDs                                    *[]uint
	ReservedStaffGroups                                        *[]string
	ConfirmToKeep                                              *bool
	ConfirmWithinHours                                         *int
	FacilitatorIDs                                             *[]uint
}

func (in SessionInput) apply(s *EngagementSession, creating bool) error {
	if err := setText(&s.Title, in.Title, "title", 200, creating); err != nil {
		return err
	}
	if err := setText(&s.Description, in.Description, "description", 10000, false); err != nil {
		return err
	}
	if err := setChoice(&s.Category, in.Category, "category", SessionCategories, creating); err != nil {
		return err
	}
	if err := setChoice(&s.Format, in.Format, "format", SessionFormats, creating); err != nil {
		return err
	}
	if err := setText(&s.Location, in.Location, "location", 500, false); err != nil {
		return err
	}
	if in.MeetingURL != nil {
		u := strings.TrimSpace(*in.MeetingURL)
		if p, err := url.Parse(u); u != "" && (err != nil || p.Scheme != "https" || p.Host == "" || len(u) > 1000) {
			return models.Invalid("meeting_url", "meeting_url must be an https:// link such as https://teams.microsoft.com/l/meetup-join/...")
		}
		s.MeetingURL = u
	}
	if in.StaffGroups != nil {
		groups := []string{}
		for _, g := range *in.StaffGroups {
			c, err := models.ParseStaffGroup("staff_groups", g)
			if err != nil {
				return err
			}
			if c != "" && !slices.Contains(groups, c) {
				groups = append(groups, c)
			}
		}
		s.StaffGroups = groups
	}
	if in.RestrictToOrganisations != nil {
		s.RestrictToOrganisations = *in.RestrictToOrganisations
	}
	if in.ConfirmToKeep != nil {
		s.ConfirmToKeep = *in.ConfirmToKeep
	}
	if in.ConfirmWithinHours != nil {
		if h := *in.ConfirmWithinHours; h < 1 || h > MaxConfirmWithinHours {
			return models.Invalid("confirm_within_hours", "confirm_within_hours must be from 1 to %d", MaxConfirmWithinHours)
		}
		s.ConfirmWithinHours = *in.ConfirmWithinHours
	}
	if in.FacilitatorIDs != nil {
		s.FacilitatorIDs = models.UniqueIDs(*in.FacilitatorIDs)
	}
	if err := in.ApplyReservation(s); err != nil {
		return err
	}
	return s.checkFormat()
}

// Confirm-to-keep defaults: a day to confirm, at most a week.
const (
	DefaultConfirmWithinHours = 24
	MaxConfirmWithinHours     = 168
)

// NeedsConfirm reports whether a booking must be confirmed from the booker's mailbox to
// keep its place. Restricted sessions always need it: the typed email's domain proves
// nothing until someone reads that mailbox (security review D4).
func (s *EngagementSession) NeedsConfirm() bool { return s.ConfirmToKeep || s.RestrictToOrganisations }

// ConfirmDeadline is when an unconfirmed booking made at now is released: after the
// session's ConfirmWithinHours, or halfway to the slot's start if that is sooner, so a
// place nobody confirms still goes to someone else in time.
func (s *EngagementSession) ConfirmDeadline(now, startsAt time.Time) *time.Time {
	hours := s.ConfirmWithinHours
	if hours <= 0 {
		hours = DefaultConfirmWithinHours
	}
	by := now.Add(time.Duration(hours) * time.Hour)
	if half := now.Add(startsAt.Sub(now) / 2); half.Before(by) {
		by = half
	}
	by = by.UTC()
	return &by
}

// checkFormat makes sure a virtual session has a link and an in-person one a place.
func (s *EngagementSession) checkFormat() error {
	if s.Format == "virtual" && s.MeetingURL == "" {
		return models.Invalid("meeting_url", "a virtual session needs a meeting_url")
	}
	if s.Format == "in_person" && s.Location == "" {
		return models.Invalid("location", "an in-person session needs a location")
	}
	return nil
}

func setText(dst *string, v *string, field string, max int, required bool) error {
	if v == nil && !required {
		return nil
	}
	s := strings.TrimSpace(models.Deref(v))
	if required && s == "" {
		return models.Invalid(field, "%s is required", field)
	}
	if utf8.RuneCountInString(s) > max {
		return models.Invalid(field, "%s must be at most %d characters", field, max)
	}
	*dst = s
	return nil
}

func setChoice(dst *string, v *string, field string, choices []string, required bool) error {
	if v == nil && !required {
		return nil
	}
	s := strings.TrimSpace(models.Deref(v))
	if !slices.Contains(choices, s) {
		return models.Invalid(field, "%s must be one of: %s", field, strings.Join(choices, ", "))
	}
	*dst = s
	return nil
}

// setSessionOrganisations replaces a session's target organisations, checking each exists.
func setSessionOrganisations(tx *gorm.DB, sessionID uint, ids []uint) error {
	if err := tx.Where("engagement_session_id = ?", sessionID).Delete(&EngagementSessionOrganisation{}).Error; err != nil {
		return err
	}
	seen := map[uint]bool{}
	rows := []EngagementSessionOrganisation{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		rows = append(rows, EngagementSessionOrganisation{EngagementSessionID: sessionID, OrganisationID: id})
	}
	if len(rows) == 0 {
		return nil
	}
	if err := checkOrganisationsExist(tx, "organisation_ids", keys(seen)); err != nil {
		return err
	}
	return tx.Create(&rows).Error
}

func keys(m map[uint]bool) []uint {
	out := make([]uint, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// CreateSession validates and stores a session.
func (st *Store) CreateEngagementSession(ctx context.Context, in SessionInput, createdBy uint) (*EngagementSession, error) {
	s := &EngagementSession{StaffGroups: []string{}, ReservedOrganisationIDs: []uint{}, ReservedStaffGroups: []string{},
		CreatedByID: &createdBy, FacilitatorIDs: []uint{}, ConfirmWithinHours: DefaultConfirmWithinHours}
	if err := in.apply(s, true); err != nil {
		return nil, err
	}
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		if err := checkOrganisationsExist(tx, "reserved_organisation_ids", s.ReservedOrganisationIDs); err != nil {
			return err
		}
		if err := models.CheckFacilitators(tx, s.FacilitatorIDs); err != nil {
			return err
		}
		if err := tx.Omit("Organisations", "Slots").Create(s).Error; err != nil {
			return err
		}
		return setSessionOrganisations(tx, s.ID, models.Deref(in.OrganisationIDs))
	})
	if err != nil {
		return nil, err
	}
	return st.GetEngagementSession(ctx, s.ID)
}

// UpdateSession applies a partial update. A change to the held seats is applied to the
// session's bookings and slots at once; it returns anyone it promoted from a waitlist.
func (st *Store) UpdateEngagementSession(ctx context.Context, id uint, in SessionInput) (*EngagementSession, []Booking, error) {
	var promoted []Booking
	err := st.Tx(ctx, func(tx *gorm.DB) error {
		var s EngagementSession
		if err := tx.First(&s, id).Error; err != nil {
			return models.OrNotFound(err, "session")
		}
		if err := in.apply(&s, false); err != nil {
			return err
		}
		if in.ReservedOrganisationIDs != nil {
			if err := checkOrganisationsExist(tx, "reserved_organisation_ids", s.ReservedOrganisationIDs); err != nil {
				return err
			}
		}
		if in.FacilitatorIDs != nil {
			if err := models.CheckFacilitators(tx, s.FacilitatorIDs); err != nil {
				return err
			}
		}
		if err := tx.Omit("Organisations", "Slots").Save(&s).Error; err != nil {
			return err
		}
		if in.OrganisationIDs != nil {
			if err := setSessionOrganisations(tx, id, *in.OrganisationIDs); err != nil {
				return err
			}
		}
		if !in.reservationTouched() {
			return nil
		}
		var err error
		promoted, err = reapplyReservation(tx, &s)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	s, err := st.GetEngagementSession(ctx, id)
	return s, promoted, err
}

// GetSession returns a session with its organisations and slots in time order.
func (st *Store) GetEngagementSession(ctx context.Context, id uint) (*EngagementSession, error) {
	var s EngagementSession
	err := st.DB.WithContext(ctx).Preload("Organisations").
		Preload("Slots", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at, id") }).First(&s, id).Error
	if err != nil {
		return nil, models.OrNotFound(err, "session")
	}
	return &s, nil
}

// ListSessions returns every session with its slots, newest first.
func (st *Store) ListEngagementSessions(ctx context.Context) ([]EngagementSession, error) {
	var out []EngagementSession
	err := st.DB.WithContext(ctx).Preload("Organisations").
		Preload("Slots", func(db *gorm.DB) *gorm.DB { return db.Order("starts_at, id") }).
		Order("id DESC").Find(&out).Error
	return out, err
}

// DeleteSession removes a session nobody holds a place in. Sessions with active bookings
// must have their slots cancelled first, so that everyone booked is told.
func (st *Store) DeleteEngagementSession(ctx context.Context, id uint) error {
	return st.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Booking{}).Where("engagement_session_id = ? AND status IN ?", id, activeStatuses).
			Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return models.Conflict("", "session still has %d active %s: cancel its slots first, which tells everyone booked", n, plural(int(n), "booking", "bookings"))
		}
		if err := tx.Where("booking_id IN (?)", tx.Model(&Booking{}).Select("id").Where("engagement_session_id = ?", id)).
			Delete(&BookingLink{}).Error; err != nil {
			return err
		}
		for _, m := range []any{&Booking{}, &Slot{}, &EngagementSessionOrganisation{}} {
			if err := tx.Where("engagement_session_id = ?", id).Delete(m).Error; err != nil {
				return err
			}
		}
		res := tx.Delete(&EngagementSession{}, id)
		if res.Error == nil && res.RowsAffected == 0 {
			return models.NotFound("session")
		}
		return res.Error
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
