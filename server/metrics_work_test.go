package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/confer-nhs/confer/models"
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
// dropped as slow, each frame it lost counted.
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

	a.Close()
	feed.Close()
	e.waitMetric("1 participant after one left", is(1), "confer_websocket_connections", "kind", "participant")
	e.waitMetric("no channel page", is(0), "confer_websocket_connections", "kind", "feedback_channel")
	_ = stalled
}
