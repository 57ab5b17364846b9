package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	privacymodel "github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/server/people"
)

// TestContactLeavers: a re-import with mark_missing_left marks the contacts of the file's
// organisations that it no longer names as left (another organisation's staff are not
// touched), the contact list shows it, a later list naming them again clears it, and
// RemoveLeavers deletes those who left before its date and no one else. A file that
// cannot say whose list it is, or has refused lines, marks no one and stores nothing.
func TestContactLeavers(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	e.makeOrg("RQK")
	e.makeOrg("RZZ")
	comms := e.tokenFor(models.RoleComms)
	const head = "Email,Name,Organisation Code,Staff Group\n"
	e.importCSV(comms, head+"a@rqk.example,A,RQK,Medical and Dental\nb@rqk.example,B,RQK,Medical and Dental\n"+
		"c@rqk.example,C,RQK,Medical and Dental\nz@rzz.example,Z,RZZ,Medical and Dental\n")

	mark := func(csv string) (resp, people.ImportResponse) {
		r := e.do("POST", "/api/v1/contacts/import?mark_missing_left=true", csv, "token", comms, "Content-Type", "text/csv")
		var out people.ImportResponse
		if r.Status == 200 {
			r.JSON(t, &out)
		}
		return r, out
	}
	r, out := mark(head + "a@rqk.example,A,RQK,Medical and Dental\nb@rqk.example,B,RQK,Medical and Dental\n")
	if r.Status != 200 || out.MarkedLeft != 1 {
		t.Fatalf("re-import: %s", r)
	}
	left := func() []string {
		var out []string
		e.store.DB.Raw(`SELECT email FROM contacts WHERE left_at IS NOT NULL ORDER BY email`).Scan(&out)
		return out
	}
	if got := left(); len(got) != 1 || got[0] != "c@rqk.example" {
		t.Fatalf("left after re-import: %v", got)
	}
	lr := e.do("GET", "/api/v1/contacts?q=c@rqk", nil, "token", comms)
	if !strings.Contains(string(lr.Body), `"left_at":"20`) {
		t.Errorf("the contact list does not show the leaver: %s", lr)
	}

	e.run([]scenario{
		{name: "no organisation column", method: "POST", url: "/api/v1/contacts/import?mark_missing_left=true",
			body: "Email,Name\nq@rqk.example,Q\n", headers: []string{"token", comms, "Content-Type", "text/csv"},
			status: 422, contains: []string{`"field":"mark_missing_left"`}},
		{name: "refused line", method: "POST", url: "/api/v1/contacts/import?mark_missing_left=true",
			body:    head + "q@rqk.example,Q,RQK,Medical and Dental\nnot-an-address,R,RQK,Medical and Dental\n",
			headers: []string{"token", comms, "Content-Type", "text/csv"}, status: 422, contains: []string{`"field":"mark_missing_left"`}},
		{name: "bad option", method: "POST", url: "/api/v1/contacts/import?mark_missing_left=perhaps",
			body: head + "q@rqk.example,Q,RQK,Medical and Dental\n", headers: []string{"token", comms, "Content-Type", "text/csv"},
			status: 422, contains: []string{`"field":"mark_missing_left"`}},
	})
	var n int64
	e.store.DB.Raw(`SELECT COUNT(*) FROM contacts WHERE email = 'q@rqk.example'`).Scan(&n)
	if n != 0 {
		t.Fatal("a refused import stored a contact")
	}

	// Back on the list: no longer a leaver.
	if r, out := mark(head + "a@rqk.example,A,RQK,Medical and Dental\nb@rqk.example,B,RQK,Medical and Dental\nc@rqk.example,C,RQK,Medical and Dental\n"); r.Status != 200 || out.MarkedLeft != 0 {
		t.Fatalf("re-import with c: %s", r)
	}
	if got := left(); len(got) != 0 {
		t.Fatalf("still left after rejoining: %v", got)
	}
	if r, _ := mark(head + "a@rqk.example,A,RQK,Medical and Dental\n"); r.Status != 200 {
		t.Fatal(r)
	}
	ctx := context.Background()
	store := privacymodel.Of(e.store)
	if n, err := store.RemoveLeavers(ctx, time.Now().UTC().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("removed leavers who left after the date: %d, %v", n, err)
	}
	if n, err := store.RemoveLeavers(ctx, time.Now().UTC().Add(time.Minute)); err != nil || n != 2 {
		t.Fatalf("RemoveLeavers = %d, %v; want 2", n, err)
	}
	var emails []string
	e.store.DB.Raw(`SELECT email FROM contacts ORDER BY email`).Scan(&emails)
	if strings.Join(emails, ",") != "a@rqk.example,z@rzz.example" {
		t.Fatalf("contacts after removing leavers: %v", emails)
	}
}
