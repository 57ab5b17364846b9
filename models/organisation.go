package models

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// OrganisationKinds are the kinds of organisation in an integrated care system.
var OrganisationKinds = []string{"icb", "acute", "community", "mental_health", "ambulance",
	"primary_care", "local_authority", "voluntary", "other"}

// Organisation is one body taking part in the programme (a trust, the ICB, a council...).
type Organisation struct {
	ID        uint `gorm:"primaryKey"`
	Name      string
	Code      string // ODS-style code, unique, upper-case
	Kind      string
	Domains   []OrganisationDomain
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OrganisationDomain is an email domain whose people belong to an organisation.
type OrganisationDomain struct {
	ID             uint `gorm:"primaryKey"`
	OrganisationID uint
	Domain         string
}

// DomainList returns the organisation's email domains, sorted.
func (o *Organisation) DomainList() []string {
	out := make([]string, 0, len(o.Domains))
	for _, d := range o.Domains {
		out = append(out, d.Domain)
	}
	sort.Strings(out)
	return out
}

// OrganisationInput is what a caller may set on an organisation.
type OrganisationInput struct {
	Name         *string
	Code         *string
	Kind         *string
	EmailDomains *[]string
}

var (
	codeRe   = regexp.MustCompile(`^[A-Z0-9]{2,12}$`)
	domainRe = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// apply validates the input and copies it onto o; domains are returned separately.
func (in OrganisationInput) apply(o *Organisation, creating bool) ([]string, error) {
	if in.Name != nil || creating {
		name := strings.TrimSpace(Deref(in.Name))
		if name == "" || len(name) > 200 {
			return nil, Invalid("name", "name is required (at most 200 characters)")
		}
		o.Name = name
	}
	if in.Code != nil || creating {
		code := strings.ToUpper(strings.TrimSpace(Deref(in.Code)))
		if !codeRe.MatchString(code) {
			return nil, Invalid("code", "code must be 2 to 12 letters or digits (an ODS code such as RXX or 15N)")
		}
		o.Code = code
	}
	if in.Kind != nil || creating {
		kind := strings.TrimSpace(Deref(in.Kind))
		if !slices.Contains(OrganisationKinds, kind) {
			return nil, Invalid("kind", "kind must be one of: %s", strings.Join(OrganisationKinds, ", "))
		}
		o.Kind = kind
	}
	if in.EmailDomains == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	domains := []string{}
	for _, d := range *in.EmailDomains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if !domainRe.MatchString(d) {
			return nil, Invalid("email_domains", "email_domains: %q is not a domain name such as trust.nhs.uk", d)
		}
		if !seen[d] {
			seen[d] = true
			domains = append(domains, d)
		}
	}
	return domains, nil
}

// ListOrganisations returns every organisation with its domains, by name.
func (s *Store) ListOrganisations(ctx context.Context) ([]Organisation, error) {
	var out []Organisation
	err := s.DB.WithContext(ctx).Preload("Domains").Order("name").Find(&out).Error
	return out, err
}

// GetOrganisation returns one organisation with its domains.
func (s *Store) GetOrganisation(ctx context.Context, id uint) (*Organisation, error) {
	var o Organisation
	if err := s.DB.WithContext(ctx).Preload("Domains").First(&o, id).Error; err != nil {
		return nil, OrNotFound(err, "organisation")
	}
	return &o, nil
}

// GetOrganisationByCode finds an organisation by its code, in any case.
func (s *Store) GetOrganisationByCode(ctx context.Context, code string) (*Organisation, error) {
	var o Organisation
	err := s.DB.WithContext(ctx).Preload("Domains").
		Where("code = ?", strings.ToUpper(strings.TrimSpace(code))).First(&o).Error
	if err != nil {
		return nil, OrNotFound(err, "organisation")
	}
	return &o, nil
}

// OrganisationForEmail returns the organisation whose email domains match the address, or
// nil when none does. A subdomain matches its parent's entry (ward.trust.nhs.uk → trust.nhs.uk).
func (s *Store) OrganisationForEmail(ctx context.Context, email string) (*Organisation, error) {
	return OrganisationForEmailTx(s.DB.WithContext(ctx), email)
}

// DomainCandidates lists the domains an email address could belong to, most specific
// first: a@ward.trust.nhs.uk gives ward.trust.nhs.uk, trust.nhs.uk, nhs.uk.
func DomainCandidates(email string) []string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return nil
	}
	candidates := []string{}
	for d := strings.ToLower(email[at+1:]); strings.Contains(d, "."); d = d[strings.IndexByte(d, '.')+1:] {
		candidates = append(candidates, d)
	}
	return candidates
}

// OrganisationForEmailTx is OrganisationForEmail inside a transaction (booking, say).
func OrganisationForEmailTx(tx *gorm.DB, email string) (*Organisation, error) {
	candidates := DomainCandidates(email)
	if len(candidates) == 0 {
		return nil, nil
	}
	var rows []OrganisationDomain
	if err := tx.Where("domain IN ?", candidates).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, c := range candidates { // most specific first
		for _, r := range rows {
			if r.Domain == c {
				var o Organisation
				if err := tx.First(&o, r.OrganisationID).Error; err != nil {
					return nil, err
				}
				return &o, nil
			}
		}
	}
	return nil, nil
}

// CreateOrganisation validates and stores a new organisation with its domains.
func (s *Store) CreateOrganisation(ctx context.Context, in OrganisationInput) (*Organisation, error) {
	o := &Organisation{}
	domains, err := in.apply(o, true)
	if err != nil {
		return nil, err
	}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Omit("Domains").Create(o).Error; err != nil {
			return orgConflict(err)
		}
		return setDomains(tx, o.ID, domains)
	})
	if err != nil {
		return nil, err
	}
	return s.GetOrganisation(ctx, o.ID)
}

// UpdateOrganisation applies a partial update.
func (s *Store) UpdateOrganisation(ctx context.Context, id uint, in OrganisationInput) (*Organisation, error) {
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var o Organisation
		if err := tx.First(&o, id).Error; err != nil {
			return OrNotFound(err, "organisation")
		}
		domains, err := in.apply(&o, false)
		if err != nil {
			return err
		}
		if err := tx.Omit("Domains").Save(&o).Error; err != nil {
			return orgConflict(err)
		}
		if in.EmailDomains != nil {
			if err := tx.Where("organisation_id = ?", id).Delete(&OrganisationDomain{}).Error; err != nil {
				return err
			}
			return setDomains(tx, id, domains)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.GetOrganisation(ctx, id)
}

// DeleteOrganisation removes an organisation nobody belongs to.
func (s *Store) DeleteOrganisation(ctx context.Context, id uint) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Person{}).Where("organisation_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Conflict("", "organisation still has %d people; move them first", n)
		}
		if err := tx.Where("organisation_id = ?", id).Delete(&OrganisationDomain{}).Error; err != nil {
			return err
		}
		res := tx.Delete(&Organisation{}, id)
		if res.Error != nil {
			if isForeignKey(res.Error) {
				return Conflict("", "organisation is still referenced by other records")
			}
			return res.Error
		}
		if res.RowsAffected == 0 {
			return NotFound("organisation")
		}
		return nil
	})
}

func setDomains(tx *gorm.DB, orgID uint, domains []string) error {
	for _, d := range domains {
		if err := tx.Create(&OrganisationDomain{OrganisationID: orgID, Domain: d}).Error; err != nil {
			if IsDuplicate(err) {
				return Conflict("email_domains", "email domain %s already belongs to another organisation", d)
			}
			return err
		}
	}
	return nil
}

func orgConflict(err error) error {
	if IsDuplicate(err) {
		return Conflict("code", "an organisation with this code already exists")
	}
	return err
}
