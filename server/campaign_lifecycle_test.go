package server

import (
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

func TestCampaignScheduleAndTestSend(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	author, me := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(30, ""))
	c := e.approvedCampaign(author, admin, newsletter("Later", "For {{first_name}}", "Body"))
	id := "/api/v1/campaigns/" + itoa(c.ID)

	r := e.do("POST", id+"/test", nil, "token", author)
	if r.Status != 202 || fake.Messages() != 1 || fake.MessagesTo(me.Email) != 1 {
		t.Fatalf("test send: %s; fake has %d messages", r, fake.Messages())
	}
	m := fake.Accepted()[0].Mail
	if !strings.HasPrefix(m.Subject, "[Test] For User") || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
		t.Errorf("test mail: subject %q, headers %v", m.Subject, m.Headers)
	}
	fake.Reset()

	at := time.Now().Add(3 * time.Second).UTC()
	e.run([]scenario{
		{name: "send_at not a time", method: "POST", url: id + "/send", body: `{"send_at":"tomorrow"}`, headers: []string{"token", author}, status: 422, contains: []string{`"field":"send_at"`}},
		{name: "schedule", method: "POST", url: id + "/send", body: map[string]any{"send_at": at}, headers: []string{"token", author}, status: 200, contains: []string{`"status":"scheduled"`}},
		{name: "send twice", method: "POST", url: id + "/send", headers: []string{"token", author}, status: 409},
	})
	// Nothing before its time. On a busy machine the steps above can take past the due
	// time, when sending is right: only mail seen while it is still early is wrong.
	time.Sleep(500 * time.Millisecond)
	if n := fake.Messages(); n != 0 && time.Now().Before(at) {
		t.Fatalf("a scheduled campaign went early: %d messages before %v", n, at)
	}
	done := e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 15*time.Second)
	if done.Stats.Sent != 30 || fake.Messages() != 30 || done.StartedAt.Before(at.Add(-time.Millisecond)) {
		t.Errorf("scheduled send: stats %+v, started %v (due %v), fake %d", done.Stats, done.StartedAt, at, fake.Messages())
	}
}

func TestCampaignPauseResumeCancel(t *testing.T) {
	t.Parallel()
	slow := func(*sendgridfake.Request) sendgridfake.Response {
		time.Sleep(150 * time.Millisecond)
		return sendgridfake.Accepted()
	}
	fake := sendgridfake.New(t, sendgridfake.Options{Hook: slow})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.Campaign.BatchSize = 10; c.Campaign.Concurrency = 1 })
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(200, ""))
	c := e.approvedCampaign(author, admin, newsletter("Pausable", "S", "B"))
	id := "/api/v1/campaigns/" + itoa(c.ID)
	e.do("POST", id+"/send", nil, "token", author)
	for fake.Messages() < 20 {
		time.Sleep(10 * time.Millisecond)
	}
	if r := e.do("POST", id+"/pause", nil, "token", author); r.Status != 200 || !strings.Contains(string(r.Body), `"status":"paused"`) {
		t.Fatalf("pause: %s", r)
	}
	// The batch in flight finishes and is recorded; then nothing more goes.
	e.waitStats(author, c.ID, 15*time.Second, func(v campaigns.CampaignResponse) bool {
		return e.batchesSending(c.ID) == 0 && int(v.Stats.Sent) == fake.Messages()
	})
	paused := fake.Messages()
	time.Sleep(600 * time.Millisecond)
	if fake.Messages() != paused || paused >= 200 {
		t.Fatalf("sending went on while paused: %d then %d", paused, fake.Messages())
	}
	e.run([]scenario{
		{name: "pause twice", method: "POST", url: id + "/pause", headers: []string{"token", author}, status: 409},
		{name: "edit while paused", method: "PATCH", url: id, body: map[string]any{"subject": "New"}, headers: []string{"token", author}, status: 409},
		{name: "resume", method: "POST", url: id + "/resume", headers: []string{"token", author}, status: 200, contains: []string{`"status":"sending"`}},
	})
	for fake.Messages() < paused+20 {
		time.Sleep(10 * time.Millisecond)
	}
	if r := e.do("POST", id+"/cancel", nil, "token", author); r.Status != 200 {
		t.Fatalf("cancel: %s", r)
	}
	// Once the batch in flight is recorded, every recipient is sent or cancelled.
	v := e.waitStats(author, c.ID, 15*time.Second, func(v campaigns.CampaignResponse) bool {
		return e.batchesSending(c.ID) == 0 && v.Stats.Queued == 0 && v.Stats.Unknown == 0 && v.Stats.Unsettled == 0
	})
	st := v.Stats
	if v.Status != campaignmodel.CampaignCancelled || st.Cancelled == 0 || st.Sent+st.Cancelled != 200 || int(st.Sent) != fake.Messages() {
		t.Errorf("after cancel: status %s, stats %+v, fake %d", v.Status, st, fake.Messages())
	}
	if r := e.do("POST", id+"/resume", nil, "token", author); r.Status != 409 {
		t.Errorf("resume a cancelled campaign: %s", r)
	}
}

// TestCampaignRateLimit sends 300 messages in batches of 50 at 200 messages a second: the
// limiter lets the first 200 (its burst) go at once and the rest no faster than the rate,
// so the last request cannot arrive until half a second after the send.
func TestCampaignRateLimit(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) {
		c.Campaign.BatchSize = 50
		c.Campaign.Rate = 200
		c.Campaign.Concurrency = 8
	})
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(300, ""))
	c := e.approvedCampaign(author, admin, newsletter("Slow", "S", "B"))
	sent := time.Now()
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 20*time.Second)
	reqs := fake.Accepted()
	if len(reqs) != 6 {
		t.Fatalf("%d requests, want 6", len(reqs))
	}
	last := reqs[0].Received
	for _, r := range reqs {
		if r.Received.After(last) {
			last = r.Received
		}
	}
	if took := last.Sub(sent); took < 490*time.Millisecond {
		t.Errorf("300 messages at 200/s (burst 200) all arrived within %v of the send; the rate limit did not hold", took)
	}
}
