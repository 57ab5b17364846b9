package server

import (
	"github.com/confer-nhs/confer/server/web"

	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/server/campaigns"
)

func TestCampaignApprovals(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	raa, rbb, rcc := e.makeOrg("RAA"), e.makeOrg("RBB"), e.makeOrg("RCC")
	author, _ := e.userToken(models.RoleComms, raa)
	commsA, _ := e.userToken(models.RoleComms, raa)
	commsB, _ := e.userToken(models.RoleComms, rbb)
	commsC, _ := e.userToken(models.RoleComms, rcc)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(10, "RAA", "RBB"))

	body := newsletter("Update", "Hello {{first_name}}", "Body")
	body["audience"] = map[string]any{"organisation_ids": []uint{raa, rbb}}
	r := e.do("POST", "/api/v1/campaigns", body, "token", author)
	var c campaigns.CampaignResponse
	r.JSON(t, &c)
	if r.Status != 201 || c.Recipients != 10 || c.Status != campaignmodel.CampaignDraft {
		t.Fatalf("create: %s", r)
	}
	id := "/api/v1/campaigns/" + itoa(c.ID)
	e.run([]scenario{
		{name: "approve a draft", method: "POST", url: id + "/approve", headers: []string{"token", admin}, status: 409},
		{name: "send unapproved", method: "POST", url: id + "/send", headers: []string{"token", author}, status: 409},
		{name: "submit", method: "POST", url: id + "/submit", headers: []string{"token", author}, status: 200, contains: []string{`"status":"awaiting_approval"`}},
		{name: "author approves", method: "POST", url: id + "/approve", headers: []string{"token", author}, status: 403, contains: []string{"someone else"}},
		{name: "comms of an organisation not reached", method: "POST", url: id + "/approve", headers: []string{"token", commsC}, status: 403},
		{name: "return without comment", method: "POST", url: id + "/return", body: map[string]any{}, headers: []string{"token", commsA}, status: 422, contains: []string{`"field":"comment"`}},
		{name: "comms A approves for A", method: "POST", url: id + "/approve", headers: []string{"token", commsA}, status: 200,
			contains: []string{`"status":"awaiting_approval"`, `"organisation_id":` + itoa(raa) + `,"covered":true`, `"organisation_id":` + itoa(rbb) + `,"covered":false`}},
		{name: "comms B approves for B", method: "POST", url: id + "/approve", headers: []string{"token", commsB}, status: 200, contains: []string{`"status":"approved"`, `"complete":true`}},
	})
	// Editing the content after approval withdraws it: back to draft, approvals withdrawn.
	r = e.do("PATCH", id, map[string]any{"body_markdown": "Changed body"}, "token", author)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"status":"draft"`) || !strings.Contains(string(r.Body), `"withdrawn":true`) ||
		!strings.Contains(string(r.Body), `"complete":false`) {
		t.Fatalf("edit after approval: %s", r)
	}
	// A rename is not a content change and withdraws nothing.
	e.run([]scenario{
		{name: "send after edit", method: "POST", url: id + "/send", headers: []string{"token", author}, status: 409},
		{name: "resubmit", method: "POST", url: id + "/submit", headers: []string{"token", author}, status: 200},
		{name: "return with comment", method: "POST", url: id + "/return", body: map[string]any{"comment": "Say when <b>it</b> starts"},
			headers: []string{"token", commsB}, status: 200, contains: []string{`"status":"returned"`, `Say when \u003cb\u003eit\u003c/b\u003e starts`}},
		{name: "resubmit again", method: "POST", url: id + "/submit", headers: []string{"token", author}, status: 200},
		{name: "admin covers every organisation", method: "POST", url: id + "/approve", headers: []string{"token", admin}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "rename keeps approval", method: "PATCH", url: id, body: map[string]any{"name": "Renamed"}, headers: []string{"token", author}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "audience change withdraws", method: "PATCH", url: id, body: map[string]any{"audience": map[string]any{"organisation_ids": []uint{raa}}},
			headers: []string{"token", author}, status: 200, contains: []string{`"status":"draft"`, `"recipients":5`}},
		{name: "facilitator may not see campaigns", method: "GET", url: id, headers: []string{"token", e.tokenFor(models.RoleFacilitator)}, status: 403},
	})
}

func TestCampaignValidation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	ok := newsletter("N", "Hi {{ first_name }}", "Dear {{first_name}} at {{organisation}}")
	withBody := func(k, v string) map[string]any {
		m := newsletter("N", "S", "B")
		m[k] = v
		return m
	}
	e.run([]scenario{
		{name: "fields in any spacing", method: "POST", url: "/api/v1/campaigns", body: ok, headers: []string{"token", comms}, status: 201,
			contains: []string{`"subject":"Hi {{first_name}}"`}},
		{name: "unknown field", method: "POST", url: "/api/v1/campaigns", body: withBody("body_markdown", "Hi {{last_name}}"),
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"body_markdown"`, "{{last_name}}"}},
		{name: "unknown field in subject", method: "POST", url: "/api/v1/campaigns", body: withBody("subject", "Hi {{name}}"),
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"subject"`}},
		{name: "stray braces", method: "POST", url: "/api/v1/campaigns", body: withBody("body_markdown", "Hi {{first_name}"),
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"body_markdown"`}},
		{name: "bad kind", method: "POST", url: "/api/v1/campaigns", body: withBody("kind", "spam"),
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"kind"`}},
		{name: "missing subject", method: "POST", url: "/api/v1/campaigns", body: map[string]any{"name": "N", "body_markdown": "B"},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"subject"`}},
		{name: "unknown organisation", method: "POST", url: "/api/v1/campaigns",
			body:    map[string]any{"name": "N", "subject": "S", "body_markdown": "B", "audience": map[string]any{"organisation_ids": []int{999}}},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"audience.organisation_ids"`}},
		{name: "bad staff group", method: "POST", url: "/api/v1/campaigns",
			body:    map[string]any{"name": "N", "subject": "S", "body_markdown": "B", "audience": map[string]any{"staff_groups": []string{"Wizards"}}},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"audience.staff_groups"`}},
		{name: "unknown JSON field", method: "POST", url: "/api/v1/campaigns", body: withBody("colour", "red"),
			headers: []string{"token", comms}, status: 400, contains: []string{`"field":"colour"`}},
		{name: "missing campaign", method: "GET", url: "/api/v1/campaigns/999", headers: []string{"token", comms}, status: 404},
	})
	// A refused edit keeps what was stored.
	r := e.do("PATCH", "/api/v1/campaigns/1", map[string]any{"body_markdown": "{{nope}}"}, "token", comms)
	if r.Status != 422 {
		t.Fatalf("bad edit: %s", r)
	}
	e.run([]scenario{{name: "unchanged", method: "GET", url: "/api/v1/campaigns/1", headers: []string{"token", comms}, status: 200,
		contains: []string{"Dear {{first_name}} at {{organisation}}", `"version":1`}}})
}

func TestCampaignPreviewEscapesAndSandboxes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms, me := e.userToken(models.RoleComms, 0)
	// The caller's own name is used in the preview; make it hostile.
	if err := e.store.DB.Model(&models.Person{}).Where("id = ?", me.ID).Update("name", "<b>Jo</b> Smith").Error; err != nil {
		t.Fatal(err)
	}
	r := e.do("POST", "/api/v1/campaigns", newsletter("N", "Hi {{first_name}}",
		"# Title\n\nHello {{first_name}} <script>alert(1)</script> [link](javascript:alert(1)) **bold**"), "token", comms)
	var c campaigns.CampaignResponse
	r.JSON(t, &c)
	r = e.do("GET", "/api/v1/campaigns/"+itoa(c.ID)+"/preview.html", nil, "token", comms)
	html := string(r.Body)
	if r.Status != 200 || r.Header.Get("Content-Security-Policy") != web.MailPreviewPolicy || r.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Fatalf("preview.html: %d %v", r.Status, r.Header)
	}
	for _, bad := range []string{"<script", "javascript:", "-confer."} {
		if strings.Contains(html, bad) {
			t.Errorf("preview contains %q:\n%s", bad, html)
		}
	}
	for _, want := range []string{"<h1>Title</h1>", "<strong>bold</strong>", "Unsubscribe from these newsletters", "Hello &lt;b&gt;Jo&lt;/b&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	var pv campaigns.PreviewResponse
	e.do("GET", "/api/v1/campaigns/"+itoa(c.ID)+"/preview", nil, "token", comms).JSON(t, &pv)
	if !strings.Contains(pv.Text, "Hello <b>Jo</b>") || pv.Subject != "Hi <b>Jo</b>" || !strings.Contains(pv.Text, "Title\n\nHello") || strings.Contains(pv.Text, "#") || strings.Contains(pv.Text, "javascript:") || !strings.Contains(pv.Text, "Unsubscribe: "+e.URL+"/unsubscribe/example") {
		t.Errorf("plain-text twin: %q", pv.Text)
	}
}
