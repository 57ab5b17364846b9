package server

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/audit"
)

// TestAuditRowsHoldNoPersonalData changes a person (name, email, role) and signs someone
// in, then reads every audit row whole: no email or name appears in any column, the role
// change is summarised with its before and after, and the person is found by the subject
// key of the address they had.
func TestAuditRowsHoldNoPersonalData(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	r := e.do("POST", "/api/v1/people", map[string]any{"email": "Zelda.Quinn@ward.example.org", "name": "Zelda Quinn",
		"role": "facilitator", "job_role": "Ward sister"}, "token", admin)
	if r.Status != 201 {
		t.Fatalf("create: %s", r)
	}
	var p struct{ ID uint }
	r.JSON(t, &p)
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/people/%d", p.ID), map[string]any{"name": "Zelda Quinn-Ortiz",
		"email": "zq@ward.example.org", "role": "comms"}, "token", admin); r.Status != 200 {
		t.Fatalf("update: %s", r)
	}
	raw, err := e.store.CreateSignInToken(t.Context(), "zq@ward.example.org")
	if err != nil {
		t.Fatal(err)
	}
	if r := e.do("POST", "/api/v1/auth/verify", map[string]any{"token": raw}); r.Status != 200 {
		t.Fatalf("verify: %s", r)
	}
	if r := e.do("POST", "/api/v1/auth/verify", map[string]any{"token": "not-a-token"}); r.Status < 400 {
		t.Fatalf("a wrong token signed in: %s", r)
	}
	rows := auditSince(e, 0)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4 (create, update, sign-in, refused sign-in): %+v", len(rows), rows)
	}
	for _, row := range rows {
		text := strings.ToLower(fmt.Sprintf("%+v", row))
		for _, personal := range []string{"zelda", "quinn", "ortiz", "zq@", "ward.example.org", "ward sister", "@"} {
			if strings.Contains(text, personal) {
				t.Errorf("row %d (%s) holds %q: %s", row.ID, row.Action, personal, text)
			}
		}
	}
	create, update, signin, refused := rows[0], rows[1], rows[2], rows[3]
	if create.Action != "people.create" || create.SubjectKey != models.SubjectKey("zelda.quinn@ward.example.org") ||
		create.ObjectKind != "person" || create.ObjectID != fmt.Sprint(p.ID) || create.ActorRole != "admin" {
		t.Errorf("create row: %+v", create)
	}
	if update.Action != "people.update" || update.SubjectKey != create.SubjectKey ||
		!strings.Contains(update.Summary, "role facilitator → comms") || !strings.Contains(update.Summary, "email") ||
		!strings.Contains(update.Summary, "name") {
		t.Errorf("update row: %+v", update)
	}
	if signin.Action != "auth.signin" || signin.ActorID == nil || *signin.ActorID != p.ID || signin.ActorRole != "comms" ||
		signin.Status != 200 || signin.RequestID == "" {
		t.Errorf("sign-in row: %+v", signin)
	}
	if refused.Action != "auth.signin" || refused.ActorID != nil || refused.Status < 400 {
		t.Errorf("refused sign-in row: %+v", refused)
	}
	if res, err := e.store.VerifyAudit(t.Context()); err != nil || res.Break != nil || res.Rows != 4 {
		t.Errorf("verify: %+v %v", res, err)
	}
}

// TestAuditListFiltersAndCSV: admins read the trail newest first, filtered by person
// (id or email), action (exact or a prefix), object and date, paged by id; the CSV has
// the same rows with formula cells made safe, and downloading it is itself audited.
// Anyone else is refused.
func TestAuditListFiltersAndCSV(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin, adminP := e.userToken(models.RoleAdmin, 0)
	other, _ := e.userToken(models.RoleAdmin, 0)
	if err := e.store.DB.Model(adminP).Update("name", "=Formula Admin").Error; err != nil {
		t.Fatal(err)
	}
	var orgIDs []uint
	for i, tok := range []string{admin, other, admin} {
		r := e.do("POST", "/api/v1/organisations", map[string]any{"name": fmt.Sprintf("=HYPERLINK(%d)", i),
			"code": fmt.Sprintf("AF%d", i), "kind": "acute"}, "token", tok)
		if r.Status != 201 {
			t.Fatalf("create org: %s", r)
		}
		var o struct{ ID uint }
		r.JSON(t, &o)
		orgIDs = append(orgIDs, o.ID)
	}
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/organisations/%d", orgIDs[0]), map[string]any{"kind": "community"}, "token", admin); r.Status != 200 {
		t.Fatalf("patch: %s", r)
	}
	list := func(query string) audit.Page {
		t.Helper()
		r := e.do("GET", "/api/v1/audit"+query, nil, "token", admin)
		if r.Status != 200 {
			t.Fatalf("GET /audit%s: %s", query, r)
		}
		var p audit.Page
		r.JSON(t, &p)
		return p
	}
	ids := func(p audit.Page) string {
		var s []string
		for _, it := range p.Items {
			s = append(s, it.Action+"/"+it.ObjectID)
		}
		return strings.Join(s, " ")
	}
	o := func(i int) string { return fmt.Sprint(orgIDs[i]) }
	_ = o
	for _, tc := range []struct{ query, want string }{
		{"", "organisations.update/" + o(0) + " organisations.create/" + o(2) + " organisations.create/" + o(1) + " organisations.create/" + o(0)},
		{"?person=" + fmt.Sprint(adminP.ID) + "&action=organisations.create", "organisations.create/" + o(2) + " organisations.create/" + o(0)},
		{"?person=" + adminP.Email, "organisations.update/" + o(0) + " organisations.create/" + o(2) + " organisations.create/" + o(0)},
		{"?person=nobody@nowhere.example", ""},
		{"?action=organisations.&object_kind=organisation&object_id=" + o(0), "organisations.update/" + o(0) + " organisations.create/" + o(0)},
		{"?limit=2", "organisations.update/" + o(0) + " organisations.create/" + o(2)},
		{"?from=2020-01-01&to=2020-12-31", ""},
	} {
		if got := ids(list(tc.query)); got != tc.want {
			t.Errorf("GET /audit%s: %q, want %q", tc.query, got, tc.want)
		}
	}
	page := list("?limit=2")
	if page.NextBefore == nil || page.Items[0].Actor == nil || page.Items[0].Actor.Email != adminP.Email {
		t.Fatalf("first page: %+v", page)
	}
	if got := ids(list(fmt.Sprintf("?limit=2&before=%d", *page.NextBefore))); got != "organisations.create/"+o(1)+" organisations.create/"+o(0) {
		t.Errorf("second page: %q", got)
	}
	if !strings.Contains(strings.Join(page.Actions, ","), "organisations.create") {
		t.Errorf("actions: %v", page.Actions)
	}

	r := e.do("GET", "/api/v1/audit.csv?object_id="+o(0), nil, "token", admin)
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "audit.csv") {
		t.Fatalf("csv: %s", r)
	}
	recs, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil || len(recs) != 3 || recs[0][0] != "id" || recs[1][6] != "organisations.update" || recs[1][4] != adminP.Email {
		t.Fatalf("csv rows: %v %v", recs, err)
	}
	if recs[1][3] != "'=Formula Admin" || recs[1][9] != "set: kind=community" {
		t.Errorf("actor name %q (want the formula guarded), summary %q", recs[1][3], recs[1][9])
	}
	last := auditSince(e, 0)
	if got := last[len(last)-1]; got.Action != "audit.export" || got.ActorID == nil || *got.ActorID != adminP.ID {
		t.Errorf("the download wrote %+v, want an audit.export row", got)
	}
	e.run([]scenario{
		{name: "bad date", method: "GET", url: "/api/v1/audit?from=7%20Dec", headers: []string{"token", admin}, status: 422, contains: []string{`"field":"from"`}},
		{name: "to before from", method: "GET", url: "/api/v1/audit?from=2026-12-07&to=2026-12-01", headers: []string{"token", admin}, status: 422, contains: []string{`"field":"to"`}},
		{name: "person not an email", method: "GET", url: "/api/v1/audit?person=Zelda", headers: []string{"token", admin}, status: 422, contains: []string{`"field":"person"`}},
		{name: "comms refused", method: "GET", url: "/api/v1/audit", headers: []string{"token", e.tokenFor(models.RoleComms)}, status: 403},
		{name: "facilitator refused csv", method: "GET", url: "/api/v1/audit.csv", headers: []string{"token", e.tokenFor(models.RoleFacilitator)}, status: 403},
	})
}
