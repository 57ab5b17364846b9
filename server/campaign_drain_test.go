package server

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/web"
)

// drainLease is long, so a batch another instance sends "well before the lease" proves it
// was handed back, not recovered after its lease ran out.
const drainLease = time.Minute

// drainPair is one campaign's database with instance A sending it; B, on the same
// database (its own pool on Postgres, the same store on SQLite), starts when the test asks.
type drainPair struct {
	t      *testing.T
	fake   *sendgridfake.Server
	url    string
	shared *models.Store
	a      *testEnv
	author string
	id     uint
}

func newDrainPair(t *testing.T, fake *sendgridfake.Server, recipients int, cfgA func(*web.Config)) *drainPair {
	p := &drainPair{t: t, fake: fake}
	if storetest.Postgres() {
		p.url = storetest.NewDatabaseURL(t)
	} else {
		p.shared = storetest.Open(t)
	}
	p.a = newSendGridEnv(t, fake, p.store(), func(c *web.Config) {
		c.Campaign.BatchSize, c.Campaign.Lease = 5, drainLease
		cfgA(c)
	})
	p.author, _ = p.a.userToken(models.RoleComms, 0)
	admin, _ := p.a.userToken(models.RoleAdmin, 0)
	p.a.importCSV(p.author, contactsCSV(recipients, ""))
	p.id = p.a.approvedCampaign(p.author, admin, newsletter("Drain", "S", "B")).ID
	if r := p.a.do("POST", "/api/v1/campaigns/"+itoa(p.id)+"/send", nil, "token", p.author); r.Status != 200 {
		t.Fatalf("send: %s", r)
	}
	return p
}

// store is the database for one more instance.
func (p *drainPair) store() *models.Store {
	if p.shared != nil {
		return p.shared
	}
	s, err := models.Open(context.Background(), models.OpenOptions{DatabaseURL: p.url, MaxConns: 8})
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { s.Close() })
	return s
}

// startB starts instance B, which sends as fast as SendGrid takes it.
func (p *drainPair) startB() *testEnv {
	return newSendGridEnv(p.t, p.fake, p.store(), func(c *web.Config) {
		c.Campaign.BatchSize, c.Campaign.Lease, c.Campaign.Concurrency = 5, drainLease, 2
	})
}

// batches is the campaign's batches by seq.
func (p *drainPair) batches() []campaignmodel.CampaignBatch {
	var bs []campaignmodel.CampaignBatch
	if err := p.a.store.DB.Where("campaign_id = ?", p.id).Order("seq").Find(&bs).Error; err != nil {
		p.t.Fatal(err)
	}
	return bs
}

// waitBatches waits until the batches satisfy ok, failing after within.
func (p *drainPair) waitBatches(what string, within time.Duration, ok func([]campaignmodel.CampaignBatch) bool) []campaignmodel.CampaignBatch {
	p.t.Helper()
	deadline := time.Now().Add(within)
	for {
		bs := p.batches()
		if ok(bs) {
			return bs
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("after %v, %s: never; batches %+v", within, what, bs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// everyoneOnce checks that each of n recipients got exactly one email and is recorded sent.
func (p *drainPair) everyoneOnce(n int) {
	p.t.Helper()
	done := p.a.waitStatus(p.author, p.id, campaignmodel.CampaignSent, 30*time.Second)
	if done.Stats.Sent != int64(n) || p.fake.Messages() != n {
		p.t.Errorf("stats %+v, SendGrid accepted %d messages; want %d sent", done.Stats, p.fake.Messages(), n)
	}
	for i := range n {
		if got := p.fake.MessagesTo(fmt.Sprintf("person%d@staff.example", i)); got != 1 {
			p.t.Errorf("person%d received %d emails, want 1", i, got)
		}
	}
}

func inState(state string) func(campaignmodel.CampaignBatch) bool {
	return func(b campaignmodel.CampaignBatch) bool { return b.State == state }
}

func count(bs []campaignmodel.CampaignBatch, ok func(campaignmodel.CampaignBatch) bool) (n int) {
	for _, b := range bs {
		if ok(b) {
			n++
		}
	}
	return n
}

// TestDrainingInstanceHandsBackUnsentBatchAndFinishesInFlight: instance A has two batches
// claimed, one in flight to SendGrid (held there) and one waiting on A's rate limit. A
// drains: the waiting batch goes back in the queue at once and instance B sends it well
// before its lease would have run out; the one in flight completes and is recorded as sent
// by A; A claims nothing more, and everyone gets one email.
func TestDrainingInstanceHandsBackUnsentBatchAndFinishesInFlight(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var releaseOnce sync.Once
	var requests atomic.Int32
	fake := sendgridfake.New(t, sendgridfake.Options{Hook: func(*sendgridfake.Request) sendgridfake.Response {
		if requests.Add(1) == 1 {
			<-release // the first request stays in flight until the test lets it go
		}
		return sendgridfake.Accepted()
	}})
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) })
	// One message a second with a burst of one batch: the first batch goes at once, the
	// second waits five seconds on the limiter, claimed and unsent.
	p := newDrainPair(t, fake, 10, func(c *web.Config) { c.Campaign.Concurrency, c.Campaign.Rate = 2, 1 })
	p.waitBatches("both batches claimed, one in flight", 10*time.Second, func(bs []campaignmodel.CampaignBatch) bool {
		return len(bs) == 2 && count(bs, inState(campaignmodel.RecipientSending)) == 2 && fake.Requests() == 1
	})

	drained := time.Now()
	p.a.srv.Drain()
	bs := p.waitBatches("the unsent batch handed back", 2*time.Second, func(bs []campaignmodel.CampaignBatch) bool {
		return count(bs, inState(campaignmodel.RecipientQueued)) == 1
	})
	if n := count(bs, inState(campaignmodel.RecipientSending)); n != 1 {
		t.Fatalf("%d batches still in flight after the drain, want the 1 SendGrid holds: %+v", n, bs)
	}
	b := p.startB()
	p.waitBatches("B sends the handed-back batch", 15*time.Second, func(bs []campaignmodel.CampaignBatch) bool {
		return count(bs, inState(campaignmodel.RecipientSent)) == 1
	})
	if took := time.Since(drained); took > drainLease/3 {
		t.Errorf("the handed-back batch was sent %v after the drain: the lease (%v) ran out first?", took, drainLease)
	}
	if got := b.srv.campaign.Dispatcher.BatchesAccepted(); got != 1 {
		t.Errorf("B sent %d batches, want the 1 handed back", got)
	}

	releaseOnce.Do(func() { close(release) })
	p.everyoneOnce(10)
	if got := p.a.srv.campaign.Dispatcher.BatchesAccepted(); got != 1 {
		t.Errorf("A recorded %d batches as accepted, want the 1 in flight when it drained", got)
	}
	if got := fake.Requests(); got != 2 {
		t.Errorf("SendGrid got %d requests, want 2 (each batch once)", got)
	}
}

// TestDrainingInstanceHandsBackABatchWaitingToRetry: SendGrid answered A's request with
// 429 and Retry-After 30 s, so nothing went and A waits to retry. A drains: it does not
// wait out the 30 s but hands the batch back at once, and B sends it.
func TestDrainingInstanceHandsBackABatchWaitingToRetry(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{sendgridfake.RateLimited("30")}})
	p := newDrainPair(t, fake, 5, func(c *web.Config) { c.Campaign.Concurrency = 1 })
	p.waitBatches("the batch claimed and refused for now", 10*time.Second, func(bs []campaignmodel.CampaignBatch) bool {
		return len(bs) == 1 && bs[0].State == campaignmodel.RecipientSending && fake.Requests() == 1
	})

	drained := time.Now()
	p.a.srv.Drain()
	p.waitBatches("the batch handed back", 2*time.Second, func(bs []campaignmodel.CampaignBatch) bool {
		return bs[0].State == campaignmodel.RecipientQueued
	})
	b := p.startB()
	p.everyoneOnce(5)
	if took := time.Since(drained); took > 20*time.Second {
		t.Errorf("sent %v after the drain: it waited out SendGrid's Retry-After", took)
	}
	if a, b := p.a.srv.campaign.Dispatcher.BatchesAccepted(), b.srv.campaign.Dispatcher.BatchesAccepted(); a != 0 || b != 1 {
		t.Errorf("A sent %d batches and B %d; want B to send the one A handed back", a, b)
	}
}
