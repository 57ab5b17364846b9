package people

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// PersonInput is what a caller may set on a person.
type PersonInput struct {
	Email          *string
	Name           *string
	OrganisationID *uint
	StaffGroup     *string
	JobRole        *string
	Role           *string
}

func (in PersonInput) apply(tx *gorm.DB, p *models.Person, creating bool) error {
	if in.Email != nil || creating {
		email, err := models.ParseEmail("email", models.Deref(in.Email))
		if err != nil {
			return err
		}
		p.Email = email
	}
	if in.Name != nil || creating {
		name := strings.TrimSpace(models.Deref(in.Name))
		if name == "" || len(name) > 200 {
			return models.Invalid("name", "name is required (at most 200 characters)")
		}
		p.Name = name
	}
	if in.StaffGroup != nil {
		g, err := models.ParseStaffGroup("staff_group", *in.StaffGroup)
		if err != nil {
			return err
		}
		p.StaffGroup = g
	}
	if in.JobRole != nil {
		role := strings.TrimSpace(*in.JobRole)
		if len(role) > 200 {
			return models.Invalid("job_role", "job_role must be at most 200 characters")
		}
		p.JobRole = role
	}
	if in.Role != nil {
		r := strings.TrimSpace(*in.Role)
		if r != "" && !slices.Contains(models.Roles, r) {
			return models.Invalid("role", "role must be empty (participant) or one of: %s", strings.Join(models.Roles, ", "))
		}
		p.Role = r
	}
	return resolveOrganisation(tx, p, in.OrganisationID)
}

// resolveOrganisation sets the person's organisation: the one given (which must exist), else
// the one whose email domains match, when they have none yet.
func resolveOrganisation(tx *gorm.DB, p *models.Person, id *uint) error {
	if id != nil && *id != 0 {
		var n int64
		if err := tx.Model(&models.Organisation{}).Where("id = ?", *id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return models.Invalid("organisation_id", "organisation_id %d does not exist", *id)
		}
		p.OrganisationID = id
		return nil
	}
	if id != nil { // explicit 0 clears it
		p.OrganisationID = nil
	}
	if p.OrganisationID == nil {
		o, err := models.OrganisationForEmailTx(tx, p.Email)
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
	models.Page
}

// ListPeople returns one page of people matching the filter, and the total count.
func (s *Store) ListPeople(ctx context.Context, f PersonFilter) ([]models.Person, int64, error) {
	q := s.DB.WithContext(ctx).Model(&models.Person{})
	if t := strings.ToLower(strings.TrimSpace(f.Query)); t != "" {
		like := "%" + models.EscapeLike(t) + "%"
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
	var out []models.Person
	err := q.Order("name, id").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, err
}

// CreatePerson validates and stores a new person.
func (s *Store) CreatePerson(ctx context.Context, in PersonInput) (*models.Person, error) {
	p := &models.Person{}
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
func (s *Store) UpdatePerson(ctx context.Context, id uint, in PersonInput) (*models.Person, error) {
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var p models.Person
		if err := tx.First(&p, id).Error; err != nil {
			return models.OrNotFound(err, "person")
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
func (s *Store) EnsureUser(ctx context.Context, email, name, role string, orgID *uint) (*models.Person, error) {
	p, err := s.GetPersonByEmail(ctx, email)
	if models.ErrorCode(err) == models.ENOTFOUND {
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
	if models.IsDuplicate(err) {
		return models.Conflict("email", "a person with this email already exists")
	}
	return err
}
