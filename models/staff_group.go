package models

import "strings"

// StaffGroups are the nine staff groups of the NHS Electronic Staff Record plus four for
// people outside it, written exactly as the API returns them.
var StaffGroups = []string{
	"Add Prof Scientific and Technic",
	"Additional Clinical Services",
	"Administrative and Clerical",
	"Allied Health Professionals",
	"Estates and Ancillary",
	"Healthcare Scientists",
	"Medical and Dental",
	"Nursing and Midwifery Registered",
	"Students",
	"Social Care",
	"Voluntary and Community Sector",
	"Patient or Public",
	"Other",
}

var staffGroupByFold = func() map[string]string {
	m := make(map[string]string, len(StaffGroups)+len(esrStaffGroupAliases))
	for _, g := range StaffGroups {
		m[staffGroupKey(g)] = g
	}
	for alias, g := range esrStaffGroupAliases {
		m[staffGroupKey(alias)] = g
	}
	return m
}()

// CanonicalStaffGroup returns the label as written in StaffGroups for any casing and
// spacing of it, or of the other way ESR writes it (esrStaffGroupAliases), and false for
// anything that is not a staff group.
func CanonicalStaffGroup(s string) (string, bool) {
	g, ok := staffGroupByFold[staffGroupKey(s)]
	return g, ok
}

// ParseStaffGroup validates an optional staff group from a request field: empty stays
// empty, anything else must be one of StaffGroups.
func ParseStaffGroup(field, s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	g, ok := CanonicalStaffGroup(s)
	if !ok {
		return "", Invalid(field, "%s must be one of: %s", field, strings.Join(StaffGroups, "; "))
	}
	return g, nil
}
