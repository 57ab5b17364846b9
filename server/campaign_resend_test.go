package server

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

// TestCampaignResendUnsettled sends 40 people in batches of 10 through a fake SendGrid
// that takes the second batch but whose answer never comes back (its events come late),
// and never answers the third (it was lost). Both end unsettled; the late events settle
// the second batch's ten. Only a comms user may resend; the resend queues exactly the
// third batch's ten, refuses a second resend while they are queued and once nobody is
// left, writes one audit row, and in the end everyone has the email exactly once.
func TestCampaignResendUnsettled(t *testing.T) {
	t.Parallel()
	const n = 40
	var held atomic.Value // the request SendGrid took without its answer reaching Confer
	release, inResend := make(chan struct{}), make(chan struct{}, 1)
	fake := sendgridfake.New(t, sendgridfake.Options{Hook: func(req *sendgridfake.Request) sendgridfake.Response {
		switch {
		case req.Seq == 2:
			time.Sleep(3 * time.Second) // past the sender's deadline: it gives up, SendGrid goes on
			held.Store(req)
		case req.Seq == 3:
			return sendgridfake.Hang()
		case req.Seq > n/10: // the resend: held in flight until the test lets it go
			select {
			case inResend <- struct{}{}:
			default:
			}
			<-release
		}
		return sendgridfake.Accepted()
	}})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) {
		c.Campaign.BatchSize, c.Campaign.Concurrency, c.Campaign.Lease = 10, 1, 3*time.Second
	})
	e.makeOrg("RAA")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	facilitator, _ := e.userToken(models.RoleFacilitator, 0)
	e.importCSV(author, contactsCSV(n, "RAA"))
	c := e.approvedCampaign(author, admin, newsletter("Go-live", "Go-live for {{first_name}}", "Hello {{first_name}}"))
	id := itoa(c.ID)
	if r := e.do("POST", "/api/v1/campaigns/"+id+"/send", nil, "token", author); r.Status != 200 {
		t.Fatalf("send: %s", r)
	}
	done := e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 60*time.Second)
	if done.Stats.Sent != 20 || done.Stats.Unsettled != 20 || done.Stats.Resendable != 20 || !done.WebhookConfigured {
		t.Fatalf("after the send: %+v, webhook %v; want 20 sent and 20 unsettled", done.Stats, done.WebhookConfigured)
	}

	// SendGrid's events for the batch it took arrive late, signed, and settle those ten.
	taken := held.Load().(*sendgridfake.Request)
	if err := fake.PostEvents(e.URL+"/api/v1/webhooks/sendgrid", sendgridfake.ProcessedEvents(taken)); err != nil {
		t.Fatal(err)
	}
	settled := e.waitStats(author, c.ID, 10*time.Second, func(c campaigns.CampaignResponse) bool { return c.Stats.Unsettled == 10 })
	if settled.Stats.Resendable != 10 || settled.Stats.Sent != 30 {
		t.Fatalf("after the late events: %+v", settled.Stats)
	}
	var unsettled struct{ Items []campaigns.RecipientResponse }
	e.do("GET", "/api/v1/campaigns/"+id+"/recipients?state=unsettled", nil, "token", author).JSON(t, &unsettled)
	for _, to := range taken.Recipients() {
		for _, r := range unsettled.Items {
			if r.Email == to {
				t.Fatalf("%s, whom SendGrid took and confirmed, is still unsettled", to)
			}
		}
	}

	url := "/api/v1/campaigns/" + id + "/resend-unsettled"
	e.run([]scenario{
		{name: "a facilitator", method: "POST", url: url, headers: []string{"token", facilitator}, status: 403},
		{name: "nobody signed in", method: "POST", url: url, status: 401},
		{name: "no such campaign", method: "POST", url: "/api/v1/campaigns/99999/resend-unsettled", headers: []string{"token", author}, status: 404},
	})
	before := lastAudit(e)
	r := e.do("POST", url, nil, "token", author)
	var resent campaigns.CampaignResponse
	r.JSON(t, &resent)
	if r.Status != 200 || resent.Status != campaignmodel.CampaignSending || resent.Stats.Resent != 10 || resent.Stats.Queued != 10 {
		t.Fatalf("resend: %d %+v", r.Status, resent.Stats)
	}
	select {
	case <-inResend:
	case <-time.After(30 * time.Second):
		t.Fatal("the resend never reached SendGrid")
	}
	e.run([]scenario{{name: "again while it sends", method: "POST", url: url, headers: []string{"token", admin}, status: 409,
		contains: []string{`"field":"resend"`}}})
	close(release)
	final := e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 30*time.Second)
	if final.Stats.Sent != n || final.Stats.Unsettled != 0 || final.Stats.Resendable != 0 {
		t.Fatalf("after the resend: %+v", final.Stats)
	}
	e.run([]scenario{{name: "nobody left", method: "POST", url: url, headers: []string{"token", author}, status: 409,
		contains: []string{`"field":"unsettled"`}}})
	for i := range n {
		if got := fake.MessagesTo(fmt.Sprintf("person%d@staff.example", i)); got != 1 {
			t.Errorf("person%d received %d emails, want exactly 1", i, got)
		}
	}
	var rows []models.AuditEvent
	for _, row := range auditSince(e, before) {
		if row.Action == "campaigns.resend-unsettled" {
			rows = append(rows, row)
		}
	}
	if len(rows) != 1 || !strings.HasPrefix(rows[0].Summary, "10 unconfirmed recipients") {
		t.Errorf("audit rows for the resend: %+v, want one saying 10", rows)
	}
}

// TestCampaignSaysWhetherTheWebhookIsConfigured: without SENDGRID_WEBHOOK_PUBLIC_KEY the
// page must warn that a resend may reach some people twice, so the campaign says so.
func TestCampaignSaysWhetherTheWebhookIsConfigured(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.Campaign.WebhookKey = "" })
	author, _ := e.userToken(models.RoleComms, 0)
	r := e.do("POST", "/api/v1/campaigns", newsletter("News", "News", "Hello"), "token", author)
	var c campaigns.CampaignResponse
	r.JSON(t, &c)
	if r.Status != 201 || c.WebhookConfigured || !strings.Contains(string(r.Body), `"webhook_configured":false`) {
		t.Fatalf("without the key: %s", r)
	}
}

// unsettledCampaign stores a sent campaign whose one recipient is unsettled, as a
// sender's death leaves it, for the audit walk to resend.
func (e *testEnv) unsettledCampaign() uint {
	e.t.Helper()
	now := time.Now().UTC()
	c := campaignmodel.Campaign{Name: "Walk", Subject: "Walk", BodyMarkdown: "Hello", Kind: campaignmodel.KindNotice,
		Status: campaignmodel.CampaignSent, Version: 1, AuthorID: 1, UnsubKey: "k", StartedAt: &now, FinishedAt: &now,
		Filled: true, NextSeq: 1, Planned: 1}
	if err := e.store.DB.Create(&c).Error; err != nil {
		e.t.Fatal(err)
	}
	b := campaignmodel.CampaignBatch{CampaignID: c.ID, State: campaignmodel.RecipientUnsettled, LeaseUntil: now, Size: 1}
	r := campaignmodel.CampaignRecipient{CampaignID: c.ID, ContactID: 1, Email: "walk@staff.example", State: campaignmodel.RecipientUnsettled}
	if err := e.store.DB.Create(&b).Error; err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.DB.Create(&r).Error; err != nil {
		e.t.Fatal(err)
	}
	return c.ID
}
