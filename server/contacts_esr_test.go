package server

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"os"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/people"
)

// makeNamedOrg creates an organisation with a real-looking name.
func (e *testEnv) makeNamedOrg(code, name string) uint {
	e.t.Helper()
	kind := "acute"
	o, err := e.store.CreateOrganisation(context.Background(), models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

// multipartImport builds a multipart body with the CSV file and, if given, a mapping.
func multipartImport(t *testing.T, csv []byte, mapping map[string]string) ([]byte, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "staff.csv")
	fw.Write(csv)
	if mapping != nil {
		m, _ := json.Marshal(mapping)
		mw.WriteField("mapping", string(m))
	}
	mw.Close()
	return body.Bytes(), mw.FormDataContentType()
}

// TestESRExportImports reproduces issue 12 C: an ESR-shaped export (semicolons, "Work
// Email Address", organisation names, First/Last Name, Known As) was refused whole. Now
// it imports on both databases, names are stored, the refused lines say why (an unknown
// organisation's line lists the known ones) and the unused columns are reported.
func TestESRExportImports(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	moorside := e.makeNamedOrg("RAA", "Moorside Hospitals NHS Foundation Trust")
	stLukes := e.makeNamedOrg("RBB", "St Lukes Community Health")
	comms := e.tokenFor(models.RoleComms)
	for i, file := range []string{"esr_staff_list_semicolon.csv", "esr_staff_list_comma.csv"} {
		data, err := os.ReadFile("../models/people/testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		got := e.importCSV(comms, string(data))
		if created := 5 * (1 - i); got.Created != created || got.Updated != 5-created {
			t.Fatalf("%s: %+v", file, got)
		}
		lines := map[int]string{}
		for _, r := range got.Rejected {
			lines[r.Line] = r.Reason
		}
		if len(lines) != 4 || !strings.Contains(lines[7], "Moorside Hospitals NHS Foundation Trust (RAA); St Lukes Community Health (RBB)") ||
			!strings.Contains(lines[6], "email is missing") {
			t.Fatalf("%s: rejected %+v", file, got.Rejected)
		}
		if strings.Join(got.UnusedColumns, "|") != "Assignment Number|Position Title|Primary Email|Assignment Status|Headcount" {
			t.Fatalf("%s: unused %v", file, got.UnusedColumns)
		}
	}
	var list struct {
		Items []people.ContactResponse
		Total int64
	}
	e.do("GET", "/api/v1/contacts?q=moorside", nil, "token", comms).JSON(t, &list)
	byEmail := map[string]people.ContactResponse{}
	for _, c := range list.Items {
		byEmail[c.Email] = c
	}
	bob := byEmail["bob.obrien@moorside.nhs.example"]
	if list.Total != 3 || bob.Name != "Bob O'Brien" || bob.ExternalID != "10012346" || bob.AreaOfWork != "Portering" ||
		bob.StaffGroup != "Estates and Ancillary" || *bob.OrganisationID != moorside || byEmail["jane.smith@moorside.nhs.example"].Name != "Jane Smith" {
		t.Fatalf("stored contacts: %+v", list.Items)
	}
	e.do("GET", "/api/v1/contacts?q=priya", nil, "token", comms).JSON(t, &list)
	if list.Total != 1 || *list.Items[0].OrganisationID != stLukes || list.Items[0].StaffGroup != "Medical and Dental" {
		t.Fatalf("matched by a name written with punctuation: %+v", list.Items)
	}
}

// TestImportedNamesGreetPeople: a list with First Name and Last Name columns only used to
// store no names, so the campaign greeted everyone "colleague".
func TestImportedNamesGreetPeople(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	author, admin := e.tokenFor(models.RoleComms), e.tokenFor(models.RoleAdmin)
	e.importCSV(author, "Forename;Surname;Known As;E-mail\nRobert;Smith;Bob;bob@trust.example\nAnn;Lee;;ann@trust.example\n")
	c := e.approvedCampaign(author, admin, newsletter("N", "Hello", "Dear {{first_name}},\n\nNews."))
	if r := e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author); r.Status != 200 {
		t.Fatalf("send: %s", r)
	}
	for addr, greeting := range map[string]string{"bob@trust.example": "Dear Bob,", "ann@trust.example": "Dear Ann,"} {
		m := e.waitForMails(addr, 1)[0]
		if !strings.Contains(m.Text, greeting) {
			t.Errorf("mail to %s: %q, want %q", addr, m.Text, greeting)
		}
	}
}

// TestContactImportPreview: the preview reads the file as the import would, with the
// same mapping overrides, and writes nothing; the import then takes the same mapping.
func TestContactImportPreview(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.makeNamedOrg("RAA", "Moorside Hospitals NHS Foundation Trust")
	comms := e.tokenFor(models.RoleComms)
	e.importCSV(comms, "email\nann@trust.example\n")
	csv := []byte("Staff;Contact;Trust;Staff Group\nAnn Lee;ann@trust.example;raa;Students\nBob;bob@trust.example;Nowhere;\nCat;not-an-email;RAA;\n")

	var p people.ImportPreviewResponse
	r := e.do("POST", "/api/v1/contacts/import/preview", csv, "token", comms, "Content-Type", "text/csv")
	r.JSON(t, &p)
	if r.Status != 200 || !strings.Contains(p.Problem, "email column") || p.Delimiter != ";" || len(p.Columns) != 4 ||
		p.Columns[1].Sample != "ann@trust.example" || p.Columns[3].Field != peoplemodel.FieldStaffGroup || len(p.Rows) != 0 || len(p.Fields) == 0 {
		t.Fatalf("preview without an email column: %s", r)
	}
	body, ctype := multipartImport(t, csv, map[string]string{"0": "name", "1": "email", "2": "organisation"})
	r = e.do("POST", "/api/v1/contacts/import/preview", body, "token", comms, "Content-Type", ctype)
	r.JSON(t, &p)
	if r.Status != 200 || p.Problem != "" || p.Accepted != 1 || p.Updated != 1 || p.Created != 0 || len(p.Rows) != 1 ||
		p.Rows[0].Name != "Ann Lee" || p.Rows[0].Organisation != "Moorside Hospitals NHS Foundation Trust" ||
		p.Rows[0].StaffGroup != "Students" || p.RejectedTotal != 2 || len(p.Rejected) != 2 || len(p.UnusedColumns) != 0 {
		t.Fatalf("mapped preview: %s", r)
	}
	if !strings.Contains(p.Rejected[0].Reason, "Moorside Hospitals NHS Foundation Trust (RAA)") {
		t.Errorf("unknown organisation: %+v", p.Rejected[0])
	}
	if n := e.countAudience(comms, "notice"); n != 1 {
		t.Fatalf("the preview wrote contacts: %d", n)
	}
	// The import takes the same mapping, as a multipart field or (raw body) a query parameter.
	r = e.do("POST", "/api/v1/contacts/import", body, "token", comms, "Content-Type", ctype)
	var got people.ImportResponse
	r.JSON(t, &got)
	if r.Status != 200 || got.Updated != 1 || len(got.Rejected) != 2 {
		t.Fatalf("mapped import: %s", r)
	}
	q := "?mapping=%7B%221%22%3A%22email%22%2C%222%22%3A%22%22%7D" // {"1":"email","2":""}
	r = e.do("POST", "/api/v1/contacts/import"+q, csv, "token", comms, "Content-Type", "text/csv")
	r.JSON(t, &got)
	if r.Status != 200 || got.Created != 1 || got.Updated != 1 || strings.Join(got.UnusedColumns, "|") != "Staff|Trust" {
		t.Fatalf("import mapped by query: %s", r)
	}
	ct := []string{"token", comms, "Content-Type", "text/csv"}
	e.run([]scenario{
		{name: "no email column", method: "POST", url: "/api/v1/contacts/import", body: string(csv), headers: ct, status: 422, contains: []string{"email column", `"field":"file"`}},
		{name: "mapping to no field", method: "POST", url: "/api/v1/contacts/import/preview?mapping=%7B%220%22%3A%22salary%22%7D", body: string(csv), headers: ct, status: 422, contains: []string{`"field":"mapping"`}},
		{name: "mapping not JSON", method: "POST", url: "/api/v1/contacts/import/preview?mapping=x", body: string(csv), headers: ct, status: 422, contains: []string{`"field":"mapping"`}},
		{name: "mapping past the last column", method: "POST", url: "/api/v1/contacts/import?mapping=%7B%229%22%3A%22email%22%7D", body: string(csv), headers: ct, status: 422, contains: []string{`"field":"mapping"`}},
		{name: "empty preview", method: "POST", url: "/api/v1/contacts/import/preview", body: "", headers: ct, status: 422, contains: []string{`"field":"file"`}},
		{name: "facilitator preview", method: "POST", url: "/api/v1/contacts/import/preview", body: "email\na@b.example\n", headers: []string{"token", e.tokenFor(models.RoleFacilitator), "Content-Type", "text/csv"}, status: 403},
		{name: "anonymous preview", method: "POST", url: "/api/v1/contacts/import/preview", body: "email\na@b.example\n", headers: []string{"Content-Type", "text/csv"}, status: 401},
	})
}
