package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/people"
)

// eventCase is one kind of SendGrid event (or a short sequence of them for one recipient)
// and what it must do: which campaign figures move, and what becomes of the contact.
type eventCase struct {
	name       string
	events     []map[string]any // for one recipient; email, ids, sg_event_id and timestamp are filled in
	recipients int              // how many recipients get these events (default 1)
	moves      map[string]int64 // campaign figures that change, by how much; all others stay
	suppressed string           // the contact's suppression afterwards ("" none)
	unsub      bool             // the contact is unsubscribed from newsletters afterwards
}

func ev(kind string, kv ...any) map[string]any {
	m := map[string]any{"event": kind}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// eventCases follow SendGrid's Event Webhook reference: bounce carries type ("bounce" or
// "blocked") and status; dropped carries reason; open carries sg_machine_open; the group
// events carry asm_group_id.
var eventCases = []eventCase{
	{name: "delivered", events: []map[string]any{ev("delivered", "response", "250 OK")}, moves: map[string]int64{"delivered": 1}},
	{name: "deferred is not final", events: []map[string]any{ev("deferred", "response", "400 try again later", "attempt", "1")},
		moves: map[string]int64{"deferred": 1}},
	{name: "deferred then delivered", events: []map[string]any{ev("deferred", "attempt", "1"), ev("delivered")}, moves: map[string]int64{"delivered": 1}},
	{name: "open", events: []map[string]any{ev("open", "sg_machine_open", false, "useragent", "Mozilla/5.0")}, moves: map[string]int64{"opened": 1}},
	{name: "machine open (Apple Mail privacy)", events: []map[string]any{ev("open", "sg_machine_open", true)}, moves: map[string]int64{"machine_opens": 1}},
	{name: "click", events: []map[string]any{ev("click", "url", "https://example.nhs.uk")}, moves: map[string]int64{"clicked": 1}},
	{name: "hard bounce", events: []map[string]any{ev("bounce", "type", "bounce", "status", "5.1.1", "reason", "550 5.1.1 no such user",
		"bounce_classification", "Invalid Address")}, moves: map[string]int64{"bounced": 1}, suppressed: "bounced"},
	{name: "bounce without a type", events: []map[string]any{ev("bounce", "status", "5.0.0", "reason", "550 unknown")},
		moves: map[string]int64{"bounced": 1}, suppressed: "bounced"},
	{name: "blocked is temporary", events: []map[string]any{ev("bounce", "type", "blocked", "status", "4.0.0", "reason", "421 try later",
		"bounce_classification", "Reputation")}, moves: map[string]int64{"blocked": 1}},
	{name: "dropped: Bounced Address", events: []map[string]any{ev("dropped", "reason", "Bounced Address")},
		moves: map[string]int64{"bounced": 1}, suppressed: "bounced"},
	{name: "dropped: Invalid", events: []map[string]any{ev("dropped", "reason", "Invalid")}, moves: map[string]int64{"bounced": 1}, suppressed: "bounced"},
	{name: "dropped: Spam Reporting Address", events: []map[string]any{ev("dropped", "reason", "Spam Reporting Address")},
		moves: map[string]int64{"bounced": 1}, suppressed: "spam_reported"},
	{name: "dropped: Unsubscribed Address", events: []map[string]any{ev("dropped", "reason", "Unsubscribed Address")},
		moves: map[string]int64{"unsubscribed": 1}, unsub: true},
	{name: "dropped: over quota", events: []map[string]any{ev("dropped", "reason", "Recipient List over Package Quota")}, recipients: 2,
		moves: map[string]int64{"dropped": 2}},
	{name: "dropped: Spam Content", events: []map[string]any{ev("dropped", "reason", "Spam Content")}, moves: map[string]int64{"dropped": 1}},
	{name: "dropped: Invalid SMTPAPI header", events: []map[string]any{ev("dropped", "reason", "Invalid SMTPAPI header")},
		moves: map[string]int64{"dropped": 1}},
	{name: "dropped: a reason nobody knows yet", events: []map[string]any{ev("dropped", "reason", "Something New")}, moves: map[string]int64{"dropped": 1}},
	{name: "spam report", events: []map[string]any{ev("spamreport")}, moves: map[string]int64{"spam_reported": 1}, suppressed: "spam_reported"},
	{name: "unsubscribe", events: []map[string]any{ev("unsubscribe")}, moves: map[string]int64{"unsubscribed": 1}, unsub: true},
	{name: "group unsubscribe", events: []map[string]any{ev("group_unsubscribe", "asm_group_id", 42)}, moves: map[string]int64{"unsubscribed": 1}, unsub: true},
	{name: "group unsubscribe then resubscribe", events: []map[string]any{ev("group_unsubscribe", "asm_group_id", 42),
		ev("group_resubscribe", "asm_group_id", 42, "at", 10)}, moves: map[string]int64{}},
}

// TestSendGridEventsClassified posts each kind of event through the signed webhook, as
// SendGrid would, and checks what moved: the campaign's figures, its problems, and whether
// the contact is still reachable by the next campaign.
func TestSendGridEventsClassified(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	e.makeOrg("RAA")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	const n = 40
	e.importCSV(author, contactsCSV(n, "RAA"))
	c := e.approvedCampaign(author, admin, newsletter("N", "S", "B"))
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	before := e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 20*time.Second)
	var recipients []campaignmodel.CampaignRecipient
	if err := e.store.DB.Where("campaign_id = ?", c.ID).Order("id").Find(&recipients).Error; err != nil {
		t.Fatal(err)
	}
	webhook := e.URL + "/api/v1/webhooks/sendgrid"
	now := time.Now().Unix() - 60
	next, seq := 0, 0
	gone := 0 // contacts the next newsletter no longer reaches
	for _, tc := range eventCases {
		var batch []map[string]any
		var emails []string
		for range max(tc.recipients, 1) {
			r := recipients[next]
			next++
			emails = append(emails, r.Email)
			for _, proto := range tc.events {
				m := map[string]any{}
				for k, v := range proto {
					m[k] = v
				}
				seq++
				m["timestamp"] = now + int64(seq)
				if at, ok := m["at"].(int); ok { // a later event of the same recipient
					m["timestamp"] = now + int64(seq+at)
					delete(m, "at")
				}
				m["email"], m["sg_event_id"] = r.Email, fmt.Sprintf("ev-%d", seq)
				m["confer_recipient"], m["confer_campaign"] = itoa(r.ID), itoa(c.ID)
				batch = append(batch, m)
			}
		}
		if err := fake.PostEvents(webhook, batch); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		after := e.campaignStats(author, c.ID)
		for k, v := range after {
			if d := v - e.statsOf(before)[k]; d != tc.moves[k] {
				t.Errorf("%s: %s moved by %d, want %d", tc.name, k, d, tc.moves[k])
			}
		}
		before = e.campaignView(author, c.ID)
		for _, email := range emails {
			ct := e.contact(author, email)
			if ct.Suppressed != tc.suppressed || (ct.UnsubscribedAt != nil) != tc.unsub {
				t.Errorf("%s: contact suppressed %q, unsubscribed %v; want %q, %v", tc.name, ct.Suppressed, ct.UnsubscribedAt, tc.suppressed, tc.unsub)
			}
			if tc.suppressed != "" || tc.unsub {
				gone++
			}
		}
	}

	// Sender-side drops flag the campaign with the reason and how many it affected.
	var problems []string
	for _, p := range before.Problems {
		problems = append(problems, fmt.Sprintf("%s=%d", p.Reason, p.Recipients))
		if p.Advice == "" {
			t.Errorf("problem %q says nothing about what to do", p.Reason)
		}
	}
	slices.Sort(problems)
	want := []string{"Invalid SMTPAPI header=1", "Recipient List over Package Quota=2", "Something New=1", "Spam Content=1"}
	if !slices.Equal(problems, want) {
		t.Errorf("problems = %v, want %v", problems, want)
	}
	var cnt campaigns.AudienceCountResponse
	e.do("POST", "/api/v1/contacts/count", map[string]any{"kind": "newsletter"}, "token", author).JSON(t, &cnt)
	if cnt.Recipients != int64(n-gone) {
		t.Errorf("next newsletter reaches %d, want %d", cnt.Recipients, n-gone)
	}
}

// TestSendGridResubscribeBeforeUnsubscribe: deliveries can arrive out of order; a
// resubscribe that happened after an unsubscribe wins even when it arrives first.
func TestSendGridResubscribeBeforeUnsubscribe(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	author, _ := e.userToken(models.RoleComms, 0)
	e.importCSV(author, contactsCSV(1, ""))
	webhook, email, now := e.URL+"/api/v1/webhooks/sendgrid", "person0@staff.example", time.Now().Unix()
	if err := fake.PostEvents(webhook, []map[string]any{{"event": "group_resubscribe", "email": email, "timestamp": now, "sg_event_id": "r1", "asm_group_id": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := fake.PostEvents(webhook, []map[string]any{{"event": "group_unsubscribe", "email": email, "timestamp": now - 30, "sg_event_id": "u1", "asm_group_id": 1}}); err != nil {
		t.Fatal(err)
	}
	if ct := e.contact(author, email); ct.UnsubscribedAt != nil {
		t.Errorf("the later resubscribe lost to an earlier unsubscribe: %+v", ct)
	}
	if err := fake.PostEvents(webhook, []map[string]any{{"event": "group_unsubscribe", "email": email, "timestamp": now + 30, "sg_event_id": "u2", "asm_group_id": 1}}); err != nil {
		t.Fatal(err)
	}
	if ct := e.contact(author, email); ct.UnsubscribedAt == nil {
		t.Errorf("a later unsubscribe was ignored: %+v", ct)
	}
}

func (e *testEnv) campaignView(token string, id uint) campaigns.CampaignResponse {
	e.t.Helper()
	var c campaigns.CampaignResponse
	if r := e.do("GET", "/api/v1/campaigns/"+itoa(id), nil, "token", token); r.Status != 200 {
		e.t.Fatalf("get campaign: %s", r)
	} else {
		r.JSON(e.t, &c)
	}
	return c
}

// statsOf reads the overall figures as a map, so every figure is compared, new ones too.
func (e *testEnv) statsOf(c campaigns.CampaignResponse) map[string]int64 {
	e.t.Helper()
	data, _ := json.Marshal(c.Stats)
	out := map[string]int64{}
	if err := json.Unmarshal(data, &out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *testEnv) campaignStats(token string, id uint) map[string]int64 {
	return e.statsOf(e.campaignView(token, id))
}

func (e *testEnv) contact(token, email string) people.ContactResponse {
	e.t.Helper()
	var page struct{ Items []people.ContactResponse }
	e.do("GET", "/api/v1/contacts?q="+email, nil, "token", token).JSON(e.t, &page)
	if len(page.Items) != 1 {
		e.t.Fatalf("contact %s: %d found", email, len(page.Items))
	}
	return page.Items[0]
}
