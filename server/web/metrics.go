package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/confer-nhs/confer/models"
)

// Metrics is what GET /metrics reports, in Prometheus's format, on its own address
// (CONFER_METRICS_ADDR) so it is never public. Each server has its own registry, not the
// process-wide default, so tests that start several servers read their own.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	workMetrics
}

// newMetrics registers Confer's metrics (requests here, the areas' work in metrics_work.go),
// the Go runtime's and the process's, and the database pool's (open, in use, idle, waits)
// from database/sql.
func newMetrics(store *models.Store) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "confer_http_requests_total",
			Help: "HTTP requests answered, by route pattern (never the path, which may hold a private link), method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "confer_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method (a websocket's is its connection's life).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		workMetrics: newWorkMetrics(store),
	}
	m.Registry.MustRegister(m.workMetrics.collectors()...)
	m.Registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "confer_migrations_applied",
			Help: "Database migrations applied to the database this instance uses.",
		}, func() float64 {
			var n int64
			store.DB.Table("schema_migrations").Count(&n)
			return float64(n)
		}))
	if db, err := store.DB.DB(); err == nil {
		name := "sqlite"
		if store.IsPostgres() {
			name = "postgres"
		}
		m.Registry.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	return m
}

// ObserveRequest counts one answered request.
func (m *Metrics) ObserveRequest(route, method string, code int, took time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

// Handler serves the registry at /metrics (for the metrics listener, never the app).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	return mux
}
