package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

// testEnv is a real Confer server on a loopback port over a fresh database.
type testEnv struct {
	t     *testing.T
	store *models.Store
	srv   *Server
	cfg   web.Config
	URL   string
	http  *http.Client
}

// newTestEnv starts a server; opts adjust the config before it starts.
func newTestEnv(t *testing.T, opts ...func(*web.Config)) *testEnv {
	t.Helper()
	return newTestEnvOn(t, storetest.Open(t), opts...)
}

// newTestEnvOn starts a server over a store the test opened itself.
func newTestEnvOn(t *testing.T, store *models.Store, opts ...func(*web.Config)) *testEnv {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg, err := web.LoadConfig(func(k string) string {
		return map[string]string{"CONFER_BASE_URL": base, "CONFER_RATE_LIMIT": "0"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testLogWriter{t}, nil))
	}
	srv := New(cfg, store, notifications.NewOutbox(store, "Confer <confer@test.example>"), log)
	startReady(t, srv)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(5 * time.Second) })
	return &testEnv{t: t, store: store, srv: srv, cfg: cfg, URL: base, http: &http.Client{Timeout: 2 * time.Minute}}
}

type testLogWriter struct{ t *testing.T }

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

var userSeq atomic.Int64

// tokenFor creates a user with the role (a fresh one each call) and returns an API token.
func (e *testEnv) tokenFor(role string) string {
	e.t.Helper()
	email := fmt.Sprintf("%s%d@test.example", role, userSeq.Add(1))
	p, err := peoplemodel.Of(e.store).EnsureUser(context.Background(), email, "", role, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	_, raw, err := e.store.CreateAPIToken(context.Background(), p.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return raw
}

// resp is a response read whole.
type resp struct {
	Status int
	Body   []byte
	Header http.Header
}

func (r resp) String() string { return fmt.Sprintf("%d %s", r.Status, r.Body) }

// JSON decodes the body into v, failing the test on bad JSON.
func (r resp) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r, err)
	}
}

// do sends a request: body may be nil, a string/[]byte (sent as is) or a value (as JSON).
// headers are name, value pairs; "token" is shorthand for a bearer token.
func (e *testEnv) do(method, path string, body any, headers ...string) resp {
	return e.doWith(e.http, method, path, body, headers...)
}

func (e *testEnv) doWith(client *http.Client, method, path string, body any, headers ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "token" {
			req.Header.Set("Authorization", "Bearer "+headers[i+1])
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Body: data, Header: res.Header}
}

// scenario is one table-driven API case (PocketBase's ApiScenario).
type scenario struct {
	name        string
	method, url string
	body        any
	headers     []string
	status      int
	contains    []string
	notContains []string
}

func (e *testEnv) run(scenarios []scenario) {
	e.t.Helper()
	for _, sc := range scenarios {
		r := e.do(sc.method, sc.url, sc.body, sc.headers...)
		if r.Status != sc.status {
			e.t.Errorf("%s: %s %s: got %s, want status %d", sc.name, sc.method, sc.url, r, sc.status)
			continue
		}
		for _, s := range sc.contains {
			if !strings.Contains(string(r.Body), s) {
				e.t.Errorf("%s: body %s lacks %q", sc.name, r.Body, s)
			}
		}
		for _, s := range sc.notContains {
			if strings.Contains(string(r.Body), s) {
				e.t.Errorf("%s: body %s must not contain %q", sc.name, r.Body, s)
			}
		}
	}
}

// browser is an HTTP client with a cookie jar, as a signed-in browser tab.
type browser struct {
	client *http.Client
	csrf   string
}

var signInLinkRe = regexp.MustCompile(`/signin/verify\?token=([A-Za-z0-9_%-]+)`)

// waitForMail polls the outbox for the newest message to addr (mail is sent off the
// request path) and returns it.
func (e *testEnv) waitForMail(addr string, after uint) *models.OutboxMessage {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		msgs, _, err := e.store.ListOutbox(context.Background(), addr, models.Page{PerPage: 1})
		if err != nil {
			e.t.Fatal(err)
		}
		if len(msgs) > 0 && msgs[0].ID > after {
			return &msgs[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("no mail to %s within 10s", addr)
	return nil
}

// signIn walks the sign-in flow for an existing user and returns their browser.
func (e *testEnv) signIn(email string) *browser {
	e.t.Helper()
	r := e.do("POST", "/api/v1/auth/signin", map[string]string{"email": email})
	if r.Status != http.StatusAccepted {
		e.t.Fatalf("sign in: %s", r)
	}
	m := e.waitForMail(strings.ToLower(email), 0)
	match := signInLinkRe.FindStringSubmatch(m.Text)
	if match == nil {
		e.t.Fatalf("no sign-in link in %q", m.Text)
	}
	jar, _ := cookiejar.New(nil)
	b := &browser{client: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	r = e.doWith(b.client, "POST", "/api/v1/auth/verify", map[string]string{"token": match[1]})
	if r.Status != http.StatusOK {
		e.t.Fatalf("verify: %s", r)
	}
	var me struct{ User people.MeResponse }
	r.JSON(e.t, &me)
	b.csrf = me.User.CSRFToken
	return b
}

// wsURL is the websocket address of a path on the test server.
func (e *testEnv) wsURL(path string) string {
	return "ws" + strings.TrimPrefix(e.URL, "http") + path
}

// startReady starts the server's workers and waits, as a balancer waits for /readyz,
// until its hub hears the other instances (at once on SQLite).
func startReady(t testing.TB, srv *Server) {
	t.Helper()
	srv.Start()
	select {
	case <-srv.Hub.Listening():
	case <-time.After(60 * time.Second):
		t.Fatal("the hub's listener never connected")
	}
}
