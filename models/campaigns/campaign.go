package campaigns

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Campaign kinds: a newsletter honours unsubscribes; an operational notice (go-live
// instructions staff must receive) does not, and carries no unsubscribe link or headers.
const (
	KindNewsletter = "newsletter"
	KindNotice     = "notice"
)

// CheckKind refuses a kind that is neither a newsletter nor a notice.
func CheckKind(kind string) error {
	if kind != KindNewsletter && kind != KindNotice {
		return models.Invalid("kind", "kind must be newsletter or notice")
	}
	return nil
}

// Campaign statuses.
const (
	CampaignDraft     = "draft"
	CampaignSubmitted = "awaiting_approval"
	CampaignReturned  = "returned"
	CampaignApproved  = "approved"
	CampaignScheduled = "scheduled"
	CampaignSending   = "sending"
	CampaignPaused    = "paused"
	CampaignSent      = "sent"
	CampaignCancelled = "cancelled"
)

// TemplateFields are the personal fields a campaign may use as {{field}}.
var TemplateFields = []string{"first_name", "organisation", "staff_group"}

// PulseLinkField is each recipient's own link to the campaign's readiness pulse: allowed
// only in a campaign that carries a pulse (PulseID).
const PulseLinkField = "pulse_link"

// AllTemplateFields are every field a rendered campaign may hold.
var AllTemplateFields = append(slices.Clone(TemplateFields), PulseLinkField)

// fieldsFor are the fields c may use.
func fieldsFor(c *Campaign) []string {
	if c.PulseID != nil {
		return AllTemplateFields
	}
	return TemplateFields
}

// Audience chooses a campaign's recipients; an empty list means "any".
type Audience struct {
	OrganisationIDs []uint   `json:"organisation_ids"`
	StaffGroups     []string `json:"staff_groups"`
	JobRoles        []string `json:"job_roles"`
}

// Campaign is one email sent to an audience of contacts.
type Campaign struct {
	ID           uint `gorm:"primaryKey"`
	Name         string
	Subject      string
	BodyMarkdown string
	Kind         string
	Audience     Audience `gorm:"serializer:json"`
	Status       string
	// Version grows on every change to content or audience; an approval covers one version.
	Version    int
	AuthorID   uint
	UnsubKey   string // HMAC key for this campaign's unsubscribe links; never leaves the server
	SendAt     *time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
	ReturnNote string
	// PulseID is the readiness pulse the campaign sends (its {{pulse_link}}), or nil.
	PulseID *uint
	// HoldReason says why the campaign did not start when asked or when due: its audience
	// had grown into an organisation whose approval does not cover it. Cleared on start.
	HoldReason string
	// FillCursor, NextSeq and Filled track the chunked making of recipient rows (see
	// FillCampaign); Planned is the audience count when sending started.
	FillCursor uint
	NextSeq    int
	Filled     bool
	Planned    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// CampaignInput is what an author may set. PulseID is set only when the campaign is
// made (by the readiness area's send).
type CampaignInput struct {
	Name, Subject, BodyMarkdown, Kind *string
	Audience                          *Audience
	PulseID                           *uint
}

var fieldRe = regexp.MustCompile(`\{\{(.*?)\}\}`)

// NormaliseTemplate checks every {{field}} in s names a known field and writes them in one
// form ({{ first_name }} becomes {{first_name}}), so rendering has one thing to replace.
func NormaliseTemplate(field, s string) (string, error) {
	return normaliseTemplate(field, s, TemplateFields)
}

func normaliseTemplate(field, s string, fields []string) (string, error) {
	var bad string
	out := fieldRe.ReplaceAllStringFunc(s, func(m string) string {
		name := strings.TrimSpace(m[2 : len(m)-2])
		if !slices.Contains(fields, name) {
			if bad == "" {
				bad = m
			}
			return m
		}
		return "{{" + name + "}}"
	})
	if bad != "" && strings.Contains(bad, PulseLinkField) {
		return "", models.Invalid(field, "{{pulse_link}} works only in a campaign sent from a readiness pulse")
	}
	if bad != "" {
		return "", models.Invalid(field, "%s uses %s, which is not a personal field; use {{first_name}}, {{organisation}} or {{staff_group}}", field, bad)
	}
	if rest := fieldRe.ReplaceAllString(out, ""); strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
		return "", models.Invalid(field, "%s has a {{ or }} that is not part of a personal field such as {{first_name}}", field)
	}
	return out, nil
}

func (in CampaignInput) apply(tx *gorm.DB, c *Campaign, creating bool) (changed bool, err error) {
	set := func(dst *string, v string) {
		if *dst != v {
			*dst, changed = v, true
		}
	}
	if in.Name != nil || creating {
		name := strings.TrimSpace(models.Deref(in.Name))
		if name == "" || utf8.RuneCountInString(name) > 200 {
			return false, models.Invalid("name", "name is required (at most 200 characters)")
		}
		c.Name = name // a rename is not a content change
	}
	if in.Subject != nil || creating {
		subj := strings.TrimSpace(models.Deref(in.Subject))
		if subj == "" || utf8.RuneCountInString(subj) > 300 || strings.ContainsAny(subj, "\r\n") {
			return false, models.Invalid("subject", "subject is required: one line of at most 300 characters")
		}
		if subj, err = normaliseTemplate("subject", subj, fieldsFor(c)); err != nil {
			return false, err
		}
		set(&c.Subject, subj)
	}
	if in.BodyMarkdown != nil || creating {
		body := strings.TrimSpace(models.Deref(in.BodyMarkdown))
		if body == "" || len(body) > 100_000 {
			return false, models.Invalid("body_markdown", "body_markdown is required (at most 100,000 characters)")
		}
		if body, err = normaliseTemplate("body_markdown", body, fieldsFor(c)); err != nil {
			return false, err
		}
		set(&c.BodyMarkdown, body)
	}
	if in.Kind != nil || creating {
		kind := strings.TrimSpace(models.Deref(in.Kind))
		if kind == "" {
			kind = KindNewsletter
		}
		if err := CheckKind(kind); err != nil {
			return false, err
		}
		set(&c.Kind, kind)
	}
	if in.Audience != nil || creating {
		a, err := parseAudience(tx, models.Deref(in.Audience))
		if err != nil {
			return false, err
		}
		if creating || !audienceEqual(a, c.Audience) { // creating: store [] lists, not null
			c.Audience, changed = a, true
		}
	}
	return changed, nil
}

func parseAudience(tx *gorm.DB, a Audience) (Audience, error) {
	out := Audience{OrganisationIDs: []uint{}, StaffGroups: []string{}, JobRoles: []string{}}
	for _, id := range a.OrganisationIDs {
		if _, err := models.ParseAttribution(tx, &id, ""); err != nil {
			return out, models.Invalid("audience.organisation_ids", "organisation %d does not exist", id)
		}
		if !slices.Contains(out.OrganisationIDs, id) {
			out.OrganisationIDs = append(out.OrganisationIDs, id)
		}
	}
	for _, g := range a.StaffGroups {
		cg, err := models.ParseStaffGroup("audience.staff_groups", g)
		if err != nil || cg == "" {
			return out, models.Invalid("audience.staff_groups", "%q is not a staff group; use one of: %s", g, strings.Join(models.StaffGroups, "; "))
		}
		if !slices.Contains(out.StaffGroups, cg) {
			out.StaffGroups = append(out.StaffGroups, cg)
		}
	}
	for _, r := range a.JobRoles {
		r = strings.TrimSpace(r)
		if r == "" || utf8.RuneCountInString(r) > 200 {
			return out, models.Invalid("audience.job_roles", "each job role must be 1 to 200 characters")
		}
		if !slices.Contains(out.JobRoles, r) {
			out.JobRoles = append(out.JobRoles, r)
		}
	}
	slices.Sort(out.OrganisationIDs)
	slices.Sort(out.StaffGroups)
	slices.Sort(out.JobRoles)
	return out, nil
}

func audienceEqual(a, b Audience) bool {
	return slices.Equal(a.OrganisationIDs, b.OrganisationIDs) && slices.Equal(a.StaffGroups, b.StaffGroups) &&
		slices.Equal(a.JobRoles, b.JobRoles)
}

// CreateCampaign stores a new draft by author.
func (s *Store) CreateCampaign(ctx context.Context, authorID uint, in CampaignInput) (*Campaign, error) {
	c := &Campaign{Status: CampaignDraft, Version: 1, AuthorID: authorID, UnsubKey: newKey(), PulseID: in.PulseID}
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := in.apply(tx, c, true); err != nil {
			return err
		}
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		return recordEdit(tx, c, authorID)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func newKey() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// editable are the statuses in which content and audience may change.
var editable = []string{CampaignDraft, CampaignSubmitted, CampaignReturned, CampaignApproved, CampaignScheduled}

// UpdateCampaign changes a campaign that has not started sending. A change to content or
// audience withdraws every approval (the version moves on, recorded as editor's) and makes
// it a draft again, so what was approved is exactly what goes out.
func (s *Store) UpdateCampaign(ctx context.Context, id, editorID uint, in CampaignInput) (*Campaign, error) {
	var c Campaign
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return models.OrNotFound(err, "campaign")
		}
		if !slices.Contains(editable, c.Status) {
			return models.Conflict("status", "a campaign that is %s can no longer be edited", c.Status)
		}
		old := c.Version
		changed, err := in.apply(tx, &c, false)
		if err != nil {
			return err
		}
		cols := []string{"name", "updated_at"}
		if changed {
			c.Version, c.Status, c.SendAt, c.HoldReason = old+1, CampaignDraft, nil, ""
			cols = append(cols, "subject", "body_markdown", "kind", "audience", "version", "status", "send_at", "hold_reason")
		}
		// Conditional on the version read, so two concurrent edits cannot both win.
		res := tx.Model(&Campaign{}).Where("id = ? AND version = ?", id, old).Select(cols).Updates(&c)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.Conflict("version", "the campaign changed while you were editing it; reload and try again")
		}
		if changed {
			return recordEdit(tx, &c, editorID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// GetCampaign returns one campaign.
func (s *Store) GetCampaign(ctx context.Context, id uint) (*Campaign, error) {
	var c Campaign
	if err := s.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, models.OrNotFound(err, "campaign")
	}
	return &c, nil
}

// ListCampaigns returns every campaign, newest first.
func (s *Store) ListCampaigns(ctx context.Context, p models.Page) ([]Campaign, int64, error) {
	var total int64
	q := s.DB.WithContext(ctx).Model(&Campaign{})
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []Campaign
	err := q.Order("id DESC").Offset(p.Offset()).Limit(p.PerPage).Find(&out).Error
	return out, total, err
}
