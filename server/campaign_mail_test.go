package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/campaigns"
)

// countMails counts the outbox messages to addr.
func (e *testEnv) countMails(addr string) int64 {
	e.t.Helper()
	_, total, err := e.store.ListOutbox(context.Background(), addr, models.Page{PerPage: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	return total
}

// TestCampaignSubmitMailsTheApprovers: submitting a campaign emails the comms users of
// each organisation it reaches (not the author, not someone who edited it, not comms of
// an organisation it does not reach), and the admins only when some organisation has
// nobody else to approve it; each once, however often the submit is retried.
func TestCampaignSubmitMailsTheApprovers(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	raa, rbb, rcc := e.makeOrg("RAA"), e.makeOrg("RBB"), e.makeOrg("RCC")
	author, authorP := e.userToken(models.RoleComms, raa)
	_, commsA := e.userToken(models.RoleComms, raa)
	editor, editorB := e.userToken(models.RoleComms, rbb)
	_, commsB := e.userToken(models.RoleComms, rbb)
	_, commsC := e.userToken(models.RoleComms, rcc)
	_, admin := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(10, "RAA", "RBB"))

	body := newsletter("Ward update", "News for {{first_name}}", "Body")
	body["audience"] = map[string]any{"organisation_ids": []uint{raa, rbb}}
	var c campaigns.CampaignResponse
	e.do("POST", "/api/v1/campaigns", body, "token", author).JSON(t, &c)
	id := "/api/v1/campaigns/" + itoa(c.ID)
	if r := e.do("PATCH", id, map[string]any{"body_markdown": "Body, edited"}, "token", editor); r.Status != 200 {
		t.Fatalf("edit: %s", r)
	}
	if r := e.do("POST", id+"/submit", nil, "token", author); r.Status != 200 {
		t.Fatalf("submit: %s", r)
	}
	if r := e.do("POST", id+"/submit", nil, "token", author); r.Status != 409 {
		t.Fatalf("second submit: %s", r)
	}
	m := e.waitForMail(commsA.Email, 0)
	if m.Subject != "Campaign to approve: Ward update" || !strings.Contains(m.Text, "User "+authorP.Email+" has asked for approval") ||
		!strings.Contains(m.Text, "It reaches staff of Org RAA, so it needs your approval for them.") ||
		!strings.Contains(m.Text, "Recipients: 10 people") || !strings.Contains(m.Text, e.URL+"/campaigns/"+itoa(c.ID)) ||
		!strings.Contains(m.HTML, "Review the campaign</a>") {
		t.Errorf("approval request:\n%s", m.Text)
	}
	if m := e.waitForMail(commsB.Email, 0); !strings.Contains(m.Text, "staff of Org RBB") {
		t.Errorf("commsB's request: %s", m.Text)
	}
	time.Sleep(300 * time.Millisecond) // admins would come after the comms users, in the same job
	for _, p := range []*models.Person{commsA, commsB} {
		if n := e.countMails(p.Email); n != 1 {
			t.Errorf("%s got %d mails, want 1", p.Email, n)
		}
	}
	for _, p := range []*models.Person{authorP, editorB, commsC, admin} {
		if n := e.countMails(p.Email); n != 0 {
			t.Errorf("%s got %d mails, want none", p.Email, n)
		}
	}

	// Contacts with no organisation only an admin can approve: the admin is asked too.
	e.importCSV(author, contactsCSV(2, ""))
	var all campaigns.CampaignResponse
	e.do("POST", "/api/v1/campaigns", newsletter("Everyone", "S", "B"), "token", author).JSON(t, &all)
	if r := e.do("POST", "/api/v1/campaigns/"+itoa(all.ID)+"/submit", nil, "token", author); r.Status != 200 {
		t.Fatalf("submit: %s", r)
	}
	if m := e.waitForMail(admin.Email, 0); m.Subject != "Campaign to approve: Everyone" ||
		!strings.Contains(m.Text, "As an admin, your approval covers every organisation it reaches.") {
		t.Errorf("admin's request:\n%s", m.Text)
	}
	if n := e.countMails(commsC.Email); n != 0 {
		t.Errorf("comms of an organisation not reached got %d mails", n)
	}
}

// TestCampaignDecisionMailsTheAuthor: the author hears once when every organisation has
// approved (not at each partial approval), and when it is returned, with the comment.
func TestCampaignDecisionMailsTheAuthor(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	raa, rbb := e.makeOrg("RAA"), e.makeOrg("RBB")
	author, authorP := e.userToken(models.RoleComms, raa)
	commsA, _ := e.userToken(models.RoleComms, raa)
	commsB, commsBP := e.userToken(models.RoleComms, rbb)
	e.importCSV(author, contactsCSV(4, "RAA", "RBB"))
	var c campaigns.CampaignResponse
	e.do("POST", "/api/v1/campaigns", newsletter("Rota news", "S", "B"), "token", author).JSON(t, &c)
	id := "/api/v1/campaigns/" + itoa(c.ID)
	e.run([]scenario{
		{name: "submit", method: "POST", url: id + "/submit", headers: []string{"token", author}, status: 200},
		{name: "return", method: "POST", url: id + "/return", body: map[string]any{"comment": "Say when it <b>starts</b>"},
			headers: []string{"token", commsB}, status: 200, contains: []string{`"status":"returned"`}},
	})
	m := e.waitForMail(authorP.Email, 0)
	if m.Subject != "Returned: Rota news" || !strings.Contains(m.Text, commsBP.Name+" returned your campaign \"Rota news\"") ||
		!strings.Contains(m.Text, "Say when it <b>starts</b>") || !strings.Contains(m.HTML, "Say when it &lt;b&gt;starts&lt;/b&gt;") {
		t.Errorf("returned mail:\n%s\n%s", m.Text, m.HTML)
	}
	returned := m.ID
	e.run([]scenario{
		{name: "resubmit", method: "POST", url: id + "/submit", headers: []string{"token", author}, status: 200},
		{name: "A approves", method: "POST", url: id + "/approve", headers: []string{"token", commsA}, status: 200, contains: []string{`"status":"awaiting_approval"`}},
		{name: "B approves", method: "POST", url: id + "/approve", body: map[string]any{"comment": "Lovely"}, headers: []string{"token", commsB}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "approve again", method: "POST", url: id + "/approve", headers: []string{"token", commsB}, status: 409},
	})
	m = e.waitForMail(authorP.Email, returned)
	if m.Subject != "Approved: Rota news" || !strings.Contains(m.Text, "is approved. You can now send it or schedule it.") ||
		!strings.Contains(m.Text, "Lovely") {
		t.Errorf("approved mail:\n%s", m.Text)
	}
	time.Sleep(300 * time.Millisecond)
	if n := e.countMails(authorP.Email); n != 2 {
		t.Errorf("author got %d mails, want 2 (returned, approved)", n)
	}
}
