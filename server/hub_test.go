package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications"

	"github.com/confer-nhs/confer/server/web"
)

// hubFixture serves /ws/test on its own Fiber app: each connection subscribes to topic "t"
// and echoes what it receives.
func hubFixture(t *testing.T, e *testEnv, hub *web.Hub) string {
	t.Helper()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/ws/test", e.srv.Upgrade(func(conn *websocket.Conn) {
		c := web.NewClient(conn)
		hub.Subscribe(c, "t")
		c.Serve(1024, func(msg []byte) { c.Send(append([]byte(nil), msg...)) })
		hub.Unsubscribe(c)
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return "ws://" + ln.Addr().String() + "/ws/test"
}

func dialWS(t *testing.T, url string, header http.Header) *gws.Conn {
	t.Helper()
	c, res, err := gws.DefaultDialer.Dial(url, header)
	if err != nil {
		t.Fatalf("dial %s: %v (%v)", url, err, res)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func waitCount(t *testing.T, hub *web.Hub, topic string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for hub.Count(topic) != n {
		if time.Now().After(deadline) {
			t.Fatalf("topic %s has %d clients, want %d", topic, hub.Count(topic), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHubDropsAStalledClientWithoutDelayingOthers(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	url := hubFixture(t, e, e.srv.Hub)
	stalled := dialWS(t, url, nil) // never reads
	_ = stalled
	readers := []*gws.Conn{dialWS(t, url, nil), dialWS(t, url, nil)}
	waitCount(t, e.srv.Hub, "t", 3)

	const frames = 400
	payload := `"` + strings.Repeat("x", 64<<10) + `"`
	var wg sync.WaitGroup
	got := make([]int, len(readers))
	for i, r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A hub that waited on the stalled client would never deliver the rest: the
			// deadline catches that hang, and is generous so a busy machine is not a failure.
			r.SetReadDeadline(time.Now().Add(90 * time.Second))
			for got[i] < frames {
				if _, _, err := r.ReadMessage(); err != nil {
					return
				}
				got[i]++
			}
		}()
	}
	for i := 0; i < frames; i++ {
		e.srv.Hub.Publish(context.Background(), "t", []byte(payload))
		time.Sleep(time.Millisecond) // a steady stream, as live results are
	}
	wg.Wait()
	for i, n := range got {
		if n != frames {
			t.Fatalf("reader %d got %d of %d frames", i, n, frames)
		}
	}
	if e.srv.Hub.Dropped() < 1 {
		t.Fatal("the stalled client was never dropped")
	}
	waitCount(t, e.srv.Hub, "t", 2)
}

func TestHubCoalescesTouches(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	hub := web.NewHub(e.srv.Log, nil)
	var renders atomic.Int64
	hub.Coalesce("results", func(ctx context.Context, id string) (string, []byte, error) {
		n := renders.Add(1)
		return "t", []byte(fmt.Sprintf(`{"render":%d}`, n)), nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go hub.Run(ctx)
	url := hubFixture(t, e, hub)
	c := dialWS(t, url, nil)
	waitCount(t, hub, "t", 1)
	start := time.Now()
	for time.Since(start) < 500*time.Millisecond {
		hub.Touch("results", "1")
		time.Sleep(100 * time.Microsecond)
	}
	time.Sleep(3 * web.CoalesceEvery)
	if n := renders.Load(); n < 2 || n > 8 {
		t.Fatalf("%d renders for 0.5 s of touches, want about 5", n)
	}
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, msg, err := c.ReadMessage(); err != nil || !strings.Contains(string(msg), "render") {
		t.Fatalf("coalesced frame: %s %v", msg, err)
	}
}

func TestWebsocketOriginsAreChecked(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	url := hubFixture(t, e, e.srv.Hub)
	if _, res, err := gws.DefaultDialer.Dial(url, http.Header{"Origin": {"https://evil.example"}}); err == nil || res == nil || res.StatusCode == 101 {
		t.Fatalf("a foreign origin was admitted: %v", res)
	}
	c := dialWS(t, url, http.Header{"Origin": {e.cfg.AllowedOrigins[0]}})
	c.WriteMessage(gws.TextMessage, []byte(`{"ping":1}`))
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, msg, err := c.ReadMessage(); err != nil || string(msg) != `{"ping":1}` {
		t.Fatalf("echo from our own origin: %s %v", msg, err)
	}
}

// TestHubAcrossInstances: two hubs on one Postgres database behave as one.
func TestHubAcrossInstances(t *testing.T) {
	t.Parallel()
	if !storetest.Postgres() {
		t.Skip("LISTEN/NOTIFY fan-out is Postgres-only; runs in the Postgres pass of make test")
	}
	e := newTestEnv(t)
	other := web.NewHub(e.srv.Log, web.NewPGBroker(e.store.URL, e.store.DB, e.srv.Log))
	var renders atomic.Int64
	other.Coalesce("results", func(ctx context.Context, id string) (string, []byte, error) {
		renders.Add(1)
		return "t", []byte(`{"id":"` + id + `"}`), nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go other.Run(ctx)
	url := hubFixture(t, e, other)
	c := dialWS(t, url, nil)
	waitCount(t, other, "t", 1)
	time.Sleep(300 * time.Millisecond) // let the listener connect

	e.srv.Hub.Publish(context.Background(), "t", []byte(`{"from":"a"}`))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, msg, err := c.ReadMessage(); err != nil || string(msg) != `{"from":"a"}` {
		t.Fatalf("frame from the other instance: %s %v", msg, err)
	}
	e.srv.Hub.Touch("results", "42")
	if _, msg, err := c.ReadMessage(); err != nil || string(msg) != `{"id":"42"}` {
		t.Fatalf("touch from the other instance: %s %v", msg, err)
	}
}

// gatedBroker connects when open is closed, as a listener still dialling Postgres would.
type gatedBroker struct{ open chan struct{} }

func (gatedBroker) Publish(context.Context, ...web.BrokerEvent) error { return nil }
func (b gatedBroker) Listen(ctx context.Context, _ func(web.BrokerEvent), connected func()) {
	select {
	case <-b.open:
		connected()
	case <-ctx.Done():
	}
	<-ctx.Done()
}

// TestHubSubscribeWaitsForTheListener: on an instance that has just started, a websocket
// is not subscribed (so its caller does not read the state for its hello) until the broker
// listens, or a frame another instance sent in between would never reach it.
func TestHubSubscribeWaitsForTheListener(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	b := gatedBroker{open: make(chan struct{})}
	hub := web.NewHub(e.srv.Log, b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go hub.Run(ctx)
	dialWS(t, hubFixture(t, e, hub), nil)
	time.Sleep(300 * time.Millisecond)
	if n := hub.Count("t"); n != 0 {
		t.Fatalf("subscribed before the broker listens: %d clients", n)
	}
	close(b.open)
	waitCount(t, hub, "t", 1)
}

// TestReadyzWaitsForTheHub: an instance whose hub has not started (or, on Postgres, whose
// listener has not yet connected) answers 503, so a balancer sends it nobody; then 200.
func TestReadyzWaitsForTheHub(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	srv := New(e.cfg, e.store, notifications.NewOutbox(e.store, "Confer <confer@test.example>"), e.srv.Log)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(5 * time.Second) })
	other := &testEnv{t: t, store: e.store, srv: srv, cfg: e.cfg, URL: "http://" + ln.Addr().String(), http: e.http}
	if r := other.do("GET", "/readyz", nil); r.Status != http.StatusServiceUnavailable || !strings.Contains(string(r.Body), "listening") {
		t.Fatalf("readyz before start: %s", r)
	}
	srv.Start()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := other.do("GET", "/readyz", nil)
		if r.Status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz after start: %s", r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
