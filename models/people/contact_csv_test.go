package people

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

var testOrgs = NewOrgIndex([]OrgRef{
	{ID: 1, Code: "RAA", Name: "Moorside Hospitals NHS Foundation Trust"},
	{ID: 2, Code: "RBB", Name: "St Lukes Community Health"},
})

func TestParseContactsCSVHeaders(t *testing.T) {
	t.Parallel()
	p, err := ParseContactsCSV([]byte("ORGANISATION CODE;x\n"), testOrgs, nil)
	if err == nil || models.ErrorField(err) != "file" || !strings.Contains(err.Error(), "email column") {
		t.Fatalf("no email column: %v %+v", err, p)
	}
	p, err = ParseContactsCSV([]byte("Email,email\n"), testOrgs, nil)
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("duplicate column: %v", err)
	}
	p, err = ParseContactsCSV([]byte("email,org code\r\nA@B.example,raa\r\n"), testOrgs, nil)
	if err != nil || len(p.Rows) != 1 || p.Rows[0].Email != "a@b.example" || *p.Rows[0].Attribution.OrganisationID != 1 ||
		p.Rows[0].Line != 2 || strings.Join(p.Columns, ",") != "organisation_id" {
		t.Fatalf("CRLF file: %v %+v", err, p)
	}
}

// TestParseContactsCSVDelimiters: the same list separated by commas, semicolons and tabs
// reads the same; a comma inside a quoted semicolon file's field is not a separator.
func TestParseContactsCSVDelimiters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, data, delim string }{
		{"comma", "E-mail,Full Name\nann@t.example,\"Lee, Ann\"\n", ","},
		{"semicolon", "\ufeffE-mail;Full Name\r\nann@t.example;\"Lee, Ann\"\r\n", ";"},
		{"tab", "E-mail\tFull Name\nann@t.example\tLee, Ann\n", "\t"},
		{"quoted header", "\"E-mail; Address\";\"Name, full\"\nann@t.example;\"Lee, Ann\"\n", ";"},
	} {
		p, err := ParseContactsCSV([]byte(tc.data), testOrgs, ColumnMapping{1: FieldName})
		if err != nil || p.Delimiter != tc.delim || len(p.Rows) != 1 || p.Rows[0].Email != "ann@t.example" ||
			p.Rows[0].Name != "Ann Lee" {
			t.Errorf("%s: %v %+v", tc.name, err, p)
		}
	}
}

// TestParseESRExport reads a staff list shaped like an NHS Electronic Staff Record
// export, in its semicolon and comma (BOM, CRLF) forms: every alias is recognised, the
// organisation matched by name or code, names built, and the rest reported.
func TestParseESRExport(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"testdata/esr_staff_list_semicolon.csv", "testdata/esr_staff_list_comma.csv"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseContactsCSV(data, testOrgs, nil)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		type want struct {
			email, name, group, job, area, ext string
			org                                uint
		}
		wants := map[int]want{
			2: {"jane.smith@moorside.nhs.example", "Jane Smith", "Nursing and Midwifery Registered", "Sister/Charge Nurse", "Nursing - Adult", "10012345", 1},
			3: {"bob.obrien@moorside.nhs.example", "Bob O'Brien", "Estates and Ancillary", "Porter", "Portering", "10012346", 1},
			4: {"priya.patel@stlukes.nhs.example", "Priya Patel", "Medical and Dental", "Specialty Doctor", "Medical - Paediatrics", "10012347", 2},
			5: {"zoe.nowak@moorside.nhs.example", "Zoë Nowak", "Allied Health Professionals", "Physiotherapist", "AHP - Physiotherapy", "10012348", 1},
			9: {"aisha.khan@stlukes.nhs.example", "Aisha Khan", "Students", "Student Nurse", "Nursing - Student", "10012352", 2},
		}
		if len(p.Rows) != len(wants) {
			t.Fatalf("%s: %d rows, want %d: %+v %+v", file, len(p.Rows), len(wants), p.Rows, p.Rejected)
		}
		for _, r := range p.Rows {
			w := wants[r.Line]
			if r.Email != w.email || r.Name != w.name || r.Attribution.StaffGroup != w.group || r.JobRole != w.job ||
				r.AreaOfWork != w.area || r.ExternalID != w.ext || r.Attribution.OrganisationID == nil || *r.Attribution.OrganisationID != w.org {
				t.Errorf("%s line %d: %+v, want %+v", file, r.Line, r, w)
			}
		}
		rejected := map[int]string{6: "email is missing", 7: `"Northshire Mental Health Partnership" is not an organisation`,
			8: `staff group "Wizards"`, 10: "the line 2 copy was kept"}
		if len(p.Rejected) != len(rejected) {
			t.Fatalf("%s: rejected %+v", file, p.Rejected)
		}
		for _, r := range p.Rejected {
			if !strings.Contains(r.Reason, rejected[r.Line]) {
				t.Errorf("%s line %d: %q, want %q", file, r.Line, r.Reason, rejected[r.Line])
			}
			if r.Line == 7 && !strings.Contains(r.Reason, "Moorside Hospitals NHS Foundation Trust (RAA); St Lukes Community Health (RBB)") {
				t.Errorf("unknown organisation does not list the known ones: %q", r.Reason)
			}
		}
		if got := strings.Join(p.Unused, "|"); got != "Assignment Number|Position Title|Primary Email|Assignment Status|Headcount" {
			t.Errorf("%s: unused %q", file, got)
		}
		if got := strings.Join(p.Columns, ","); got != "name,organisation_id,staff_group,job_role,area_of_work,external_id" {
			t.Errorf("%s: columns %q", file, got)
		}
	}
}

// TestColumnMappingOverrides: a mapping can use a column the header does not name, drop
// one it does, and take a field from the column that would have had it.
func TestColumnMappingOverrides(t *testing.T) {
	t.Parallel()
	data := []byte("Work Email Address,Primary Email,Col C,Assignment Number\na@t.example,b@t.example,Ann,A1\n")
	p, err := ParseContactsCSV(data, testOrgs, ColumnMapping{1: FieldEmail, 2: FieldName, 3: ""})
	if err != nil || p.Rows[0].Email != "b@t.example" || p.Rows[0].Name != "Ann" || p.Rows[0].ExternalID != "" ||
		strings.Join(p.Unused, "|") != "Work Email Address|Assignment Number" {
		t.Fatalf("overrides: %v %+v", err, p)
	}
	for _, bad := range []ColumnMapping{{9: FieldEmail}, {0: "salary"}, {0: FieldName, 2: FieldName}} {
		if _, err := ParseContactsCSV(data, testOrgs, bad); models.ErrorField(err) != "mapping" {
			t.Errorf("mapping %v: %v", bad, err)
		}
	}
	p, err = readContactsCSV([]byte("Col A,Col B\nann@t.example,Ann\n"), testOrgs, nil)
	if err != nil || !strings.Contains(p.Problem, "email column") || p.Header[0].Sample != "ann@t.example" || len(p.Rows) != 0 {
		t.Fatalf("preview without an email column: %v %+v", err, p)
	}
}

func TestStaffGroupLabels(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  Nursing   and Midwifery  Registered ":           "Nursing and Midwifery Registered",
		"Additional Professional Scientific and Technical": "Add Prof Scientific and Technic",
		"add prof scientific & technic":                    "Add Prof Scientific and Technic",
		"Allied Health Professions":                        "Allied Health Professionals",
		"Estates & Ancillary":                              "Estates and Ancillary",
		"medical and dental":                               "Medical and Dental",
	} {
		if got, ok := models.CanonicalStaffGroup(in); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := models.CanonicalStaffGroup("Nursing"); ok {
		t.Error("a bare word is not a staff group")
	}
}

func TestDisplayName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ full, first, last, known, want string }{
		{"Smith, Jane Mrs", "", "", "", "Jane Smith"},
		{"O'Brien, Zoë Anne Dr.", "", "", "", "Zoë Anne O'Brien"},
		{"Jane  Smith", "", "", "", "Jane Smith"},
		{"", "Jane", "Smith", "", "Jane Smith"},
		{"", "Robert", "Smith", "Bob", "Bob Smith"},
		{"Smith, Robert Mr", "", "", "Bob", "Bob Smith"},
		{"", "", "Smith", "", "Smith"},
		{"", "", "", "", ""},
	} {
		if got := displayName(tc.full, tc.first, tc.last, tc.known); got != tc.want {
			t.Errorf("displayName(%q, %q, %q, %q) = %q, want %q", tc.full, tc.first, tc.last, tc.known, got, tc.want)
		}
	}
}

// FuzzParseContactsCSV feeds the staff-list parser arbitrary bytes and column mappings: it
// must never panic, and whatever it accepts must be a valid, lower-cased, unique address
// with a known organisation and a canonical staff group, on a real line of the file, with
// every column either used or reported unused.
func FuzzParseContactsCSV(f *testing.F) {
	for _, s := range []string{
		"email,name,organisation code,staff group,job role\na@b.example,A,RAA,Other,GP\n",
		"\ufeffEMAIL\n\"a@b.example\"\n\"unterminated\n",
		"email,staff group\na@b.example,nursing and midwifery registered\nA@B.example,Other\n",
		"name\nx\n", "", "email\n\xff@b.example\n", "email,org\n,\n a@b.example , raa \n",
		"Work Email Address;Full Name;Organisation;Staff Group\na@b.example;Smith, Ann Mrs;St. Luke's community health;Estates  &  Ancillary\n",
		"First Name\tSurname\tKnown As\tE-mail\tEmployee Number\nRobert\tSmith\tBob\tb@c.example\t123\n",
	} {
		f.Add([]byte(s), uint8(0), uint8(0))
	}
	data, _ := os.ReadFile("testdata/esr_staff_list_semicolon.csv")
	f.Add(data, uint8(12), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, col, field uint8) {
		var mapping ColumnMapping
		if col > 0 {
			mapping = ColumnMapping{int(col) - 1: ""}
			if int(field) < len(ContactFields) {
				mapping[int(col)-1] = ContactFields[field].Field
			}
		}
		p, err := ParseContactsCSV(data, testOrgs, mapping)
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("error %v is not a 422", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") + 1
		seen := map[string]bool{}
		for _, r := range p.Rows {
			if _, err := models.ParseEmail("email", r.Email); err != nil || r.Email != models.NormaliseEmail(r.Email) || seen[r.Email] {
				t.Fatalf("accepted bad or duplicate email %q", r.Email)
			}
			seen[r.Email] = true
			if r.Line < 2 || r.Line > lines {
				t.Fatalf("row line %d outside 2..%d", r.Line, lines)
			}
			if g := r.Attribution.StaffGroup; g != "" {
				if c, ok := models.CanonicalStaffGroup(g); !ok || c != g {
					t.Fatalf("staff group %q not canonical", g)
				}
			}
			if id := r.Attribution.OrganisationID; id != nil && *id != 1 && *id != 2 {
				t.Fatalf("unknown organisation %d", *id)
			}
			for _, s := range []string{r.Name, r.JobRole, r.AreaOfWork, r.ExternalID} {
				if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") || utf8.RuneCountInString(s) > 200 {
					t.Fatalf("accepted %q", s)
				}
			}
		}
		for _, r := range p.Rejected {
			if r.Line < 1 || r.Reason == "" {
				t.Fatalf("rejection %+v", r)
			}
		}
		used := 0
		for _, c := range p.Header {
			if c.Field != "" {
				used++
			}
		}
		if used+len(p.Unused) != len(p.Header) {
			t.Fatalf("%d columns used and %d unused of %d", used, len(p.Unused), len(p.Header))
		}
	})
}
