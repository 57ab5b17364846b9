package server

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// rawRequest writes a request's head and the first part of its body on a fresh
// connection, leaves the rest unsent, and returns the response that comes back (or fails
// the test if none does within 3 seconds: the server is waiting for the body).
func (e *testEnv) rawRequest(head string, body []byte) *http.Response {
	e.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { conn.Close() })
	if _, err := conn.Write(append([]byte(head), body...)); err != nil {
		e.t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		e.t.Fatalf("no response while the body is still unsent: %v", err)
	}
	return res
}

func readErrorBody(t *testing.T, res *http.Response) web.ErrorBody {
	t.Helper()
	var b web.ErrorBody
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(res.Body)
	resp{Status: res.StatusCode, Body: buf.Bytes()}.JSON(t, &b)
	return b
}

// TestLargeBodyRefusedUnread (D11): a 16 MB body used to be read whole on every route
// before being refused. Now a declared Content-Length over the route's limit is refused
// with 413 {"error","field"} at once, with the body still unsent, and ten of them cost
// the server almost nothing. Not parallel: it measures the process's allocations.
func TestLargeBodyRefusedUnread(t *testing.T) {
	e := newTestEnv(t)
	head := func(path string, n int) string {
		return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", path, n)
	}
	first := make([]byte, 8<<10) // the server reads at most this much ahead
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, path := range []string{"/api/v1/auth/signin", "/api/v1/channels/1/posts", "/nowhere",
		"/api/v1/contacts/import", "/api/v1/webhooks/sendgrid", "/ws/join/ABC", "/", "/api/v1/auth/signin",
		"/api/v1/auth/verify", "/unsubscribe/x"} {
		start := time.Now()
		res := e.rawRequest(head(path, 16<<20), first)
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		if b := readErrorBody(t, res); b.Field != "body" || !strings.Contains(b.Error, "MB") {
			t.Fatalf("%s: %+v", path, b)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: refused after %v", path, d)
		}
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Errorf("ten refused 16 MB bodies allocated %d MB", grew>>20)
	}
	// Just over a JSON route's limit is refused too (read into nothing, so a client still
	// writing gets the 413, not a reset); an import takes more.
	if res := e.rawRequest(head("/api/v1/auth/signin", web.MaxJSONBody+1), make([]byte, web.MaxJSONBody+1)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("1 MB + 1 to a JSON route: %d", res.StatusCode)
	}
	csv := "email,organisation,staff group\n" + strings.Repeat("someone.with.a.long.address@example.nhs.uk,,\n", 40000)
	if len(csv) <= web.MaxJSONBody {
		t.Fatal("test CSV too small")
	}
	r := e.do("POST", "/api/v1/contacts/import", csv, "token", e.tokenFor(models.RoleComms), "Content-Type", "text/csv")
	if r.Status == http.StatusRequestEntityTooLarge {
		t.Fatalf("a %d KB import refused: %s", len(csv)>>10, r)
	}
}

// TestChunkedBodyIsBounded (D11): a body with no declared length is read only up to the
// Route's limit, and only after the route's own checks.
func TestChunkedBodyIsBounded(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	chunk := bytes.Repeat([]byte(" "), 256<<10)
	var body bytes.Buffer
	for i := 0; i < 4; i++ { // 1 MB of whitespace, then 128 KB more, then the end
		fmt.Fprintf(&body, "%x\r\n%s\r\n", len(chunk), chunk)
	}
	fmt.Fprintf(&body, "%x\r\n%s\r\n", 128<<10, chunk[:128<<10])
	body.WriteString("0\r\n\r\n")
	res := e.rawRequest("POST /api/v1/auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", body.Bytes())
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("1.1 MB chunked to a JSON route: %d", res.StatusCode)
	}
	if b := readErrorBody(t, res); b.Field != "body" {
		t.Fatalf("%+v", b)
	}
	// A small chunked body still works.
	res = e.rawRequest("POST /api/v1/auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
		[]byte("d\r\n{\"email\":\"x\"}\r\n0\r\n\r\n"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("small chunked body: %d", res.StatusCode)
	}
	// Compressed bodies are refused: a small gzip body can inflate to gigabytes.
	r := e.do("POST", "/api/v1/auth/signin", "\x1f\x8b", "Content-Encoding", "gzip")
	if r.Status != http.StatusUnsupportedMediaType || !strings.Contains(string(r.Body), `"field":"Content-Encoding"`) {
		t.Fatalf("gzip body: %s", r)
	}
}

// TestWebhookRefusedBeforeReading (D11): the SendGrid webhook refuses an unsigned, stale
// or implausibly signed request from its headers: the body is dropped as it arrives,
// never held or hashed (the handler used to clone it first). Not parallel: it measures
// the process's allocations.
func TestWebhookRefusedBeforeReading(t *testing.T) {
	e := newTestEnv(t, func(c *web.Config) { c.Campaign.WebhookKey = "configured" })
	body := bytes.Repeat([]byte("[]"), 2<<20) // 4 MB
	now := strconv.FormatInt(time.Now().Unix(), 10)
	cases := map[string][]string{
		"unsigned":       nil,
		"stale":          {sigHeader, "MEUCIQ", tsHeader, strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10)},
		"huge signature": {sigHeader, strings.Repeat("A", 500), tsHeader, now},
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for name, h := range cases {
		if r := e.do("POST", "/api/v1/webhooks/sendgrid", body, h...); r.Status != http.StatusUnauthorized {
			t.Errorf("%s: %s", name, r)
		}
	}
	runtime.ReadMemStats(&after)
	// Holding even one of the bodies would allocate 4 MB.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 2<<20 {
		t.Errorf("three refused 4 MB webhook bodies allocated %d MB", grew>>20)
	} else {
		t.Logf("three refused 4 MB webhook bodies allocated %d KB", grew>>10)
	}
	// Declared over the webhook's limit: refused before any of it is sent.
	res := e.rawRequest(fmt.Sprintf("POST /api/v1/webhooks/sendgrid HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", web.MaxWebhookBody+1), make([]byte, 8<<10))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("webhook over its limit: %d", res.StatusCode)
	}
}

const (
	sigHeader = "X-Twilio-Email-Event-Webhook-Signature"
	tsHeader  = "X-Twilio-Email-Event-Webhook-Timestamp"
)

// TestRefusalWithUnreadBodyIsAnswered: a request refused before its body is read (here an
// upload without a sign-in) still gets its 401, not a connection reset, although the body
// is streamed and never held.
func TestRefusalWithUnreadBodyIsAnswered(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	csv := "email\n" + strings.Repeat("someone@example.nhs.uk\n", 200000) // 4.6 MB
	for i := 0; i < 5; i++ {
		if r := e.do("POST", "/api/v1/contacts/import", csv, "Content-Type", "text/csv"); r.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %s", i, r)
		}
	}
}
