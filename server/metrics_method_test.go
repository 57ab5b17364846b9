package server

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestMetricsKeepTheMethodOfEachRequest: the method label is the request's own after
// later requests reuse the connection's buffers. Fiber's c.Method() points into a buffer
// fasthttp reuses, and a metric keeps its label strings, so a POST counted before a GET
// on the same connection read "GETT" (seen on the cluster's /metrics: bookings vanished
// from method="POST").
func TestMetricsKeepTheMethodOfEachRequest(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	facilitator := e.tokenFor("facilitator")
	e.do("POST", "/api/v1/sessions", map[string]any{"title": "Clinical safety", "category": "clinical",
		"format": "virtual", "meeting_url": "https://teams.example/meet/1"}, "token", facilitator)
	for range 5 {
		e.do("GET", "/api/v1/site", nil)
		e.do("DELETE", "/api/v1/sessions/999999", nil, "token", facilitator)
	}
	scrape := httptest.NewServer(e.srv.Metrics.Handler())
	defer scrape.Close()
	res, err := scrape.Client().Get(scrape.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	methods := map[string]bool{`method="GET"`: true, `method="POST"`: true, `method="DELETE"`: true}
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(line, "confer_http_requests_total{") {
			continue
		}
		i := strings.Index(line, `method="`)
		j := strings.Index(line[i+8:], `"`)
		if !methods[line[i:i+8+j+1]] {
			t.Errorf("a request counted under a method no request had: %s", line)
		}
	}
	if !strings.Contains(string(body), `confer_http_requests_total{code="201",method="POST",route="/api/v1/sessions"} 1`) {
		t.Errorf("the POST that made a session is not counted as one:\n%s", body)
	}
}
