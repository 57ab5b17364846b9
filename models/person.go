package models

import (
	"context"
	"net/mail"
	"strings"
	"time"
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
	// OIDCIssuer and OIDCSubject bind a team account to one single sign-on identity, set
	// at its first SSO sign-in; nil until then.
	OIDCIssuer  *string `gorm:"column:oidc_issuer"`
	OIDCSubject *string `gorm:"column:oidc_subject"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
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

// EscapeLike escapes the wildcards of a LIKE pattern (used with ESCAPE '\\'), so a
// search for "50%" finds "50%", not everything starting "50".
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
