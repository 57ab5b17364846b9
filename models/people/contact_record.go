package people

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

// parseContactRecord validates one line; reason says what to fix when it is refused.
func parseContactRecord(rec []string, cols map[string]int, orgs *OrgIndex) (ContactRow, string) {
	get := func(field string) string {
		if i, ok := cols[field]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var row ContactRow
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return row, "the line is not valid UTF-8 text (save the file as CSV UTF-8)"
		}
	}
	email, err := models.ParseEmail("email", get(FieldEmail))
	if err != nil {
		if get(FieldEmail) == "" {
			return row, "email is missing"
		}
		return row, fmt.Sprintf("%q is not an email address", get(FieldEmail))
	}
	row.Email = models.NormaliseEmail(email)
	row.Name = displayName(get(FieldName), get(FieldFirstName), get(FieldLastName), get(FieldKnownAs))
	row.JobRole, row.AreaOfWork, row.ExternalID = get(FieldJobRole), get(FieldAreaOfWork), get(FieldExternalID)
	for _, c := range []struct {
		what  string
		value string
		max   int
	}{{"name", row.Name, 200}, {"job role", row.JobRole, 200}, {"area of work", row.AreaOfWork, 200},
		{"employee or assignment number", row.ExternalID, 64}} {
		if utf8.RuneCountInString(c.value) > c.max || strings.ContainsAny(c.value, "\r\n") {
			return row, fmt.Sprintf("%s must be one line of at most %d characters", c.what, c.max)
		}
	}
	var orgID *uint
	if cell := get(FieldOrganisation); cell != "" {
		o, ok := orgs.Find(cell)
		if !ok {
			return row, orgs.unknownReason(cell)
		}
		orgID, row.Organisation = &o.ID, o.Name
	}
	// ParseAttribution validates the staff group; the organisation is already known to
	// exist (the index came from the database), so it is set here without another query.
	a, err := models.ParseAttribution(nil, nil, get(FieldStaffGroup))
	if err != nil {
		return row, fmt.Sprintf("staff group %q is not one of: %s", get(FieldStaffGroup), strings.Join(models.StaffGroups, "; "))
	}
	a.OrganisationID = orgID
	row.Attribution = a
	return row, ""
}

// displayName is the name a contact is greeted by. A preferred first name ("Known As")
// goes before the surname; otherwise the full name, turned from ESR's "Surname,
// Forenames Title" into "Forenames Surname"; otherwise first and last name.
func displayName(full, first, last, knownAs string) string {
	switch {
	case knownAs != "" && last != "":
		return knownAs + " " + last
	case full != "":
		full = unSurnameFirst(full)
		if knownAs != "" {
			if _, rest, ok := strings.Cut(full, " "); ok {
				return knownAs + " " + rest
			}
			return knownAs
		}
		return full
	}
	given := first
	if knownAs != "" {
		given = knownAs
	}
	return strings.TrimSpace(given + " " + last)
}

// titles are the honorifics ESR appends to a full name ("Smith, Jane Mrs").
var titles = map[string]bool{"mr": true, "mrs": true, "miss": true, "ms": true, "mx": true, "dr": true, "prof": true,
	"professor": true, "sir": true, "dame": true, "rev": true}

// unSurnameFirst turns "Surname, Forenames Title" into "Forenames Surname"; any other
// name is returned with its spaces tidied.
func unSurnameFirst(name string) string {
	surname, given, ok := strings.Cut(name, ",")
	if !ok || strings.Contains(given, ",") {
		return strings.Join(strings.Fields(name), " ")
	}
	words := strings.Fields(given)
	for len(words) > 0 && titles[strings.ToLower(strings.Trim(words[len(words)-1], "."))] {
		words = words[:len(words)-1]
	}
	return strings.Join(append(words, strings.Fields(surname)...), " ")
}
