// Package sendgridfake is a fake SendGrid v3 mail/send API over real HTTP, for tests in
// any package and for benchmarks. It checks authentication and the request's shape as
// SendGrid does, records what it accepted, can be scripted to fail (429, 5xx, 400, hang),
// adds latency, and can post signed event webhooks as SendGrid does.
package sendgridfake

import (
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// DefaultAPIKey is the key the fake accepts when Options.APIKey is empty.
const DefaultAPIKey = "SG.fake-api-key"

// maxBody is SendGrid's 30 MB limit on a mail/send request.
const maxBody = 30 << 20

// Options configures a fake. The zero value accepts everything well-formed at once.
type Options struct {
	APIKey    string        // the key clients must send as "Authorization: Bearer <key>"
	Latency   time.Duration // added before every answer (the campaign benchmark uses ~100ms)
	Responses []Response    // scripted answers to well-formed requests, in order
	// Hook answers well-formed requests once Responses is used up; nil means 202.
	Hook func(*Request) Response
	// EventWebhookURL, when set, receives a signed "processed" event for every recipient
	// of every accepted request, as SendGrid's event webhook would send.
	EventWebhookURL string
}

// Server is a running fake. It is safe for concurrent use.
type Server struct {
	srv     *httptest.Server
	apiKey  string
	latency time.Duration
	webhook string
	done    chan struct{}
	closing sync.Once
	key     *ecdsa.PrivateKey
	// eventClient has a timeout so a stuck webhook receiver cannot hold Close forever.
	eventClient *http.Client
	events      eventPosts
	requests    atomic.Int64

	mu       sync.Mutex
	queue    []Response
	hook     func(*Request) Response
	accepted []Request
	messages int
	perEmail map[string]int
}

// Start starts a fake on a local port. Close it when done.
func Start(opts Options) *Server {
	s := &Server{
		apiKey:      opts.APIKey,
		latency:     opts.Latency,
		webhook:     opts.EventWebhookURL,
		done:        make(chan struct{}),
		key:         newSigningKey(),
		eventClient: &http.Client{Timeout: 10 * time.Second},
		queue:       append([]Response(nil), opts.Responses...),
		hook:        opts.Hook,
		perEmail:    make(map[string]int),
	}
	if s.apiKey == "" {
		s.apiKey = DefaultAPIKey
	}
	s.events.init()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// New starts a fake and, when t is not nil, closes it when the test ends.
func New(t testing.TB, opts Options) *Server {
	s := Start(opts)
	if t != nil {
		t.Helper()
		t.Cleanup(s.Close)
	}
	return s
}

// URL is the base URL to give a client in place of https://api.sendgrid.com.
func (s *Server) URL() string { return s.srv.URL }

// APIKey is the key the fake accepts.
func (s *Server) APIKey() string { return s.apiKey }

// Close releases hanging and delayed requests, stops the server and waits for event
// posts in flight. It is safe to call more than once.
func (s *Server) Close() {
	s.closing.Do(func() {
		close(s.done)
		s.srv.Close()
		s.events.wait()
	})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	seq := s.requests.Add(1)
	body, readErr := readBody(w, r)
	if !s.pause(r.Context(), s.latency) {
		return
	}
	switch {
	case r.URL.Path != "/v3/mail/send":
		writeErrors(w, http.StatusNotFound, APIError{Message: "not found"})
		return
	case r.Method != http.MethodPost:
		writeErrors(w, http.StatusMethodNotAllowed, APIError{Message: "method not allowed"})
		return
	case r.Header.Get("Authorization") != "Bearer "+s.apiKey:
		writeErrors(w, http.StatusUnauthorized,
			APIError{Message: "The provided authorization grant is invalid, expired, or revoked"})
		return
	case readErr != nil:
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](readErr); ok {
			status = http.StatusRequestEntityTooLarge
		}
		writeErrors(w, status, APIError{Message: "Bad Request: " + readErr.Error()})
		return
	}
	m, errs := checkMail(body)
	if len(errs) > 0 {
		writeErrors(w, http.StatusBadRequest, errs...)
		return
	}
	req := &Request{Seq: seq, Header: r.Header.Clone(), Body: body, Mail: m, Received: time.Now(), Gone: r.Context().Done()}
	s.answer(w, r, req, s.next(req))
}

// answer writes the chosen response, recording the request when it is a 2xx.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, req *Request, resp Response) {
	if resp.Hang {
		s.pause(r.Context(), -1)
		return
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusAccepted
	}
	if status >= 200 && status < 300 {
		req.MessageID = randomID(16)
		w.Header().Set("X-Message-Id", req.MessageID)
		s.record(req)
	}
	resp.write(w, status)
	if status >= 200 && status < 300 {
		// After answering, as SendGrid's events follow its 202 (usually by seconds).
		s.postProcessed(req)
	}
}

// pause waits d (forever when d < 0) and reports whether to carry on: false when the
// client gave up or the server is closing.
func (s *Server) pause(ctx context.Context, d time.Duration) bool {
	if d == 0 {
		return true
	}
	var after <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		after = t.C
	}
	select {
	case <-after:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

// readBody reads the request body, gunzipping it if the client compressed it (as
// sendgrid-go does with Content-Encoding: gzip), up to SendGrid's size limit.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	var rd io.Reader = http.MaxBytesReader(w, r.Body, maxBody)
	if r.Header.Get("Content-Encoding") == "gzip" {
		gz, err := gzip.NewReader(rd)
		if err != nil {
			return nil, err
		}
		rd = io.LimitReader(gz, maxBody)
	}
	return io.ReadAll(rd)
}
