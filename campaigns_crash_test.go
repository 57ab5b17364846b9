package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

// TestCampaignSurvivesKill runs `confer serve` against a fake SendGrid, kills it with
// SIGKILL mid-campaign, restarts it, and checks the rule for batches a crash leaves in
// flight: every recipient gets exactly one email; batches whose answer the dead process
// never saw are held as unknown and settled by SendGrid's signed "processed" events
// (which SendGrid redelivers when the receiver was down); a batch whose events never come
// is shown as unsettled, never resent and never counted as sent.
func TestCampaignSurvivesKill(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const n = 3000
	bin := buildBinary(t)
	addr := freeAddr(t)
	base := "http://" + addr
	var (
		killed    atomic.Bool
		triggered atomic.Bool
		inFlight  atomic.Int32
		killNow   = make(chan struct{})
		killOnce  sync.Once
		mu        sync.Mutex
		afterKill []int64 // requests the fake accepted after the process died
	)
	fake := sendgridfake.New(t, sendgridfake.Options{
		EventWebhookURL: base + "/api/v1/webhooks/sendgrid",
		// SendGrid takes a while, and accepts a request it received even when the client
		// is gone before the answer: the hook sleeps without watching the client. The
		// process is killed while both workers' requests are inside SendGrid, so no batch
		// is claimed without having reached it.
		Hook: func(req *sendgridfake.Request) sendgridfake.Response {
			if inFlight.Add(1) == 2 && req.Seq > 10 {
				killOnce.Do(func() { triggered.Store(true); close(killNow) })
			}
			time.Sleep(250 * time.Millisecond)
			if triggered.Load() { // hold the answers in flight until the process is surely dead
				time.Sleep(500 * time.Millisecond)
			}
			inFlight.Add(-1)
			if killed.Load() {
				mu.Lock()
				afterKill = append(afterKill, req.Seq)
				mu.Unlock()
			}
			return sendgridfake.Accepted()
		},
	})
	env := append(os.Environ(), "CONFER_DATA_DIR="+t.TempDir(), "CONFER_ADDR="+addr, "CONFER_BASE_URL="+base,
		"DATABASE_URL="+storetest.NewDatabaseURL(t), "CONFER_RATE_LIMIT=0",
		"SENDGRID_API_KEY="+fake.APIKey(), "SENDGRID_API_URL="+fake.URL(), "CONFER_MAIL_FROM=Confer <c@test.example>",
		"SENDGRID_WEBHOOK_PUBLIC_KEY="+fake.PublicKeyBase64(), "CONFER_CAMPAIGN_BATCH_SIZE=100",
		"CONFER_CAMPAIGN_CONCURRENCY=2", "CONFER_CAMPAIGN_LEASE=3s", "CONFER_CAMPAIGN_GRACE=4s", "CONFER_CAMPAIGN_POLL=200ms")
	token := func(args ...string) string {
		cmd := exec.Command(bin, append([]string{"token", "create"}, args...)...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("token create %v: %v", args, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return lines[len(lines)-1]
	}
	author := token("--email", "comms@test.example", "--role", "comms")
	admin := token("--email", "admin@test.example", "--role", "admin")
	serve := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve")
		cmd.Env = env
		cmd.Stderr = io.Discard
		if testing.Verbose() {
			cmd.Stderr = os.Stderr
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		waitReady(t, base)
		return cmd
	}
	first := serve()
	importStaff(t, base, author, n)
	id := sendGoLive(t, base, author, admin)

	select {
	case <-killNow:
	case <-time.After(60 * time.Second):
		t.Fatalf("two requests were never in flight together (%d accepted)", fake.Messages())
	}
	killed.Store(true)
	first.Process.Kill() // SIGKILL: no shutdown, no cleanup
	first.Wait()
	time.Sleep(900 * time.Millisecond) // requests in flight finish; their event posts fail
	fake.WaitEvents()
	accepted := fake.Messages()
	mu.Lock()
	orphans := append([]int64(nil), afterKill...)
	mu.Unlock()
	if len(orphans) != 2 || accepted >= n {
		t.Fatalf("the kill caught no request in flight (%d accepted): the test proves nothing", accepted)
	}
	t.Logf("killed after %d of %d messages; %d requests accepted after the kill", accepted, n, len(orphans))

	serve()
	// SendGrid redelivers event posts that failed while the receiver was down. One
	// orphaned batch's events are withheld, as if they never came.
	withheld := orphans[0]
	for _, req := range fake.Accepted() {
		if req.Seq == withheld {
			continue
		}
		if err := fake.PostEvents(base+"/api/v1/webhooks/sendgrid", sendgridfake.ProcessedEvents(&req)); err != nil {
			t.Fatalf("redeliver events: %v", err)
		}
	}
	c := waitCampaign(t, base, author, id, "sent", 60*time.Second)
	for i := range n {
		if got := fake.MessagesTo(staffEmail(i)); got != 1 {
			t.Fatalf("p%d received %d emails, want exactly 1", i, got)
		}
	}
	if c.Stats.Recipients != n || c.Stats.Unsettled != 100 || c.Stats.Sent != n-100 || c.Stats.Failed != 0 || c.Stats.Unknown != 0 {
		t.Errorf("stats after restart = %+v; want %d sent and the withheld batch of 100 unsettled", c.Stats, n-100)
	}
	var unsettled struct{ Total int64 }
	campaignAPI(t, base, "GET", "/api/v1/campaigns/"+id+"/recipients?state=unsettled", author, nil, &unsettled)
	if unsettled.Total != 100 {
		t.Errorf("%d recipients listed as unsettled, want 100", unsettled.Total)
	}
}

// campaignState is what the kill tests read of a campaign.
type campaignState struct {
	ID    uint
	Stats struct {
		Recipients, Sent, Unsettled, Unknown, Queued, Failed, Resendable, Resent int64
	}
	Status            string
	WebhookConfigured bool `json:"webhook_configured"`
}

// campaignAPI sends one request to base (an instance or the balancer) as tok: a string
// body goes as it is (a CSV staff list), anything else as JSON. It decodes the answer into
// v and fails the test on a status of 300 or more.
func campaignAPI(t *testing.T, base, method, path, tok string, body any, v any) int {
	t.Helper()
	status, data := campaignCall(t, base, method, path, tok, body)
	if v != nil {
		json.Unmarshal(data, v)
	}
	if status >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, status, data)
	}
	return status
}

// campaignCall is campaignAPI without judging the answer: its status and body.
func campaignCall(t *testing.T, base, method, path, tok string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case string:
		rd = strings.NewReader(b)
	case nil:
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := testClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data
}

// staffEmail is the address of the i-th contact importStaff makes.
func staffEmail(i int) string { return fmt.Sprintf("p%d@staff.example", i) }

// importStaff imports n contacts, staffEmail(0) to staffEmail(n-1), as author.
func importStaff(t *testing.T, base, author string, n int) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("email,name\n")
	for i := range n {
		fmt.Fprintf(&csv, "%s,Person %d\n", staffEmail(i), i)
	}
	campaignAPI(t, base, "POST", "/api/v1/contacts/import", author, csv.String(), nil)
}

// sendGoLive writes a campaign to every contact as author, has admin approve it, sends
// it, and returns its id.
func sendGoLive(t *testing.T, base, author, admin string) string {
	t.Helper()
	var c campaignState
	campaignAPI(t, base, "POST", "/api/v1/campaigns", author, map[string]any{"name": "Go-live", "subject": "Go-live for {{first_name}}",
		"body_markdown": "Hello {{first_name}}", "audience": map[string]any{}}, &c)
	id := fmt.Sprint(c.ID)
	campaignAPI(t, base, "POST", "/api/v1/campaigns/"+id+"/submit", author, nil, nil)
	campaignAPI(t, base, "POST", "/api/v1/campaigns/"+id+"/approve", admin, nil, nil)
	campaignAPI(t, base, "POST", "/api/v1/campaigns/"+id+"/send", author, nil, nil)
	return id
}

// waitCampaign polls the campaign until it has status, failing after within.
func waitCampaign(t *testing.T, base, tok, id, status string, within time.Duration) campaignState {
	t.Helper()
	var c campaignState
	for deadline := time.Now().Add(within); ; time.Sleep(100 * time.Millisecond) {
		campaignAPI(t, base, "GET", "/api/v1/campaigns/"+id, tok, nil, &c)
		if c.Status == status {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("campaign still %s after %v: %+v", c.Status, within, c.Stats)
		}
	}
}
