package polls

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// PollParticipant is someone in a workshop's audience: no account, known by a participant
// token kept in their browser (stored here only as its hash), with an optional display name
// and the organisation and staff group they state, for coverage.
type PollParticipant struct {
	ID                 uint   `gorm:"primaryKey"`
	WorkshopID         uint   `gorm:"not null"`
	TokenHash          string `gorm:"size:64;not null"`
	DisplayName        string `gorm:"size:100;not null"`
	models.Attribution `gorm:"embedded"`
	// NotifyEmail is where to tell the participant of decisions their votes and questions
	// informed: nil unless they gave it, with consent, in a profile frame (issue 16).
	NotifyEmail *string `gorm:"size:320"`
	CreatedAt   time.Time
}

// ParticipantTokenPrefix marks participant tokens.
const ParticipantTokenPrefix = "cfp_"

// JoinWorkshop returns the participant a token belongs to in this workshop, or a new
// participant and their raw token (given to them once) when the token is empty, unknown
// or from another workshop.
func (s *Store) JoinWorkshop(ctx context.Context, workshopID uint, raw string) (*PollParticipant, string, error) {
	p, err := s.FindParticipant(ctx, workshopID, raw)
	if err != nil || p != nil {
		return p, raw, err
	}
	return s.NewParticipant(ctx, workshopID)
}

// FindParticipant returns the participant a raw token belongs to in this workshop, or nil
// when the token is empty, unknown or from another workshop. It writes nothing, so the
// join socket can look before deciding whether a newcomer may be admitted.
func (s *Store) FindParticipant(ctx context.Context, workshopID uint, raw string) (*PollParticipant, error) {
	if raw == "" {
		return nil, nil
	}
	var p []PollParticipant
	err := s.DB.WithContext(ctx).Where("token_hash = ? AND workshop_id = ?", models.HashSecret(raw), workshopID).
		Limit(1).Find(&p).Error
	if err != nil || len(p) == 0 {
		return nil, err
	}
	return &p[0], nil
}

// NewParticipant makes an anonymous participant in the workshop and returns their raw
// token (given to them once; only its hash is stored).
func (s *Store) NewParticipant(ctx context.Context, workshopID uint) (*PollParticipant, string, error) {
	raw, hash := models.NewSecret(ParticipantTokenPrefix)
	p := &PollParticipant{WorkshopID: workshopID, TokenHash: hash}
	if err := s.DB.WithContext(ctx).Create(p).Error; err != nil {
		return nil, "", err
	}
	return p, raw, nil
}

// CountParticipants is how many participants have joined the workshop, so a facilitator
// can see a room of 40 that somehow cast 300 votes.
func (s *Store) CountParticipants(ctx context.Context, workshopID uint) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&PollParticipant{}).Where("workshop_id = ?", workshopID).Count(&n).Error
	return n, err
}

// ProfileInput is what a participant may say about themselves; all of it is optional.
// NotifyEmail nil leaves the address as it is, "" removes it, and an address is kept only
// with NotifyConsent: the participant agreed to be emailed about decisions their
// contributions informed.
type ProfileInput struct {
	DisplayName    string
	OrganisationID *uint
	StaffGroup     string
	NotifyEmail    *string
	NotifyConsent  bool
}

// notifyEmail checks the address a profile gives for hearing about decisions: nil when
// the profile leaves it alone, a pointer to "" to remove it.
func (in ProfileInput) notifyEmail() (*string, error) {
	if in.NotifyEmail == nil {
		return nil, nil
	}
	e := strings.TrimSpace(*in.NotifyEmail)
	if e == "" {
		return &e, nil
	}
	if !in.NotifyConsent {
		return nil, models.Invalid("notify_consent", "notify_consent must be true to be emailed about decisions")
	}
	email, err := models.ParseEmail("notify_email", e)
	if err != nil {
		return nil, err
	}
	email = models.NormaliseEmail(email)
	return &email, nil
}

// UpdateParticipantProfile records a participant's display name and attribution.
func (s *Store) UpdateParticipantProfile(ctx context.Context, id uint, in ProfileInput) (*PollParticipant, error) {
	name := strings.Join(strings.Fields(in.DisplayName), " ")
	if len([]rune(name)) > 100 {
		return nil, models.Invalid("display_name", "display_name must be at most 100 characters")
	}
	notify, err := in.notifyEmail()
	if err != nil {
		return nil, err
	}
	var p PollParticipant
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		a, err := models.ParseAttribution(tx, in.OrganisationID, in.StaffGroup)
		if err != nil {
			return err
		}
		if err := tx.First(&p, id).Error; err != nil {
			return models.OrNotFound(err, "participant")
		}
		p.DisplayName, p.Attribution = name, a
		changes := map[string]any{"display_name": name, "organisation_id": a.OrganisationID, "staff_group": a.StaffGroup}
		if notify != nil {
			p.NotifyEmail = notify
			if *notify == "" {
				p.NotifyEmail = nil
			}
			changes["notify_email"] = p.NotifyEmail
		}
		return tx.Model(&p).Updates(changes).Error
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// ParticipantsByID loads participants for an export.
func (s *Store) ParticipantsByID(ctx context.Context, workshopID uint) (map[uint]PollParticipant, error) {
	var list []PollParticipant
	if err := s.DB.WithContext(ctx).Where("workshop_id = ?", workshopID).Find(&list).Error; err != nil {
		return nil, err
	}
	out := make(map[uint]PollParticipant, len(list))
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}
