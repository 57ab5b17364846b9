package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

// TestCampaignThroughBalancerSurvivesKill: a campaign started through HAProxy on three
// instances, each sending two batches at a time to a fake SendGrid; one instance is
// SIGKILLed while every instance has both its batches inside SendGrid. Of the dead
// instance's two, SendGrid took one (the answer went nowhere) and never took the other.
// Nobody gets the email twice; only those two batches are of unknown fate; SendGrid's
// signed "processed" events, posted through the balancer, settle the one it took, and
// the other's recipients are listed as unsettled. The comms user's resend of the
// unsettled then reaches each of them exactly once, so everyone has it exactly once, and
// a second resend is refused. Size: CONFER_KILLTEST_RECIPIENTS (5,000 here; make bench
// runs 20,000).
func TestCampaignThroughBalancerSurvivesKill(t *testing.T) {
	t.Parallel()
	needCluster(t)
	n := envInt(t, "CONFER_KILLTEST_RECIPIENTS", 5000)
	sg := newHeldSendGrid(t, 6) // 3 instances × CONFER_CAMPAIGN_CONCURRENCY
	// The lease is long enough that no live instance's batch outlives it on a busy
	// machine: only the dead instance's are of unknown fate.
	c := startCluster(t, 3, "CONFER_RATE_LIMIT=0", "SENDGRID_API_KEY="+sg.fake.APIKey(), "SENDGRID_API_URL="+sg.fake.URL(),
		"CONFER_MAIL_FROM=Confer <c@test.example>", "SENDGRID_WEBHOOK_PUBLIC_KEY="+sg.fake.PublicKeyBase64(),
		"CONFER_CAMPAIGN_BATCH_SIZE=100", "CONFER_CAMPAIGN_CONCURRENCY=2", "CONFER_CAMPAIGN_LEASE=10s",
		"CONFER_CAMPAIGN_GRACE=3s", "CONFER_CAMPAIGN_POLL=200ms")
	author := c.Token("--email", "comms@test.example", "--role", "comms")
	admin := c.Token("--email", "admin@test.example", "--role", "admin")
	importStaff(t, c.URL, author, n)
	id := sendGoLive(t, c.URL, author, admin)

	select {
	case <-sg.full:
	case <-time.After(2 * time.Minute):
		t.Fatalf("six batches were never inside SendGrid together (%d messages accepted)", sg.fake.Messages())
	}
	c.Kill(1)
	waitFor(t, 10*time.Second, "the killed instance to be gone", func() bool { return !processAlive(c.Instances[1].PID) })
	close(sg.dead)
	taken, lost := sg.orphans(t)
	t.Logf("killed with %d of %d messages accepted; the dead instance's batches %s (taken) and %s (lost)",
		sg.fake.Messages(), n, taken.Mail.CustomArgs["confer_batch"], lost.Mail.CustomArgs["confer_batch"])

	// SendGrid posts its "processed" events for what it took, to the balancer.
	for _, req := range sg.fake.Accepted() {
		if err := sg.fake.PostEvents(c.URL+"/api/v1/webhooks/sendgrid", sendgridfake.ProcessedEvents(&req)); err != nil {
			t.Fatalf("post events: %v", err)
		}
	}
	done := waitCampaign(t, c.URL, author, id, "sent", 3*time.Minute)
	for i := range n {
		if got := sg.fake.MessagesTo(staffEmail(i)); got > 1 {
			t.Fatalf("%s received %d emails", staffEmail(i), got)
		}
	}
	lostTo := lost.Recipients()
	if s := done.Stats; s.Recipients != int64(n) || s.Unsettled != int64(len(lostTo)) || s.Sent != int64(n-len(lostTo)) ||
		s.Unknown != 0 || s.Failed != 0 || s.Resendable != s.Unsettled {
		t.Fatalf("stats after the kill = %+v; want the lost batch's %d unsettled and everyone else sent", s, len(lostTo))
	}
	checkUnknownBatches(t, c, id, taken, lost)
	var unsettled struct{ Items []struct{ Email string } }
	campaignAPI(t, c.URL, "GET", "/api/v1/campaigns/"+id+"/recipients?state=unsettled&per_page=1000", author, nil, &unsettled)
	var listed []string
	for _, r := range unsettled.Items {
		listed = append(listed, r.Email)
	}
	slices.Sort(listed)
	slices.Sort(lostTo)
	if !slices.Equal(listed, lostTo) {
		t.Fatalf("unsettled: %d listed, want exactly the %d of the batch SendGrid never took", len(listed), len(lostTo))
	}

	campaignAPI(t, c.URL, "POST", "/api/v1/campaigns/"+id+"/resend-unsettled", author, nil, nil)
	done = waitCampaign(t, c.URL, author, id, "sent", 2*time.Minute)
	for i := range n {
		if got := sg.fake.MessagesTo(staffEmail(i)); got != 1 {
			t.Fatalf("%s received %d emails after the resend, want exactly 1", staffEmail(i), got)
		}
	}
	if s := done.Stats; s.Sent != int64(n) || s.Unsettled != 0 || s.Resent != int64(len(lostTo)) {
		t.Errorf("stats after the resend = %+v; want all %d sent, %d of them resent", s, n, len(lostTo))
	}
	if status, body := campaignCall(t, c.URL, "POST", "/api/v1/campaigns/"+id+"/resend-unsettled", author, nil); status != 409 ||
		!strings.Contains(string(body), `"field":"unsettled"`) {
		t.Errorf("a second resend: %d %s, want 409 on unsettled", status, body)
	}
}

// heldSendGrid is a fake SendGrid that takes a while over each campaign batch and, once
// `full` batches are inside it at once, holds them all until the test has killed an
// instance (dead). Then each held request whose sender is gone is either taken (the
// first: SendGrid processed it, its answer went nowhere) or lost (the rest: refused
// before SendGrid processed it); those whose sender is alive are taken as usual.
type heldSendGrid struct {
	fake     *sendgridfake.Server
	full     chan struct{} // closed once `full` batches are inside at once
	dead     chan struct{} // closed by the test once the instance is dead
	inFlight atomic.Int32
	once     sync.Once

	mu          sync.Mutex
	taken, lost []*sendgridfake.Request
}

func newHeldSendGrid(t *testing.T, full int32) *heldSendGrid {
	sg := &heldSendGrid{full: make(chan struct{}), dead: make(chan struct{})}
	sg.fake = sendgridfake.New(t, sendgridfake.Options{Hook: func(req *sendgridfake.Request) sendgridfake.Response {
		if req.Mail.CustomArgs["confer_batch"] == "" { // approval and decision mail
			return sendgridfake.Accepted()
		}
		defer sg.inFlight.Add(-1)
		if sg.inFlight.Add(1) >= full {
			sg.once.Do(func() { close(sg.full) })
		}
		held := !closed(sg.dead) // arrived before the kill: its sender may be the dead one
		time.Sleep(200 * time.Millisecond)
		if !held || !closed(sg.full) {
			return sendgridfake.Accepted()
		}
		select {
		case <-sg.dead:
		case <-time.After(2 * time.Minute):
		}
		select {
		case <-req.Gone:
		case <-time.After(time.Second): // its sender is still waiting: alive
			return sendgridfake.Accepted()
		}
		sg.mu.Lock()
		defer sg.mu.Unlock()
		if len(sg.taken) == 0 {
			sg.taken = append(sg.taken, req)
			return sendgridfake.Accepted()
		}
		sg.lost = append(sg.lost, req)
		return sendgridfake.ServerError()
	}})
	return sg
}

// orphans waits for the dead instance's held requests to be decided and returns the one
// SendGrid took and the one it lost, failing unless there was exactly one of each.
func (sg *heldSendGrid) orphans(t *testing.T) (taken, lost *sendgridfake.Request) {
	t.Helper()
	waitFor(t, 30*time.Second, "the dead instance's two requests to end", func() bool {
		sg.mu.Lock()
		defer sg.mu.Unlock()
		return len(sg.taken)+len(sg.lost) >= 2
	})
	time.Sleep(2 * time.Second) // any other held request has been decided by now
	sg.mu.Lock()
	defer sg.mu.Unlock()
	if len(sg.taken) != 1 || len(sg.lost) != 1 {
		t.Fatalf("the dead instance had %d requests inside SendGrid, want its 2: the test proves nothing",
			len(sg.taken)+len(sg.lost))
	}
	return sg.taken[0], sg.lost[0]
}

func closed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// checkUnknownBatches reads the cluster's database: exactly the dead instance's two
// batches went unknown (now unsettled), every other batch was sent, and the recipients
// of the one SendGrid took were all settled as sent by its events.
func checkUnknownBatches(t *testing.T, c *cluster, id string, taken, lost *sendgridfake.Request) {
	t.Helper()
	var url string
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "DATABASE_URL="); ok {
			url = v
		}
	}
	st, err := models.Open(context.Background(), models.OpenOptions{DatabaseURL: url, MaxConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var batches []campaignmodel.CampaignBatch
	if err := st.DB.Where("campaign_id = ?", id).Order("id").Find(&batches).Error; err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{taken.Mail.CustomArgs["confer_batch"]: true, lost.Mail.CustomArgs["confer_batch"]: true}
	for _, b := range batches {
		orphan := want[fmt.Sprint(b.ID)]
		if orphan && b.State != campaignmodel.RecipientUnsettled || !orphan && b.State != campaignmodel.RecipientSent {
			t.Errorf("batch %d (seq %d) is %s; want unsettled for the dead instance's two, sent for the rest", b.ID, b.Seq, b.State)
		}
		if fmt.Sprint(b.ID) != taken.Mail.CustomArgs["confer_batch"] {
			continue
		}
		var sent int64
		if err := st.DB.Model(&campaignmodel.CampaignRecipient{}).
			Where("campaign_id = ? AND batch_seq = ? AND state = ?", id, b.Seq, campaignmodel.RecipientSent).Count(&sent).Error; err != nil {
			t.Fatal(err)
		}
		if sent != int64(len(taken.Recipients())) {
			t.Errorf("the batch SendGrid took has %d of %d recipients settled as sent by its events", sent, len(taken.Recipients()))
		}
	}
}
