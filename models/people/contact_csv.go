package people

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/confer-nhs/confer/models"
)

// MaxImportRows bounds one CSV import, so a runaway file fails fast with a clear message.
const MaxImportRows = 200_000

// ContactRow is one accepted line of a staff-list CSV.
type ContactRow struct {
	Line        int
	Email, Name string
	Attribution models.Attribution
	// Organisation is the matched organisation's name, for a preview to show.
	Organisation                    string
	JobRole, AreaOfWork, ExternalID string
}

// Rejection is one refused CSV line and what to fix.
type Rejection struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// ParsedContacts is a parsed staff list.
type ParsedContacts struct {
	Rows     []ContactRow
	Rejected []Rejection
	// Columns lists the contact columns the file fills (name, organisation_id,
	// staff_group, job_role, area_of_work, external_id): a re-import updates only those,
	// so a file without a job role column does not wipe everyone's job role.
	Columns []string
	// Header is every column as understood; Unused names those the import leaves out.
	Header    []CSVColumn
	Unused    []string
	Delimiter string
	// Problem says why the file cannot be imported as mapped (no email column, say); the
	// rows are not read then. ParseContactsCSV returns it as an error.
	Problem string
}

// ParseContactsCSV reads a staff list: a header row (column names in any order, case and
// punctuation, in the spellings of contactAliases, with mapping overriding any of them),
// then one contact per line, the fields separated by commas, semicolons or tabs. Only
// email is required. Bad lines are rejected with their line number and reason; later
// lines for an email seen before are rejected as duplicates. The error is for a file that
// cannot be read or mapped at all.
func ParseContactsCSV(data []byte, orgs *OrgIndex, mapping ColumnMapping) (*ParsedContacts, error) {
	p, err := readContactsCSV(data, orgs, mapping)
	if err != nil {
		return nil, err
	}
	if p.Problem != "" {
		return nil, models.Invalid("file", "%s", p.Problem)
	}
	return p, nil
}

// readContactsCSV is ParseContactsCSV for a preview: a mapping problem is reported in the
// result, beside the columns, rather than as an error.
func readContactsCSV(data []byte, orgs *OrgIndex, mapping ColumnMapping) (*ParsedContacts, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 byte order mark
	delim := detectDelimiter(data)
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, models.Invalid("file", "the CSV file is empty: it needs a header row such as email,name,organisation code,staff group,job role")
	}
	if err != nil {
		return nil, models.Invalid("file", "line 1: %s", csvReason(err))
	}
	cols, problem, err := mapColumns(header, mapping)
	if err != nil {
		return nil, err
	}
	p := &ParsedContacts{Header: cols, Delimiter: string(delim), Problem: problem}
	for _, c := range cols {
		if c.Field == "" {
			p.Unused = append(p.Unused, c.Header)
		}
	}
	p.Columns = storedColumns(cols)
	if problem != "" {
		for range 20 { // no rows are read, but samples help put the mapping right
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err == nil {
				sample(p.Header, rec)
			}
		}
		return p, nil
	}
	return p, readContactRows(r, p, fieldIndex(cols), orgs)
}

// readContactRows reads every line after the header into p.Rows and p.Rejected.
func readContactRows(r *csv.Reader, p *ParsedContacts, cols map[string]int, orgs *OrgIndex) error {
	seen := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if len(p.Rows)+len(p.Rejected) >= MaxImportRows {
			return models.Invalid("file", "a CSV import can hold at most %d contacts; split the file", MaxImportRows)
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return models.Invalid("file", "the file could not be read: %s", csvReason(err))
			}
			// The reader carries on after a malformed record, so later lines still count.
			p.Rejected = append(p.Rejected, Rejection{Line: pe.StartLine, Reason: csvReason(err)})
			continue
		}
		line, _ := r.FieldPos(0) // a record read without error has at least one field
		sample(p.Header, rec)
		if blankRecord(rec) {
			continue
		}
		row, reason := parseContactRecord(rec, cols, orgs)
		if reason == "" {
			if first, dup := seen[row.Email]; dup {
				reason = fmt.Sprintf("%s appears again here; the line %d copy was kept", row.Email, first)
			}
		}
		if reason != "" {
			p.Rejected = append(p.Rejected, Rejection{Line: line, Reason: reason})
			continue
		}
		row.Line = line
		seen[row.Email] = line
		p.Rows = append(p.Rows, row)
	}
}

// detectDelimiter picks comma, semicolon or tab: whichever the header line (outside
// quotes) holds most of. Excel in much of Europe saves "CSV" with semicolons, and some
// HR systems export tab-separated text.
func detectDelimiter(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, b := range data[:min(len(data), 64<<10)] {
		if b == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if b == '\n' {
			break
		}
		counts[b]++
	}
	best := byte(',')
	for _, d := range []byte{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return rune(best)
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "malformed CSV: " + pe.Err.Error()
	}
	return "malformed CSV: " + err.Error()
}

// fieldIndex maps each used field to its column.
func fieldIndex(cols []CSVColumn) map[string]int {
	out := map[string]int{}
	for _, c := range cols {
		if c.Field != "" {
			out[c.Field] = c.Index
		}
	}
	return out
}

// storedColumns lists the contact columns a file with these columns fills.
func storedColumns(cols []CSVColumn) []string {
	has := fieldIndex(cols)
	var out []string
	for _, f := range []string{FieldName, FieldFirstName, FieldLastName, FieldKnownAs} {
		if _, ok := has[f]; ok {
			out = append(out, "name")
			break
		}
	}
	for _, f := range []string{FieldOrganisation, FieldStaffGroup, FieldJobRole, FieldAreaOfWork, FieldExternalID} {
		if _, ok := has[f]; ok {
			if f == FieldOrganisation {
				f = "organisation_id"
			}
			out = append(out, f)
		}
	}
	return out
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}
