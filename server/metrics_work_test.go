package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/web"
)

// scraped is one read of /metrics, parsed by Prometheus's own parser.
type scraped map[string]*dto.MetricFamily

// scrapeText reads /metrics from the server's metrics handler (what CONFER_METRICS_ADDR
// serves) over real HTTP.
func (e *testEnv) scrapeText() []byte {
	e.t.Helper()
	srv := httptest.NewServer(e.srv.Metrics.Handler())
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		e.t.Fatalf("GET /metrics: %d %v", res.StatusCode, err)
	}
	return body
}

func (e *testEnv) scrape() scraped {
	e.t.Helper()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(bytes.NewReader(e.scrapeText()))
	if err != nil {
		e.t.Fatalf("Prometheus's parser refused /metrics: %v", err)
	}
	return fams
}

// value is the sum over the series of name with the labels given (pairs): a counter's or
// gauge's value, a histogram's count of observations. -1 when the family is missing.
func (s scraped) value(name string, labels ...string) float64 {
	f := s[name]
	if f == nil {
		return -1
	}
	want := map[string]string{}
	for i := 0; i+1 < len(labels); i += 2 {
		want[labels[i]] = labels[i+1]
	}
	total := 0.0
	for _, m := range f.Metric {
		if !matches(m, want) {
			continue
		}
		switch {
		case m.Counter != nil:
			total += m.Counter.GetValue()
		case m.Gauge != nil:
			total += m.Gauge.GetValue()
		case m.Histogram != nil:
			total += float64(m.Histogram.GetSampleCount())
		}
	}
	return total
}

// histSum is the sum of a histogram's observations.
func (s scraped) histSum(name string) float64 {
	if f := s[name]; f != nil && len(f.Metric) == 1 && f.Metric[0].Histogram != nil {
		return f.Metric[0].Histogram.GetSampleSum()
	}
	return -1
}

// waitMetric scrapes until ok holds for the metric's value (some are counted when a
// worker or a socket's goroutine gets there), failing after 30 s.
func (e *testEnv) waitMetric(what string, ok func(float64) bool, name string, labels ...string) scraped {
	e.t.Helper()
	start := time.Now()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := e.scrape()
		v := s.value(name, labels...)
		if ok(v) {
			e.t.Logf("%s after %v", what, time.Since(start))
			return s
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s%v = %v: want %s", name, labels, v, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func is(n float64) func(float64) bool      { return func(v float64) bool { return v == n } }
func atLeast(n float64) func(float64) bool { return func(v float64) bool { return v >= n } }

// TestMetricsOfLiveSockets: sockets are counted by kind while open and uncounted when they
// close; a vote is acknowledged, its batch and commit observed; a presenter screen that
// stops reading first has stale results replaced (superseded) and then, its queue full, is
// dropped as slow, each frame it lost counted, and its connection ends at once.
func TestMetricsOfLiveSockets(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	fac := e.tokenFor(models.RoleFacilitator)
	w := e.newWorkshop(fac)
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Best day?", "options": []string{"Mon", "Tue", "Wed"}}, "open")
	ch := e.newChannel(e.tokenFor(models.RoleAdmin), map[string]any{"name": "Live"})

	a := e.join(w.JoinCode, "")
	b := e.join(w.JoinCode, "")
	stalled := e.present(w.ID, fac) // reads its hello, then nothing
	feed := dialWS(t, e.wsURL(fmt.Sprintf("/ws/channels/%d", ch)), nil)
	e.waitMetric("2 participants", is(2), "confer_websocket_connections", "kind", "participant")
	e.waitMetric("1 presenter", is(1), "confer_websocket_connections", "kind", "presenter")
	e.waitMetric("1 channel page", is(1), "confer_websocket_connections", "kind", "feedback_channel")

	if f := a.vote(map[string]any{"poll_id": poll, "choices": []int{0}}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	s := e.scrape()
	if n := s.value("confer_votes_acknowledged_total"); n != 1 {
		t.Errorf("votes acknowledged %v, want 1", n)
	}
	if n, sum := s.value("confer_vote_batch_size"), s.histSum("confer_vote_batch_size"); n != 1 || sum != 1 {
		t.Errorf("vote batches %v holding %v votes, want 1 of 1", n, sum)
	}
	if n := s.value("confer_vote_commit_duration_seconds"); n != 1 {
		t.Errorf("vote commits timed %v, want 1", n)
	}
	if n := s.value("confer_websocket_slow_clients_dropped_total"); n != 0 {
		t.Errorf("slow clients dropped before any was slow: %v", n)
	}

	// Fill the stalled screen's connection: the write pump blocks on a full socket.
	filler := []byte(`{"type":"filler","x":"` + strings.Repeat("x", 1<<20) + `"}`)
	present := fmt.Sprintf("present:%d", w.ID) // the presenter screens' own topic
	for range 40 {
		e.srv.Hub.Publish(context.Background(), present, filler)
	}
	// Two result renders for the hidden results reach the presenter while its pump is
	// stuck: the second replaces the first.
	for i := 1; e.scrape().value("confer_websocket_frames_dropped_total", "reason", "superseded") < 1; i++ {
		if i > 20 {
			t.Fatal("no results frame was superseded for a presenter that does not read")
		}
		if f := b.vote(map[string]any{"poll_id": poll, "choices": []int{i % 3}}); f.Type != "ack" {
			t.Fatalf("vote: %s", f.raw)
		}
		time.Sleep(300 * time.Millisecond) // past the hub's coalescing tick
	}
	for range 300 {
		e.srv.Hub.Publish(context.Background(), present, []byte(`{"type":"filler"}`))
	}
	e.waitMetric("the stalled screen dropped", is(1), "confer_websocket_slow_clients_dropped_total")
	s = e.waitMetric("no presenter left", is(0), "confer_websocket_connections", "kind", "presenter")
	if n := s.value("confer_websocket_frames_dropped_total", "reason", "queue_full"); n < 1 {
		t.Errorf("frames dropped with a full queue %v, want at least 1", n)
	}
	if n := s.value("confer_votes_acknowledged_total"); n < 2 {
		t.Errorf("votes acknowledged %v, want at least 2", n)
	}

	// The dropped screen's connection has ended (it reconnects and resyncs), rather than
	// hanging on until the pong timeout, a minute later.
	stalled.SetReadDeadline(time.Now().Add(20 * time.Second))
	for {
		if _, _, err := stalled.ReadMessage(); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("the dropped presenter's connection is still open")
			}
			break
		}
	}

	a.Close()
	feed.Close()
	e.waitMetric("1 participant after one left", is(1), "confer_websocket_connections", "kind", "participant")
	e.waitMetric("no channel page", is(0), "confer_websocket_connections", "kind", "feedback_channel")
}

// TestMetricsOfBookingsAndReminders: each booking request is counted by what it came to
// (on both booking paths); on PostgreSQL the booking writer's batches are observed; the
// reminder job leaves a reminder SendGrid refused due, and counts it sent once it goes.
func TestMetricsOfBookingsAndReminders(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	f := newSessionFixture(e, 1, nil)
	book := func(slot uint, body map[string]any, status int) {
		t.Helper()
		if r, _ := f.book(slot, body); r.Status != status {
			t.Fatalf("booking: %s, want %d", r, status)
		}
	}
	book(f.slot.ID, person(1), 201)                     // confirmed
	book(f.slot.ID, person(2), 409)                     // full
	book(f.slot.ID, person(2, "waitlist", true), 201)   // waitlisted
	book(f.slot.ID, person(1), 409)                     // clash: already booked
	book(999999, person(3), 404)                        // refused: no such slot
	book(f.slot.ID, person(4, "staff_group", "x"), 422) // refused before the rule: not counted
	s := e.scrape()
	for outcome, want := range map[string]float64{"confirmed": 1, "full": 1, "waitlisted": 1, "clash": 1, "refused": 1, "pending": 0, "error": 0} {
		if n := max(s.value("confer_bookings_total", "outcome", outcome), 0); n != want {
			t.Errorf("bookings %s: %v, want %v", outcome, n, want)
		}
	}
	batches := s.value("confer_booking_batch_size")
	if e.store.IsPostgres() {
		// Every request that reached the rule, the missing slot's too: confer_book finds it.
		if batches < 1 || s.histSum("confer_booking_batch_size") != 5 {
			t.Errorf("booking writer: %v batches of %v bookings, want the 5 that reached it", batches, s.histSum("confer_booking_batch_size"))
		}
	} else if batches != 0 {
		t.Errorf("SQLite books one at a time, yet %v writer batches were observed", batches)
	}

	// SendGrid refuses the reminder: it stays due. Then it goes.
	dayBefore := f.startsAt.Add(-23 * time.Hour)
	fake.SetHook(func(*sendgridfake.Request) sendgridfake.Response {
		return sendgridfake.BadRequest("The from address does not match a verified Sender Identity", "from")
	})
	if n, err := e.srv.booking.SendDueReminders(context.Background(), dayBefore); err == nil || n != 0 {
		t.Fatalf("reminders while SendGrid refuses: sent %d, %v; want an error", n, err)
	}
	s = e.scrape()
	if due, sent := s.value("confer_reminders_due"), s.value("confer_reminders_sent_total"); due != 1 || sent != 0 {
		t.Errorf("after a refused reminder: %v due and %v sent, want 1 and 0", due, sent)
	}
	fake.SetHook(nil)
	if n, err := e.srv.booking.SendDueReminders(context.Background(), dayBefore); err != nil || n != 1 {
		t.Fatalf("reminders: sent %d, %v; want 1", n, err)
	}
	s = e.scrape()
	if n := s.value("confer_reminders_sent_total"); n != 1 {
		t.Errorf("reminders sent %v, want 1", n)
	}
	if n := s.value("confer_reminders_due"); n != 0 {
		t.Errorf("reminders still due %v after the run sent them, want 0", n)
	}
}

// TestMetricsOfCampaignSending sends a campaign of four batches through the SendGrid fake:
// the first is rate limited, then meets a 500, then is refused for good (failed); the second
// is held at SendGrid while the outbox still holds three batches; the third is claimed by an
// instance that dies (unknown, then unsettled when no event settles it); the last goes.
// Then SendGrid's webhook posts events, one of them unreadable.
func TestMetricsOfCampaignSending(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{
		sendgridfake.RateLimited("1"), sendgridfake.ServerError(),
		sendgridfake.BadRequest("The personalizations field is invalid", "personalizations")}})
	release := make(chan struct{})
	fake.SetHook(func(*sendgridfake.Request) sendgridfake.Response { <-release; return sendgridfake.Accepted() })
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.Campaign.BatchSize = 10; c.Campaign.Concurrency = 1 })
	e.makeOrg("RAA")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(40, "RAA"))
	c := e.approvedCampaign(author, admin, newsletter("Go-live update", "EPR go-live", "Hello {{first_name}}"))
	if r := e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author); r.Status != 200 {
		t.Fatalf("send: %s", r)
	}
	deadline := time.Now().Add(30 * time.Second)
	for fake.Requests() < 4 { // the second batch is at SendGrid, waiting for its answer
		if time.Now().After(deadline) {
			close(release)
			t.Fatalf("SendGrid got %d requests, want 4", fake.Requests())
		}
		time.Sleep(10 * time.Millisecond)
	}
	dead, err := campaignmodel.Of(e.store).ClaimBatch(context.Background(), c.ID, time.Millisecond)
	if err != nil || dead == nil || len(dead.Recipients) != 10 {
		close(release)
		t.Fatalf("the dying instance's claim: %+v, %v", dead, err)
	}
	e.waitMetric("the three batches not yet handed over", is(30), "confer_outbox_depth")
	close(release)

	e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 60*time.Second)
	s := e.waitMetric("no message waiting", is(0), "confer_outbox_depth")
	for state, want := range map[string]float64{"handed_over": 20, "failed": 10, "unknown": 10, "unsettled": 10} {
		if n := s.value("confer_campaign_messages_total", "state", state); n != want {
			t.Errorf("campaign messages %s: %v, want %v", state, n, want)
		}
	}
	for class, want := range map[string]float64{"429": 1, "5xx": 1, "4xx": 1, "2xx": 2} {
		if n := s.value("confer_sendgrid_requests_total", "class", class); n != want {
			t.Errorf("SendGrid answers %s: %v, want %v", class, n, want)
		}
	}
	if n := s.value("confer_sendgrid_request_duration_seconds"); n != 5 {
		t.Errorf("SendGrid requests timed: %v, want 5", n)
	}
	if took := s.histSum("confer_sendgrid_request_duration_seconds"); took <= 0 {
		t.Errorf("SendGrid requests took %v seconds in all, though one was held", took)
	}

	now := time.Now().Unix()
	events := []map[string]any{
		{"event": "delivered", "email": "person1@staff.example", "timestamp": now, "sg_event_id": "m1", "confer_campaign": itoa(c.ID)},
		{"event": "delivered", "email": "person2@staff.example", "timestamp": now, "sg_event_id": "m2", "confer_campaign": itoa(c.ID)},
		{"event": "bounce", "type": "blocked", "status": "4.0.0", "email": "person3@staff.example", "timestamp": now, "sg_event_id": "m3"},
		{"event": "delivered", "email": "person4@staff.example", "timestamp": now}, // no sg_event_id: unreadable
	}
	if err := fake.PostEvents(e.URL+"/api/v1/webhooks/sendgrid", events); err != nil {
		t.Fatal(err)
	}
	s = e.scrape()
	for typ, want := range map[string]float64{"delivered": 2, "blocked": 1, "malformed": 1} {
		if n := s.value("confer_sendgrid_webhook_events_total", "type", typ); n != want {
			t.Errorf("webhook events %s: %v, want %v", typ, n, want)
		}
	}
}

// TestMetricsPassPromtool: after a server has done some of everything (a vote, a booking,
// a campaign through the SendGrid fake, a webhook event, live sockets), `promtool check
// metrics` (Debian's prometheus package) finds nothing wrong with its /metrics, and the
// README's table names every confer_ metric it reports. Without promtool the test is
// skipped, or fails under CI=true.
func TestMetricsPassPromtool(t *testing.T) {
	t.Parallel()
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("promtool not found (apt-get install prometheus)")
		}
		t.Skip("promtool not found (apt-get install prometheus)")
	}
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil)
	fac := e.tokenFor(models.RoleFacilitator)
	w := e.newWorkshop(fac)
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Best day?", "options": []string{"Mon", "Tue"}}, "open")
	p := e.join(w.JoinCode, "")
	e.present(w.ID, fac)
	if f := p.vote(map[string]any{"poll_id": poll, "choices": []int{1}}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	f := newSessionFixture(e, 1, nil)
	f.book(f.slot.ID, person(1))
	f.book(f.slot.ID, person(2))
	e.makeOrg("RAA")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(3, "RAA"))
	c := e.approvedCampaign(author, admin, newsletter("Go-live update", "EPR go-live", "Hello {{first_name}}"))
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 30*time.Second)
	if err := fake.PostEvents(e.URL+"/api/v1/webhooks/sendgrid", []map[string]any{{"event": "delivered",
		"email": "person0@staff.example", "timestamp": time.Now().Unix(), "sg_event_id": "p1", "confer_campaign": itoa(c.ID)}}); err != nil {
		t.Fatal(err)
	}

	text := e.scrapeText()
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("promtool check metrics: %v\n%s", err, out)
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("`(confer_[a-z_]+)`").FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = true
	}
	s := e.scrape()
	for _, name := range []string{"confer_bookings_total", "confer_campaign_messages_total", "confer_sendgrid_requests_total",
		"confer_sendgrid_webhook_events_total", "confer_websocket_connections", "confer_votes_acknowledged_total"} {
		if s.value(name) <= 0 {
			t.Errorf("%s reports nothing after the work that counts it", name)
		}
	}
	for name := range s {
		if strings.HasPrefix(name, "confer_") && !documented[name] {
			t.Errorf("%s is not in the README's table of metrics", name)
		}
	}
}
