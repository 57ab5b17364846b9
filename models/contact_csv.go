package models

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxImportRows bounds one CSV import, so a runaway file fails fast with a clear message.
const MaxImportRows = 200_000

// ContactRow is one accepted line of a staff-list CSV.
type ContactRow struct {
	Line        int
	Email, Name string
	Attribution Attribution
	JobRole     string
}

// Rejection is one refused CSV line and what to fix.
type Rejection struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// csvColumns maps a header, lower-cased with everything but letters removed, to a column.
var csvColumns = map[string]string{
	"email": "email", "emailaddress": "email",
	"name": "name", "fullname": "name",
	"organisationcode": "organisation", "organizationcode": "organisation", "orgcode": "organisation",
	"organisation": "organisation", "odscode": "organisation",
	"staffgroup": "staff_group",
	"jobrole":    "job_role", "role": "job_role", "jobtitle": "job_role",
}

func headerKey(h string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, h)
}

// ParseContactsCSV reads a staff list: a header row naming the columns email, name,
// organisation code, staff group and job role in any order and case (only email is
// required), then one contact per line. codes maps organisation codes to ids. Bad lines
// are rejected with their line number and reason; later lines for an email seen before
// are rejected as duplicates. The error is for a file that cannot be read at all.
func ParseContactsCSV(data []byte, codes map[string]uint) (*ParsedContacts, error) {
	rows, rejected, cols, err := parseContactsCSV(data, codes)
	if err != nil {
		return nil, err
	}
	p := &ParsedContacts{Rows: rows, Rejected: rejected}
	for _, col := range []string{"name", "organisation", "staff_group", "job_role"} {
		if _, ok := cols[col]; ok {
			p.Columns = append(p.Columns, col)
		}
	}
	return p, nil
}

// ParsedContacts is a parsed staff list. Columns lists the optional columns the file has
// (name, organisation, staff_group, job_role): a re-import updates only those, so a file
// without a job role column does not wipe everyone's job role.
type ParsedContacts struct {
	Rows     []ContactRow
	Rejected []Rejection
	Columns  []string
}

func parseContactsCSV(data []byte, codes map[string]uint) ([]ContactRow, []Rejection, map[string]int, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 byte order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, nil, Invalid("file", "the CSV file is empty: it needs a header row such as email,name,organisation code,staff group,job role")
	}
	if err != nil {
		return nil, nil, nil, Invalid("file", "line 1: %s", csvReason(err))
	}
	cols, err := headerColumns(header)
	if err != nil {
		return nil, nil, nil, err
	}
	var (
		rows     []ContactRow
		rejected []Rejection
		seen     = map[string]int{}
	)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if len(rows)+len(rejected) >= MaxImportRows {
			return nil, nil, nil, Invalid("file", "a CSV import can hold at most %d contacts; split the file", MaxImportRows)
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, nil, nil, Invalid("file", "the file could not be read: %s", csvReason(err))
			}
			// The reader carries on after a malformed record, so later lines still count.
			rejected = append(rejected, Rejection{Line: pe.StartLine, Reason: csvReason(err)})
			continue
		}
		line, _ := r.FieldPos(0) // a record read without error has at least one field
		if blankRecord(rec) {
			continue
		}
		row, reason := parseContactRecord(rec, cols, codes)
		if reason == "" {
			if first, dup := seen[row.Email]; dup {
				reason = fmt.Sprintf("%s appears again here; the line %d copy was kept", row.Email, first)
			}
		}
		if reason != "" {
			rejected = append(rejected, Rejection{Line: line, Reason: reason})
			continue
		}
		row.Line = line
		seen[row.Email] = line
		rows = append(rows, row)
	}
	return rows, rejected, cols, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "malformed CSV: " + pe.Err.Error()
	}
	return "malformed CSV: " + err.Error()
}

func headerColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		col, ok := csvColumns[headerKey(h)]
		if !ok {
			continue // extra columns in an export are ignored
		}
		if _, dup := cols[col]; dup {
			return nil, Invalid("file", "the header names the %s column twice", strings.ReplaceAll(col, "_", " "))
		}
		cols[col] = i
	}
	if _, ok := cols["email"]; !ok {
		return nil, Invalid("file", "the header row needs an email column (columns: email, name, organisation code, staff group, job role)")
	}
	return cols, nil
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseContactRecord validates one line; reason says what to fix when it is refused.
func parseContactRecord(rec []string, cols map[string]int, codes map[string]uint) (ContactRow, string) {
	get := func(col string) string {
		if i, ok := cols[col]; ok && i < len(rec) {
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
	email, err := ParseEmail("email", get("email"))
	if err != nil {
		if get("email") == "" {
			return row, "email is missing"
		}
		return row, fmt.Sprintf("%q is not an email address", get("email"))
	}
	row.Email = NormaliseEmail(email)
	if row.Name = get("name"); utf8.RuneCountInString(row.Name) > 200 || strings.ContainsAny(row.Name, "\r\n") {
		return row, "name must be one line of at most 200 characters"
	}
	if row.JobRole = get("job_role"); utf8.RuneCountInString(row.JobRole) > 200 || strings.ContainsAny(row.JobRole, "\r\n") {
		return row, "job role must be one line of at most 200 characters"
	}
	var orgID *uint
	if code := strings.ToUpper(get("organisation")); code != "" {
		id, ok := codes[code]
		if !ok {
			return row, fmt.Sprintf("organisation code %q is not an organisation in Confer", code)
		}
		orgID = &id
	}
	// ParseAttribution validates the staff group; the organisation is already known to
	// exist (codes came from the database), so it is set here without another query.
	a, err := ParseAttribution(nil, nil, get("staff_group"))
	if err != nil {
		return row, fmt.Sprintf("staff group %q is not one of: %s", get("staff_group"), strings.Join(StaffGroups, "; "))
	}
	a.OrganisationID = orgID
	row.Attribution = a
	return row, ""
}
