package people

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

// The fields a staff-list column can hold. A file names them in its header row, in any of
// the spellings of contactAliases; a person previewing an import can change any of them.
const (
	FieldEmail        = "email"
	FieldName         = "name"
	FieldFirstName    = "first_name"
	FieldLastName     = "last_name"
	FieldKnownAs      = "known_as"
	FieldOrganisation = "organisation"
	FieldStaffGroup   = "staff_group"
	FieldJobRole      = "job_role"
	FieldAreaOfWork   = "area_of_work"
	FieldExternalID   = "external_id"
)

// ContactField is one field a column can be mapped to, with the label the page shows.
type ContactField struct {
	Field string `json:"field"`
	Label string `json:"label"`
}

// ContactFields lists every field in the order the page offers them.
var ContactFields = []ContactField{
	{FieldEmail, "Email"},
	{FieldName, "Full name"},
	{FieldFirstName, "First name"},
	{FieldLastName, "Last name"},
	{FieldKnownAs, "Known as (preferred first name)"},
	{FieldOrganisation, "Organisation (code or name)"},
	{FieldStaffGroup, "Staff group"},
	{FieldJobRole, "Job role"},
	{FieldAreaOfWork, "Area of work"},
	{FieldExternalID, "Employee or assignment number"},
}

func isContactField(f string) bool {
	for _, c := range ContactFields {
		if c.Field == f {
			return true
		}
	}
	return false
}

// alias is one header spelling of a field. When two columns name the same field, the one
// of lower rank is used and the other left over (an ESR export has both an employee and an
// assignment number; the employee number identifies the person). Equal ranks clash.
type alias struct {
	field string
	rank  int
}

// contactAliases maps a header, lower-cased with everything but letters removed (so "Work
// E-mail Address", "work_email_address" and "WORK EMAIL ADDRESS" are one), to its field.
var contactAliases = map[string]alias{
	"workemailaddress": {FieldEmail, 0}, "workemail": {FieldEmail, 0},
	"primaryemail": {FieldEmail, 1}, "primaryemailaddress": {FieldEmail, 1},
	"email": {FieldEmail, 2}, "emailaddress": {FieldEmail, 2},

	"fullname": {FieldName, 0}, "name": {FieldName, 0}, "employeename": {FieldName, 0}, "staffname": {FieldName, 0},
	"firstname": {FieldFirstName, 0}, "forename": {FieldFirstName, 0}, "forenames": {FieldFirstName, 0},
	"givenname": {FieldFirstName, 0},
	"lastname":  {FieldLastName, 0}, "surname": {FieldLastName, 0}, "familyname": {FieldLastName, 0},
	"knownas": {FieldKnownAs, 0}, "preferredname": {FieldKnownAs, 0}, "preferredfirstname": {FieldKnownAs, 0},

	"odscode": {FieldOrganisation, 0}, "organisationcode": {FieldOrganisation, 0},
	"organizationcode": {FieldOrganisation, 0}, "orgcode": {FieldOrganisation, 0},
	"organisation": {FieldOrganisation, 1}, "organization": {FieldOrganisation, 1},
	"organisationname": {FieldOrganisation, 1}, "organizationname": {FieldOrganisation, 1},

	"staffgroup": {FieldStaffGroup, 0},
	"jobrole":    {FieldJobRole, 0}, "jobtitle": {FieldJobRole, 0},
	"role": {FieldJobRole, 1}, "positiontitle": {FieldJobRole, 1},
	"areaofwork": {FieldAreaOfWork, 0},

	"employeenumber": {FieldExternalID, 0}, "employeeno": {FieldExternalID, 0}, "staffnumber": {FieldExternalID, 0},
	"assignmentnumber": {FieldExternalID, 1}, "assignmentno": {FieldExternalID, 1},
}

func headerKey(h string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, h)
}

// ColumnMapping overrides how columns are read: column index (from 0) to field, where ""
// means "do not use this column". Columns it does not name are recognised by header.
type ColumnMapping map[int]string

// CSVColumn is one column of a staff list as the import understands it: Field is ""
// when the column is not used.
type CSVColumn struct {
	Index  int    `json:"index"`
	Header string `json:"header"`
	Field  string `json:"field"`
	// Sample is the column's first value that is not blank, to help choose its field.
	Sample string `json:"sample"`
}

// maxSample bounds a column's sample, which is only a hint.
const maxSample = 80

// sample fills in each column's sample from rec where it has none yet.
func sample(cols []CSVColumn, rec []string) {
	for i := range cols {
		if i < len(rec) && cols[i].Sample == "" && utf8.ValidString(rec[i]) {
			v := strings.TrimSpace(rec[i])
			if utf8.RuneCountInString(v) > maxSample {
				v = string([]rune(v)[:maxSample]) + "…"
			}
			cols[i].Sample = v
		}
	}
}

// mapColumns decides what each header column holds: overrides first, then the header's
// own name. err is for overrides that name no field or column, or fill one field twice.
// problem says why the file cannot be imported as mapped (no email column, two headers
// naming one field): an import refuses it, a preview shows it beside the columns so the
// mapping can be put right.
func mapColumns(header []string, overrides ColumnMapping) (cols []CSVColumn, problem string, err error) {
	cols = make([]CSVColumn, len(header))
	taken := map[string]int{} // field -> column index
	for _, i := range sortedKeys(overrides) {
		f := overrides[i]
		if i < 0 || i >= len(header) {
			return nil, "", models.Invalid("mapping", "column %d is not in the file, which has %d columns", i+1, len(header))
		}
		if f != "" && !isContactField(f) {
			return nil, "", models.Invalid("mapping", "%q is not a contact field; use one of: %s", f, fieldList())
		}
		if j, dup := taken[f]; dup && f != "" {
			return nil, "", models.Invalid("mapping", "columns %d and %d are both mapped to %s", j+1, i+1, fieldLabel(f))
		}
		if f != "" {
			taken[f] = i
		}
		cols[i].Field = f
	}
	rank := map[string]int{}
	for i, h := range header {
		cols[i].Index, cols[i].Header = i, strings.TrimSpace(h)
		if _, set := overrides[i]; set {
			continue
		}
		a, ok := contactAliases[headerKey(h)]
		if !ok {
			continue
		}
		j, dup := taken[a.field]
		switch {
		case !dup:
		case overrides[j] == a.field || rank[a.field] < a.rank:
			continue // an explicit choice or a better-ranked header has the field
		case rank[a.field] == a.rank:
			if problem == "" {
				problem = fmt.Sprintf("the header names the %s column twice (columns %d and %d); choose which to use",
					fieldLabel(a.field), j+1, i+1)
			}
			continue
		default:
			cols[j].Field = "" // this header names the field better
		}
		taken[a.field], rank[a.field] = i, a.rank
		cols[i].Field = a.field
	}
	if _, ok := taken[FieldEmail]; !ok && problem == "" {
		problem = "the header row needs an email column (such as Email or Work Email Address); choose which column holds email addresses"
	}
	return cols, problem, nil
}

func sortedKeys(m ColumnMapping) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}

func fieldLabel(f string) string {
	for _, c := range ContactFields {
		if c.Field == f {
			return strings.ToLower(c.Label)
		}
	}
	return f
}

func fieldList() string {
	names := make([]string, len(ContactFields))
	for i, c := range ContactFields {
		names[i] = c.Field
	}
	return strings.Join(names, ", ") + fmt.Sprintf(" (or %q to leave a column out)", "")
}
