package server

import (
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/people"
)

func TestOrganisationsCRUD(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	r := e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside Hospitals", "code": "rmt",
		"kind": "acute", "email_domains": []string{"@Moorside.nhs.example", "moorside.nhs.example"}}, "token", admin)
	var org people.OrganisationResponse
	r.JSON(t, &org)
	if r.Status != 201 || org.Code != "RMT" || len(org.EmailDomains) != 1 || org.EmailDomains[0] != "moorside.nhs.example" {
		t.Fatalf("create: %s", r)
	}
	id := itoa(org.ID)
	e.run([]scenario{
		{name: "public list", method: "GET", url: "/api/v1/organisations", status: 200, contains: []string{"Moorside Hospitals"}},
		{name: "public get", method: "GET", url: "/api/v1/organisations/" + id, status: 200, contains: []string{`"code":"RMT"`}},
		{name: "rename", method: "PATCH", url: "/api/v1/organisations/" + id, body: map[string]any{"name": "Moorside Teaching Hospitals"},
			headers: []string{"token", admin}, status: 200, contains: []string{"Moorside Teaching Hospitals", "moorside.nhs.example"}},
		{name: "missing", method: "GET", url: "/api/v1/organisations/99999", status: 404, contains: []string{"organisation not found"}},
		{name: "bad id", method: "GET", url: "/api/v1/organisations/abc", status: 400, contains: []string{`"field":"id"`}},
	})
	// A person with a matching email lands in the organisation.
	r = e.do("POST", "/api/v1/people", map[string]any{"email": "Nurse@ward7.Moorside.nhs.example", "name": "N",
		"staff_group": "nursing and midwifery registered"}, "token", admin)
	var p people.PersonResponse
	r.JSON(t, &p)
	if r.Status != 201 || p.OrganisationID == nil || *p.OrganisationID != org.ID || p.StaffGroup != "Nursing and Midwifery Registered" || p.Email != "nurse@ward7.moorside.nhs.example" {
		t.Fatalf("person by domain: %s", r)
	}
	if r := e.do("DELETE", "/api/v1/organisations/"+id, nil, "token", admin); r.Status != 409 {
		t.Fatalf("delete an organisation with people: %s", r)
	}
	other := e.do("POST", "/api/v1/organisations", map[string]any{"name": "Empty", "code": "EMP", "kind": "other"}, "token", admin)
	var empty people.OrganisationResponse
	other.JSON(t, &empty)
	if r := e.do("DELETE", "/api/v1/organisations/"+itoa(empty.ID), nil, "token", admin); r.Status != 204 {
		t.Fatalf("delete: %s", r)
	}
}

// TestBadInputChangesNothing sends each kind of bad input and checks the error names what
// to fix and that stored organisations and people are exactly as before.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	auth := []string{"token", admin}
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Riverbank", "code": "RRB", "kind": "acute", "email_domains": []string{"riverbank.example"}}, auth...)
	before := e.do("GET", "/api/v1/organisations", nil).Body
	peopleBefore := e.do("GET", "/api/v1/people", nil, auth...).Body

	huge := `{"name":"` + strings.Repeat("x", 2<<20) + `","code":"BIG","kind":"acute"}`
	e.run([]scenario{
		{name: "malformed JSON", method: "POST", url: "/api/v1/organisations", body: `{"name": "A",`, headers: auth, status: 400, contains: []string{"malformed JSON"}},
		{name: "not an object", method: "POST", url: "/api/v1/organisations", body: `[1,2]`, headers: auth, status: 400, contains: []string{"JSON object"}},
		{name: "trailing data", method: "POST", url: "/api/v1/organisations", body: `{"name":"A","code":"AA","kind":"acute"} {}`, headers: auth, status: 400},
		{name: "empty body", method: "POST", url: "/api/v1/organisations", body: ``, headers: auth, status: 400},
		{name: "unknown field", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "A", "code": "AA", "kind": "acute", "colour": "red"}, headers: auth, status: 400, contains: []string{`"field":"colour"`}},
		{name: "wrong type", method: "POST", url: "/api/v1/organisations", body: `{"name": 5, "code":"AA", "kind":"acute"}`, headers: auth, status: 400, contains: []string{`"field":"name"`, "a string"}},
		{name: "missing name", method: "POST", url: "/api/v1/organisations", body: map[string]any{"code": "AA", "kind": "acute"}, headers: auth, status: 422, contains: []string{`"field":"name"`}},
		{name: "missing kind", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "A", "code": "AA"}, headers: auth, status: 422, contains: []string{`"field":"kind"`}},
		{name: "bad kind", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "A", "code": "AA", "kind": "hospital"}, headers: auth, status: 422, contains: []string{`"field":"kind"`, "mental_health"}},
		{name: "bad code", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "A", "code": "R-1!", "kind": "acute"}, headers: auth, status: 422, contains: []string{`"field":"code"`}},
		{name: "bad domain", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "A", "code": "AA", "kind": "acute", "email_domains": []string{"not a domain"}}, headers: auth, status: 422, contains: []string{`"field":"email_domains"`}},
		{name: "taken domain", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "A", "code": "AA", "kind": "acute", "email_domains": []string{"riverbank.example"}}, headers: auth, status: 409, contains: []string{`"field":"email_domains"`}},
		{name: "duplicate code", method: "POST", url: "/api/v1/organisations", body: map[string]any{"name": "Other", "code": "rrb", "kind": "acute"}, headers: auth, status: 409, contains: []string{`"field":"code"`}},
		{name: "oversized body", method: "POST", url: "/api/v1/organisations", body: huge, headers: auth, status: 413, contains: []string{"too large"}},
		{name: "invalid email", method: "POST", url: "/api/v1/people", body: map[string]any{"email": "not-an-email", "name": "A"}, headers: auth, status: 422, contains: []string{`"field":"email"`}},
		{name: "email with display name", method: "POST", url: "/api/v1/people", body: map[string]any{"email": "A <a@b.example>", "name": "A"}, headers: auth, status: 422, contains: []string{`"field":"email"`}},
		{name: "bad staff group", method: "POST", url: "/api/v1/people", body: map[string]any{"email": "a@b.example", "name": "A", "staff_group": "Doctors"}, headers: auth, status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "bad role", method: "POST", url: "/api/v1/people", body: map[string]any{"email": "a@b.example", "name": "A", "role": "root"}, headers: auth, status: 422, contains: []string{`"field":"role"`}},
		{name: "unknown organisation", method: "POST", url: "/api/v1/people", body: map[string]any{"email": "a@b.example", "name": "A", "organisation_id": 999}, headers: auth, status: 422, contains: []string{`"field":"organisation_id"`}},
		{name: "invalid sign-in email", method: "POST", url: "/api/v1/auth/signin", body: map[string]any{"email": "nope"}, status: 422, contains: []string{`"field":"email"`}},
		{name: "bad page", method: "GET", url: "/api/v1/people?page=-1", headers: auth, status: 400, contains: []string{`"field":"page"`}},
		{name: "unknown API route", method: "GET", url: "/api/v1/nothing-here", headers: auth, status: 404, contains: []string{`"error"`}},
	})
	if after := e.do("GET", "/api/v1/organisations", nil).Body; string(after) != string(before) {
		t.Fatalf("organisations changed:\n%s\n%s", before, after)
	}
	if after := e.do("GET", "/api/v1/people", nil, auth...).Body; string(after) != string(peopleBefore) {
		t.Fatalf("people changed:\n%s\n%s", peopleBefore, after)
	}
}

func TestPeopleSearchAndUpdate(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	auth := []string{"token", admin}
	for _, p := range []map[string]any{
		{"email": "priya.patel@a.example", "name": "Priya Patel", "staff_group": "Medical and Dental", "job_role": "Consultant"},
		{"email": "ben.brown@a.example", "name": "Ben Brown", "staff_group": "Students", "job_role": "Student Nurse"},
		{"email": "Ben.Brown@A.example", "name": "Dup"},
	} {
		e.do("POST", "/api/v1/people", p, auth...)
	}
	var page people.PeoplePage
	e.do("GET", "/api/v1/people?q=PATEL", nil, auth...).JSON(t, &page)
	if page.Total != 1 || page.Items[0].Name != "Priya Patel" {
		t.Fatalf("search: %+v", page)
	}
	e.do("GET", "/api/v1/people?staff_group=students", nil, auth...).JSON(t, &page)
	if page.Total != 1 || page.Items[0].Email != "ben.brown@a.example" {
		t.Fatalf("filter by staff group (case-insensitive): %+v", page)
	}
	e.do("GET", "/api/v1/people?q=%25", nil, auth...).JSON(t, &page)
	if page.Total != 0 {
		t.Fatalf("a %% in the search must match literally: %+v", page)
	}
	e.do("GET", "/api/v1/people?q=ben.brown", nil, auth...).JSON(t, &page)
	if page.Total != 1 {
		t.Fatalf("a duplicate email was stored: %+v", page)
	}
	r := e.do("PATCH", "/api/v1/people/"+itoa(page.Items[0].ID), map[string]any{"role": "comms", "job_role": "Comms Officer"}, auth...)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"role":"comms"`) {
		t.Fatalf("update: %s", r)
	}
}
