package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

// TestCampaignReachesEachRecipientOnceThroughFailures sends a campaign to 2,500 contacts in
// batches of 250 while the fake SendGrid answers 429 with Retry-After, 500, hangs, refuses
// one batch with a permanent 400, and refuses another with 500s until the client's
// retries run out (so it goes back in the queue). Everyone outside the refused batch gets
// exactly one email; the refused batch is failed with SendGrid's reason, visible in the API.
func TestCampaignReachesEachRecipientOnceThroughFailures(t *testing.T) {
	t.Parallel()
	const n = 2500
	fake := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{
		sendgridfake.RateLimited("1"), sendgridfake.ServerError(), sendgridfake.Hang(),
		sendgridfake.BadRequest("The personalizations field is invalid", "personalizations"),
		sendgridfake.ServerError(), sendgridfake.ServerError(), sendgridfake.ServerError(),
		sendgridfake.ServerError(), sendgridfake.ServerError(), sendgridfake.ServerError(),
	}})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.Campaign.BatchSize = 250; c.Campaign.Concurrency = 1 })
	e.makeOrg("RAA")
	e.makeOrg("RBB")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	if got := e.importCSV(author, contactsCSV(n, "RAA", "RBB")); got.Created != n || len(got.Rejected) != 0 {
		t.Fatalf("import: %+v", got)
	}
	c := e.approvedCampaign(author, admin, newsletter("Go-live update", "EPR go-live: {{first_name}}", "Hello {{first_name}}"))
	if r := e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author); r.Status != 200 {
		t.Fatalf("send: %s", r)
	}
	done := e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 60*time.Second)

	if done.Stats.Recipients != n || done.Stats.Sent != n-250 || done.Stats.Failed != 250 || done.Stats.Queued != 0 {
		t.Errorf("stats = %+v; want %d recipients, %d sent, 250 failed", done.Stats, n, n-250)
	}
	if len(done.FailedBatches) != 1 || !strings.Contains(done.FailedBatches[0].Error, "The personalizations field is invalid") {
		t.Errorf("failed batches = %+v; want one with SendGrid's reason", done.FailedBatches)
	}
	r := e.do("GET", "/api/v1/campaigns/"+itoa(c.ID)+"/recipients?state=failed&per_page=500", nil, "token", author)
	var failed struct {
		Items []campaigns.RecipientResponse
		Total int64
	}
	r.JSON(t, &failed)
	if failed.Total != 250 || !strings.Contains(failed.Items[0].Error, "status 400") {
		t.Fatalf("failed recipients: total %d, first %+v", failed.Total, failed.Items[0])
	}
	failedSet := map[string]bool{}
	for _, it := range failed.Items {
		failedSet[it.Email] = true
	}
	for i := range n {
		email := fmt.Sprintf("person%d@staff.example", i)
		want := 1
		if failedSet[email] {
			want = 0
		}
		if got := fake.MessagesTo(email); got != want {
			t.Fatalf("%s received %d emails, want %d", email, got, want)
		}
	}
	if fake.Messages() != n-250 {
		t.Errorf("fake accepted %d messages, want %d", fake.Messages(), n-250)
	}
	// The outbox was never used: campaigns go through SendGrid when it is configured.
	if got := len(fake.Accepted()); got != (n-250)/250 {
		t.Errorf("%d accepted requests, want %d (one per batch)", got, (n-250)/250)
	}
}

// TestCampaignRequestShape checks what SendGrid receives: one personalization per
// recipient, personal values escaped in the HTML substitutions only, custom args that
// let events settle each recipient, and one-click unsubscribe headers on newsletters only.
func TestCampaignRequestShape(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	org := e.makeOrg("RCC")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, "email,name,organisation code,staff group\nsam@staff.example,\"<b>Sam</b> & \"\"Co\"\"\",RCC,Medical and Dental\n")
	c := e.approvedCampaign(author, admin, newsletter("N", "Hi {{first_name}}", "Dear {{ first_name }} of {{organisation}} ({{staff_group}})"))
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 10*time.Second)

	m := fake.Accepted()[0].Mail
	p := m.Personalizations[0]
	if len(m.Personalizations) != 1 || p.To[0].Address != "sam@staff.example" {
		t.Fatalf("personalizations: %+v", m.Personalizations)
	}
	if p.Substitutions["-confer.first_name-"] != "<b>Sam</b>" || p.Substitutions["-confer.first_name.html-"] != "&lt;b&gt;Sam&lt;/b&gt;" {
		t.Errorf("first name substitutions: %v", p.Substitutions)
	}
	if p.Substitutions["-confer.organisation.html-"] != "Org RCC" || p.Substitutions["-confer.staff_group-"] != "Medical and Dental" {
		t.Errorf("substitutions: %v", p.Substitutions)
	}
	html, text := m.Content[1].Value, m.Content[0].Value
	if !strings.Contains(html, "Dear -confer.first_name.html- of -confer.organisation.html-") || strings.Contains(html, "-confer.first_name-") {
		t.Errorf("HTML must use the escaped keys only:\n%s", html)
	}
	if !strings.Contains(text, "Dear -confer.first_name- of") || m.Subject != "Hi -confer.first_name-" {
		t.Errorf("text/subject must use the plain keys: %q / %q", text, m.Subject)
	}
	if p.CustomArgs["confer_recipient"] == "" || m.CustomArgs["confer_batch"] == "" || m.CustomArgs["confer_campaign"] != itoa(c.ID) {
		t.Errorf("custom args: %v / %v", p.CustomArgs, m.CustomArgs)
	}
	unsub := p.Substitutions["-confer.unsubscribe_url-"]
	if !strings.HasPrefix(unsub, e.URL+"/unsubscribe/") || p.Headers["List-Unsubscribe"] != "<"+unsub+">" ||
		m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.Contains(html, `href="-confer.unsubscribe_url-"`) {
		t.Errorf("newsletter unsubscribe: url %q, headers %v", unsub, p.Headers)
	}
	_ = org

	// A notice carries neither the headers nor the footer link.
	fake.Reset()
	notice := newsletter("Notice", "Go-live", "Log in with your smartcard.")
	notice["kind"] = "notice"
	n := e.approvedCampaign(author, admin, notice)
	e.do("POST", "/api/v1/campaigns/"+itoa(n.ID)+"/send", nil, "token", author)
	e.waitStatus(author, n.ID, campaignmodel.CampaignSent, 10*time.Second)
	nm := fake.Accepted()[0].Mail
	np := nm.Personalizations[0]
	if len(np.Headers) != 0 || len(nm.Headers) != 0 || np.Substitutions["-confer.unsubscribe_url-"] != "" || strings.Contains(nm.Content[1].Value, "unsubscribe") ||
		strings.Contains(strings.ToLower(nm.Content[0].Value), "unsubscribe:") {
		t.Errorf("a notice must carry no unsubscribe: headers %v, html %s", np.Headers, nm.Content[1].Value)
	}
}
