package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestMetricsCountRequestsByRoute: the metrics handler (served on CONFER_METRICS_ADDR, not
// the app's address) reports requests by route pattern, method and code with a latency
// histogram, the database pool and the migrations applied, in a format Prometheus's own
// parser reads; the app's address does not serve them.
func TestMetricsCountRequestsByRoute(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor("admin")
	for range 3 {
		e.do("GET", "/api/v1/site", nil)
	}
	e.do("GET", "/api/v1/people/999999", nil, "token", admin)
	e.do("GET", "/api/v1/bookings/secret-manage-token-in-the-path", nil)

	scrape := httptest.NewServer(e.srv.Metrics.Handler())
	defer scrape.Close()
	res, err := scrape.Client().Get(scrape.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("Prometheus's parser refused /metrics: %v", err)
	}
	count := func(name string, labels map[string]string) float64 {
		f := families[name]
		if f == nil {
			t.Fatalf("no %s", name)
		}
		total := 0.0
		for _, m := range f.Metric {
			if matches(m, labels) {
				switch {
				case m.Counter != nil:
					total += m.Counter.GetValue()
				case m.Histogram != nil:
					total += float64(m.Histogram.GetSampleCount())
				case m.Gauge != nil:
					total += m.Gauge.GetValue()
				}
			}
		}
		return total
	}
	if n := count("confer_http_requests_total", map[string]string{"route": "/api/v1/site", "method": "GET", "code": "200"}); n < 3 {
		t.Errorf("site requests counted %v, want at least 3", n)
	}
	if n := count("confer_http_requests_total", map[string]string{"route": "/api/v1/people/:id", "code": "404"}); n != 1 {
		t.Errorf("a missing person counted %v times under its pattern, want 1", n)
	}
	if n := count("confer_http_request_duration_seconds", map[string]string{"route": "/api/v1/site"}); n < 3 {
		t.Errorf("site latencies observed %v, want at least 3", n)
	}
	var migrations int64
	e.store.DB.Table("schema_migrations").Count(&migrations)
	if n := count("confer_migrations_applied", nil); n != float64(migrations) || n == 0 {
		t.Errorf("migrations applied %v, want %d", n, migrations)
	}
	if families["go_sql_open_connections"] == nil || families["go_goroutines"] == nil {
		t.Error("no database pool or Go runtime metrics")
	}
	for name, f := range families {
		for _, m := range f.Metric {
			for _, l := range m.Label {
				if strings.Contains(l.GetValue(), "secret-manage-token") {
					t.Errorf("%s carries a path with a private link: %s", name, l.GetValue())
				}
			}
		}
	}

	pub := e.do("GET", "/metrics", nil)
	if strings.Contains(string(pub.Body), "confer_http_requests_total") || pub.Status == http.StatusOK && strings.Contains(pub.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("the app's own address serves metrics: %d %s", pub.Status, pub.Header.Get("Content-Type"))
	}
}

// matches reports whether a metric has every label given.
func matches(m *dto.Metric, labels map[string]string) bool {
	for k, v := range labels {
		found := false
		for _, l := range m.Label {
			if l.GetName() == k && l.GetValue() == v {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
