package models

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Roles of signed-in users. Everyone else is a participant, with no account.
const (
	RoleAdmin       = "admin"
	RoleComms       = "comms"
	RoleFacilitator = "facilitator"
)

// Roles lists the account roles.
var Roles = []string{RoleAdmin, RoleComms, RoleFacilitator}

// Person is anyone Confer knows by email: staff, patients, and the users who run it.
type Person struct {
	ID             uint `gorm:"primaryKey"`
	Email          string
	Name           string
	OrganisationID *uint
	Organisation   *Organisation
	StaffGroup     string
	JobRole        string
	Role           string // "" for participants
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ParseEmail validates a bare email address and returns it lower-cased.
func ParseEmail(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 320 {
		return "", Invalid(field, "%s must be an email address such as name@trust.nhs.uk", field)
	}
	at := strings.LastIndexByte(s, '@')
	if !strings.Contains(s[at+1:], ".") {
		return "", Invalid(field, "%s must be an email address such as name@trust.nhs.uk", field)
	}
	return strings.ToLower(s), nil
}

// PersonInput is what a caller may set on a person.
type PersonInput struct {
	Email          *string
	Name           *string
	OrganisationID *uint
	StaffGroup     *string
	JobRole        *string
	Role           *string
}

func (in PersonInput) apply(tx *gorm.DB, p *Person, creating bool) error {
	if in.Email != nil || creating {
		email, err := ParseEmail("email", Deref(in.Email))
		if err != nil {
			return err
		}
		p.Email = email
	}
	if in.Name != nil || creating {
		name := strings.TrimSpace(Deref(in.Name))
		if name == "" || len(name) > 200 {
			return Invalid("name", "name is required (at most 200 characters)")
		}
		p.Name = name
	}
	if in.StaffGroup != nil {
		g, err := ParseStaffGroup("staff_group", *in.StaffGroup)
		if err != nil {
			return err
		}
		p.StaffGroup = g
	}
	if in.JobRole != nil {
		role := strings.TrimSpace(*in.JobRole)
		if len(role) > 200 {
			return Invalid("job_role", "job_role must be at most 200 characters")
		}
		p.JobRole = role
	}
	if in.Role != nil {
		r := strings.TrimSpace(*in.Role)
		if r != "" && !slices.Contains(Roles, r) {
			return Invalid("role", "role must be empty (participant) or one of: %s", strings.Join(Roles, ", "))
		}
		p.Role = r
	}
	return resolveOrganisation(tx, p, in.OrganisationID)
}

// resolveOrganisation sets the person's organisation: the one given (which must exist), else
// the one whose email domains match, when they have none yet.
func resolveOrganisation(tx *gorm.DB, p *Person, id *uint) error {
	if id != nil && *id != 0 {
		var n int64
		if err := tx.Model(&Organisation{}).Where("id = ?", *id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return Invalid("organisation_id", "organisation_id %d does not exist", *id)
		}
		p.OrganisationID = id
		return nil
	}
	if id != nil { // explicit 0 clears it
		p.OrganisationID = nil
	}
	if p.OrganisationID == nil {
		o, err := OrganisationForEmailTx(tx, p.Email)
		if err != nil {
			return err
		}
		if o != nil {
			p.OrganisationID = &o.ID
		}
	}
	return nil
}

// PersonFilter narrows a people listing.
type PersonFilter struct {
	Query          string
	OrganisationID uint
	StaffGroup     string
	Role           string
	Page
}

// ListPeople returns one page of people matching the filter, and the total count.
func (s *Store) ListPeople(ctx context.Context, f PersonFilter) ([]Person, int64, error) {
	q := s.DB.WithContext(ctx).Model(&Person{})
	if t := strings.ToLower(strings.TrimSpace(f.Query)); t != "" {
		like := "%" + EscapeLike(t) + "%"
		q = q.Where("(email LIKE ? ESCAPE '\\' OR LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(job_role) LIKE ? ESCAPE '\\')", like, like, like)
	}
	if f.OrganisationID != 0 {
		q = q.Where("organisation_id = ?", f.OrganisationID)
	}
	if f.StaffGroup != "" {
		q = q.Where("staff_group = ?", f.StaffGroup)
	}
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	p := f.Page.Normalise()
	var out []Person
	err := q.Order("name, id").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, err
}

func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// GetPerson returns one person with their organisation.
func (s *Store) GetPerson(ctx context.Context, id uint) (*Person, error) {
	var p Person
	if err := s.DB.WithContext(ctx).Preload("Organisation").First(&p, id).Error; err != nil {
		return nil, OrNotFound(err, "person")
	}
	return &p, nil
}

// GetPersonByEmail finds a person by email, in any case.
func (s *Store) GetPersonByEmail(ctx context.Context, email string) (*Person, error) {
	var p Person
	err := s.DB.WithContext(ctx).Preload("Organisation").
		Where("email = ?", strings.ToLower(strings.TrimSpace(email))).First(&p).Error
	if err != nil {
		return nil, OrNotFound(err, "person")
	}
	return &p, nil
}

// CreatePerson validates and stores a new person.
func (s *Store) CreatePerson(ctx context.Context, in PersonInput) (*Person, error) {
	p := &Person{}
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := in.apply(tx, p, true); err != nil {
			return err
		}
		return personConflict(tx.Omit("Organisation").Create(p).Error)
	})
	if err != nil {
		return nil, err
	}
	return s.GetPerson(ctx, p.ID)
}

// UpdatePerson applies a partial update.
func (s *Store) UpdatePerson(ctx context.Context, id uint, in PersonInput) (*Person, error) {
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var p Person
		if err := tx.First(&p, id).Error; err != nil {
			return OrNotFound(err, "person")
		}
		if err := in.apply(tx, &p, false); err != nil {
			return err
		}
		return personConflict(tx.Omit("Organisation").Save(&p).Error)
	})
	if err != nil {
		return nil, err
	}
	return s.GetPerson(ctx, id)
}

// EnsureUser finds or creates the person with this email and gives them the role (the
// command-line path for creating API users).
func (s *Store) EnsureUser(ctx context.Context, email, name, role string, orgID *uint) (*Person, error) {
	p, err := s.GetPersonByEmail(ctx, email)
	if ErrorCode(err) == ENOTFOUND {
		if name == "" {
			name = strings.Split(email, "@")[0]
		}
		return s.CreatePerson(ctx, PersonInput{Email: &email, Name: &name, Role: &role, OrganisationID: orgID})
	}
	if err != nil {
		return nil, err
	}
	in := PersonInput{Role: &role, OrganisationID: orgID}
	if name != "" {
		in.Name = &name
	}
	return s.UpdatePerson(ctx, p.ID, in)
}

func personConflict(err error) error {
	if IsDuplicate(err) {
		return Conflict("email", "a person with this email already exists")
	}
	return err
}
