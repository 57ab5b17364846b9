package models

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseContactsCSVHeaders(t *testing.T) {
	codes := map[string]uint{"RAA": 7}
	p, err := ParseContactsCSV([]byte("ORGANISATION CODE;x\n"), codes)
	if err == nil || ErrorField(err) != "file" {
		t.Fatalf("no email column: %v %+v", err, p)
	}
	p, err = ParseContactsCSV([]byte("Email,email\n"), codes)
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("duplicate column: %v", err)
	}
	p, err = ParseContactsCSV([]byte("email,org code\r\nA@B.example,raa\r\n"), codes)
	if err != nil || len(p.Rows) != 1 || p.Rows[0].Email != "a@b.example" || *p.Rows[0].Attribution.OrganisationID != 7 ||
		p.Rows[0].Line != 2 || strings.Join(p.Columns, ",") != "organisation" {
		t.Fatalf("CRLF file: %v %+v", err, p)
	}
}

// FuzzParseContactsCSV feeds the staff-list parser arbitrary bytes: it must never panic,
// and whatever it accepts must be a valid, lower-cased, unique address with a known
// organisation and a canonical staff group, on a real line of the file.
func FuzzParseContactsCSV(f *testing.F) {
	for _, s := range []string{
		"email,name,organisation code,staff group,job role\na@b.example,A,RAA,Other,GP\n",
		"\ufeffEMAIL\n\"a@b.example\"\n\"unterminated\n",
		"email,staff group\na@b.example,nursing and midwifery registered\nA@B.example,Other\n",
		"name\nx\n", "", "email\n\xff@b.example\n", "email,org\n,\n a@b.example , raa \n",
	} {
		f.Add([]byte(s))
	}
	codes := map[string]uint{"RAA": 1, "RBB": 2}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseContactsCSV(data, codes)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error %v is not a 422", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		seen := map[string]bool{}
		for _, r := range p.Rows {
			if _, err := ParseEmail("email", r.Email); err != nil || r.Email != NormaliseEmail(r.Email) || seen[r.Email] {
				t.Fatalf("accepted bad or duplicate email %q", r.Email)
			}
			seen[r.Email] = true
			if r.Line < 2 || r.Line > lines {
				t.Fatalf("row line %d outside 2..%d", r.Line, lines)
			}
			if g := r.Attribution.StaffGroup; g != "" {
				if c, ok := CanonicalStaffGroup(g); !ok || c != g {
					t.Fatalf("staff group %q not canonical", g)
				}
			}
			if id := r.Attribution.OrganisationID; id != nil && *id != 1 && *id != 2 {
				t.Fatalf("unknown organisation %d", *id)
			}
			if !utf8.ValidString(r.Name) || !utf8.ValidString(r.JobRole) {
				t.Fatalf("invalid UTF-8 accepted")
			}
		}
		for _, r := range p.Rejected {
			if r.Line < 1 || r.Reason == "" {
				t.Fatalf("rejection %+v", r)
			}
		}
	})
}
