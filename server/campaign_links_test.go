package server

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

// TestCampaignRatesAndLinks: from SendGrid's events, posted through the signed webhook, the
// campaign's page reads open and click rates as percentages of those delivered to (privacy
// proxy opens not counted) and clicks per link with how many people clicked each; an
// unsubscribe link is listed without anyone's token, and a replayed delivery changes nothing.
func TestCampaignRatesAndLinks(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(8, ""))
	c := e.approvedCampaign(author, admin, newsletter("N", "S", "Read [the guide](https://example.nhs.uk/guide)"))
	if v := e.campaignView(author, c.ID); v.OpenRate != nil || v.ClickRate != nil || len(v.Links) != 0 || v.Outbox {
		t.Fatalf("before sending: open %v, click %v, links %v, outbox %v", v.OpenRate, v.ClickRate, v.Links, v.Outbox)
	}
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	e.waitStatus(author, c.ID, campaigns.CampaignSent, 20*time.Second)
	var rs []campaigns.CampaignRecipient
	if err := e.store.DB.Where("campaign_id = ?", c.ID).Order("id").Find(&rs).Error; err != nil {
		t.Fatal(err)
	}
	guide, book := "https://example.nhs.uk/guide", "https://example.nhs.uk/book?from=email"
	unsub := e.URL + "/unsubscribe/" + campaigns.UnsubscribeToken("k", rs[3].ID)
	var events []map[string]any
	add := func(r campaigns.CampaignRecipient, kind string, kv ...any) {
		m := map[string]any{"event": kind, "email": r.Email, "timestamp": time.Now().Unix() - 30,
			"sg_event_id": fmt.Sprintf("ev-%d", len(events)), "confer_recipient": itoa(r.ID), "confer_campaign": itoa(c.ID)}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		events = append(events, m)
	}
	for _, r := range rs {
		add(r, "delivered")
	}
	add(rs[0], "open", "sg_machine_open", false)
	add(rs[1], "open", "sg_machine_open", false)
	add(rs[1], "open", "sg_machine_open", false) // twice: one person
	add(rs[2], "open", "sg_machine_open", true)  // a privacy proxy, not a reader
	add(rs[0], "click", "url", guide)
	add(rs[0], "click", "url", guide)
	add(rs[1], "click", "url", guide)
	add(rs[1], "click", "url", book)
	add(rs[3], "click", "url", unsub)
	webhook := e.URL + "/api/v1/webhooks/sendgrid"
	for range 2 { // the second is SendGrid retrying the same delivery
		if err := fake.PostEvents(webhook, events); err != nil {
			t.Fatal(err)
		}
	}
	v := e.campaignView(author, c.ID)
	if v.Stats.Delivered != 8 || v.OpenRate == nil || *v.OpenRate != 25 || v.ClickRate == nil || *v.ClickRate != 37.5 {
		t.Errorf("delivered %d, open rate %v, click rate %v; want 8, 25, 37.5", v.Stats.Delivered, deref64(v.OpenRate), deref64(v.ClickRate))
	}
	var got []string
	for _, l := range v.Links {
		got = append(got, fmt.Sprintf("%s %d/%d", l.URL, l.Clicks, l.Clickers))
	}
	want := []string{guide + " 3/2", e.URL + "/unsubscribe 1/1", book + " 1/1"}
	if !slices.Equal(got, want) {
		t.Errorf("links = %v, want %v", got, want)
	}
	r := e.do("GET", "/api/v1/campaigns/"+itoa(c.ID), nil, "token", author)
	if strings.Contains(string(r.Body), unsub) {
		t.Error("the campaign's page shows someone's unsubscribe token")
	}
}

// TestCampaignSaysWhenMailGoesToTheOutbox: without SendGrid the campaign says its emails
// went to the outbox, so the page does not claim they were handed to an email service.
// An audience of everyone reads back as empty lists (it was stored as null, and the page
// failed on it).
func TestCampaignSaysWhenMailGoesToTheOutbox(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	e.run([]scenario{{name: "create", method: "POST", url: "/api/v1/campaigns", body: newsletter("N", "S", "B"),
		headers: []string{"token", comms}, status: 201, contains: []string{`"outbox":true`, `"open_rate":null`, `"links":[]`,
			`"audience":{"organisation_ids":[],"staff_groups":[],"job_roles":[]}`}}})
}

func deref64(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
