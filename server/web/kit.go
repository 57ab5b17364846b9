package web

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
)

// Kit is what every area's handlers share: the settings, the store, mail and its
// renderer, the log, the hub, the route table, the limits every area applies, and
// Background work that shutdown waits for. Areas hold a *Kit; none holds another area.
type Kit struct {
	Cfg    Config
	Store  *models.Store
	Mail   notifications.Sender
	Emails notifications.Renderer // composes every email in the site's layout
	Log    *slog.Logger
	Hub    *Hub
	// Metrics is what /metrics reports (CONFER_METRICS_ADDR).
	Metrics *Metrics
	// PlacesChanged is set by the booking area. Another area that changes sessions' held
	// places through models/booking (the readiness board's outreach) calls it with the
	// bookings the change promoted from a waiting list, by id: the public listing is
	// rebuilt and each of them is told, as after any promotion. Nil until it is set.
	PlacesChanged func(ctx context.Context, promotedIDs []uint)

	table []Route // every route with its policy, in registration order (routes.go)

	publicWrites *KeyedLimiter // CONFER_RATE_LIMIT per client
	sockets      *connCounter  // CONFER_WS_PER_CLIENT: live websockets per client
	liveSockets  atomic.Int64  // upgraded websockets whose handler is still running (drain.go)

	bg     sync.WaitGroup // background work (mail) that shutdown waits for
	bgCtx  context.Context
	stopBg context.CancelFunc
}

// NewKit makes the shared kit; the hub relays through Postgres when the store is Postgres.
func NewKit(cfg Config, store *models.Store, mail notifications.Sender, log *slog.Logger) *Kit {
	k := &Kit{Cfg: cfg, Store: store, Mail: mail, Log: log,
		Emails: notifications.NewRenderer(notifications.Site{Programme: cfg.Site.Programme, ICS: cfg.Site.ICS})}
	k.bgCtx, k.stopBg = context.WithCancel(context.Background())
	var broker Broker
	if store.IsPostgres() {
		broker = NewPGBroker(store.URL, store.DB, log)
	}
	k.Hub = NewHub(log, broker)
	k.Metrics = newMetrics(store)
	store.ObserveBatches(k.Metrics.batchWritten)
	if sg, ok := mail.(interface {
		ObserveRequests(func(status int, took time.Duration))
	}); ok {
		sg.ObserveRequests(k.Metrics.sendgridAnswered) // SendGrid latency and answers
	}
	k.publicWrites = NewKeyedLimiter(cfg.RateLimit, time.Minute)
	k.sockets = newConnCounter(cfg.Clients.WSPerClient)
	return k
}

// Go runs a long-running worker until Stop; Wait waits for it.
func (k *Kit) Go(worker func(ctx context.Context)) {
	k.bg.Add(1)
	go func() {
		defer k.bg.Done()
		worker(k.bgCtx)
	}()
}

// Background runs fn off the request path; Shutdown waits for it.
func (k *Kit) Background(name string, fn func(ctx context.Context) error) {
	k.bg.Add(1)
	go func() {
		defer k.bg.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(k.bgCtx), 2*time.Minute)
		defer cancel()
		if err := fn(ctx); err != nil {
			k.Log.Error("background job failed", "job", name, "err", err)
		}
	}()
}

// Stop cancels the workers and waits up to timeout for them and for background work.
func (k *Kit) Stop(timeout time.Duration) {
	k.stopBg()
	done := make(chan struct{})
	go func() { k.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		k.Log.Warn("background work still running at shutdown")
	}
}
