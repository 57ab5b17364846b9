package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/people"
)

func TestContactImportReportsEveryRejectedLine(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	raa := e.makeOrg("RAA")
	comms := e.tokenFor(models.RoleComms)
	csv := "\ufeffJob Role,E-mail Address,NAME,organisation_code,Staff group,Notes\n" + // BOM, any order and case, extra column
		"Staff Nurse,Ann@Trust.example,Ann Lee,raa,nursing and midwifery registered,x\n" + // line 2: ok
		"Porter,not-an-email,Bob,RAA,Estates and Ancillary,\n" + // line 3
		"Porter,cat@trust.example,Cat,ZZZ,Estates and Ancillary,\n" + // line 4
		"Porter,dan@trust.example,Dan,RAA,Wizards,\n" + // line 5
		",,,,,\n" + // line 6: blank, ignored
		"GP,ann@trust.example,Ann Again,RAA,,\n" + // line 7: duplicate of line 2
		"GP,\"eve@trust.example\",\"Eve \"\"E\"\" Ng\",,Medical and Dental\n" + // line 8: ok, fewer fields
		"GP,fay@trust.example,Fay \"bad quote,,\n" // line 9: malformed CSV
	got := e.importCSV(comms, csv)
	if got.Created != 2 || got.Updated != 0 {
		t.Fatalf("import: %+v", got)
	}
	want := map[int]string{3: "not an email", 4: `"ZZZ" is not an organisation`, 5: `staff group "Wizards"`, 7: "the line 2 copy was kept", 9: "malformed CSV"}
	if len(got.Rejected) != len(want) {
		t.Fatalf("rejected %+v, want lines %v", got.Rejected, want)
	}
	for _, r := range got.Rejected {
		if !strings.Contains(r.Reason, want[r.Line]) {
			t.Errorf("line %d: reason %q, want it to mention %q", r.Line, r.Reason, want[r.Line])
		}
	}
	var list struct {
		Items []people.ContactResponse
		Total int64
	}
	e.do("GET", "/api/v1/contacts?q=ann", nil, "token", comms).JSON(t, &list)
	if list.Total != 1 || list.Items[0].Email != "ann@trust.example" || *list.Items[0].OrganisationID != raa ||
		list.Items[0].StaffGroup != "Nursing and Midwifery Registered" || list.Items[0].JobRole != "Staff Nurse" {
		t.Fatalf("list: %+v", list)
	}

	// Re-import as multipart: Ann is updated, Gus is created.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "staff.csv")
	fw.Write([]byte("email,name,staff group\nann@trust.example,Ann Lee-Smith,Medical and Dental\ngus@trust.example,Gus,\n"))
	mw.Close()
	r := e.do("POST", "/api/v1/contacts/import", body.Bytes(), "token", comms, "Content-Type", mw.FormDataContentType())
	var again people.ImportResponse
	r.JSON(t, &again)
	if r.Status != 200 || again.Created != 1 || again.Updated != 1 || len(again.Rejected) != 0 {
		t.Fatalf("re-import: %s", r)
	}
	e.do("GET", "/api/v1/contacts?staff_group=medical+and+dental&organisation_id="+itoa(raa), nil, "token", comms).JSON(t, &list)
	if list.Total != 1 || list.Items[0].Name != "Ann Lee-Smith" {
		t.Fatalf("filtered list after update: %+v", list)
	}
	e.run([]scenario{
		{name: "empty body", method: "POST", url: "/api/v1/contacts/import", body: "", headers: []string{"token", comms, "Content-Type", "text/csv"}, status: 422, contains: []string{`"field":"file"`}},
		{name: "no email column", method: "POST", url: "/api/v1/contacts/import", body: "name,staff group\nA,Other\n", headers: []string{"token", comms, "Content-Type", "text/csv"}, status: 422, contains: []string{"email column"}},
		{name: "facilitator", method: "POST", url: "/api/v1/contacts/import", body: "email\na@b.example\n", headers: []string{"token", e.tokenFor(models.RoleFacilitator), "Content-Type", "text/csv"}, status: 403},
		{name: "bad staff group filter", method: "GET", url: "/api/v1/contacts?staff_group=wizards", headers: []string{"token", comms}, status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "bad organisation filter", method: "GET", url: "/api/v1/contacts?organisation_id=x", headers: []string{"token", comms}, status: 400, contains: []string{`"field":"organisation_id"`}},
	})
	e.do("GET", "/api/v1/contacts", nil, "token", comms).JSON(t, &list)
	if list.Total != 3 {
		t.Errorf("after refused imports: %d contacts, want 3", list.Total)
	}
}

func TestUnsubscribe(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, "email,name\nann@trust.example,Ann\nbob@trust.example,Bob\n")
	c := e.approvedCampaign(author, admin, newsletter("N", "S", "B"))
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 10*time.Second)
	var link string
	for _, p := range fake.Accepted()[0].Mail.Personalizations {
		if p.To[0].Address == "ann@trust.example" {
			link = p.Substitutions["-confer.unsubscribe_url-"]
		}
	}
	path := strings.TrimPrefix(link, e.URL)
	// A GET (a mail scanner following the link) only asks.
	r := e.do("GET", path, nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "Unsubscribe ann@trust.example") || r.Header.Get("Content-Security-Policy") != campaigns.UnsubscribePolicy {
		t.Fatalf("GET unsubscribe: %s", r)
	}
	if n := e.countAudience(author, "newsletter"); n != 2 {
		t.Fatalf("after GET: audience %d, want 2", n)
	}
	e.run([]scenario{
		{name: "forged token", method: "POST", url: path[:len(path)-3] + "abc", status: 404},
		{name: "another recipient's mac", method: "GET", url: "/unsubscribe/1.x", status: 404},
		{name: "garbage", method: "GET", url: "/unsubscribe/%00", status: 404},
	})
	// RFC 8058 one-click: a POST with List-Unsubscribe=One-Click.
	r = e.do("POST", path, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded")
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "You have unsubscribed") {
		t.Fatalf("one-click: %s", r)
	}
	if n := e.countAudience(author, "newsletter"); n != 1 {
		t.Errorf("newsletter audience after unsubscribe = %d, want 1", n)
	}
	if n := e.countAudience(author, "notice"); n != 2 {
		t.Errorf("notice audience after unsubscribe = %d, want 2 (notices ignore unsubscribes)", n)
	}
	if st, _ := campaignmodel.Of(e.store).CampaignStats(t.Context(), c.ID); st.Unsubscribed != 1 {
		t.Errorf("stats unsubscribed = %d", st.Unsubscribed)
	}
}

func (e *testEnv) countAudience(token, kind string) int64 {
	e.t.Helper()
	var out campaigns.AudienceCountResponse
	r := e.do("POST", "/api/v1/contacts/count", map[string]any{"kind": kind}, "token", token)
	r.JSON(e.t, &out)
	return out.Recipients
}
