package models

import (
	"strings"

	"gorm.io/gorm"
)

// Attribution is how every flow where a person takes part — booking, posting feedback,
// joining a workshop, being a contact — records who they are for coverage: the organisation
// and staff group they state, and their email (lower-cased) when they give one. Embed it in
// the row (`Attribution` with `gorm:"embedded"`) so coverage joins them all the same way.
type Attribution struct {
	OrganisationID *uint  `gorm:"index"`
	StaffGroup     string `gorm:"size:60;not null;default:'';index"`
}

// ParseAttribution validates a stated organisation (which must exist; nil or 0 means not
// stated) and staff group (any casing of a StaffGroups label; "" means not stated).
func ParseAttribution(tx *gorm.DB, organisationID *uint, staffGroup string) (Attribution, error) {
	var a Attribution
	g, err := ParseStaffGroup("staff_group", staffGroup)
	if err != nil {
		return a, err
	}
	a.StaffGroup = g
	if organisationID != nil && *organisationID != 0 {
		var n int64
		if err := tx.Model(&Organisation{}).Where("id = ?", *organisationID).Count(&n).Error; err != nil {
			return a, err
		}
		if n == 0 {
			return a, ErrNoOrganisation(*organisationID)
		}
		id := *organisationID
		a.OrganisationID = &id
	}
	return a, nil
}

// NormaliseEmail lower-cases and trims an address, the form in which people are matched
// across bookings, contacts and named posts.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ErrNoOrganisation refuses an organisation_id that names no organisation.
func ErrNoOrganisation(id uint) error {
	return Invalid("organisation_id", "organisation_id %d does not exist (see GET /api/v1/organisations)", id)
}
