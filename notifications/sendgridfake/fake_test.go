package sendgridfake_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

const goodMail = `{"from":{"email":"confer@example.nhs.uk"},"subject":"Hi",
 "personalizations":[{"to":[{"email":"ann@example.nhs.uk"}]}],
 "content":[{"type":"text/plain","value":"hi"},{"type":"text/html","value":"<p>hi</p>"}]}`

// post sends a raw request to the fake and returns the status and decoded error body.
// client has a transport of its own: httptest.Server.Close closes the idle connections
// of http.DefaultTransport, so with the default client a parallel test's server closing
// broke this one's request ("CloseIdleConnections called", seen beside a second make test).
var client = &http.Client{Transport: &http.Transport{}}

func post(t *testing.T, s *sendgridfake.Server, method, path, key, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestFakeChecksRequests(t *testing.T) {
	t.Parallel()
	s := sendgridfake.New(t, sendgridfake.Options{})
	var many []string
	for i := range sendgridfake.MaxPersonalizations + 1 {
		many = append(many, fmt.Sprintf(`{"to":[{"email":"p%d@example.nhs.uk"}]}`, i))
	}
	cases := []struct {
		name, method, path, key, body string
		status                        int
		want                          string
	}{
		{"accepted", "POST", "/v3/mail/send", s.APIKey(), goodMail, 202, ""},
		{"no key", "POST", "/v3/mail/send", "", goodMail, 401, "authorization grant is invalid"},
		{"wrong key", "POST", "/v3/mail/send", "SG.nope", goodMail, 401, "authorization grant"},
		{"wrong path", "POST", "/v3/mail/sends", s.APIKey(), goodMail, 404, "not found"},
		{"wrong method", "GET", "/v3/mail/send", s.APIKey(), "", 405, "method"},
		{"not json", "POST", "/v3/mail/send", s.APIKey(), "{", 400, "not valid JSON"},
		{"no personalizations", "POST", "/v3/mail/send", s.APIKey(),
			strings.Replace(goodMail, `[{"to":[{"email":"ann@example.nhs.uk"}]}]`, `[]`, 1), 400, `"field":"personalizations"`},
		{"too many personalizations", "POST", "/v3/mail/send", s.APIKey(),
			strings.Replace(goodMail, `[{"to":[{"email":"ann@example.nhs.uk"}]}]`, "["+strings.Join(many, ",")+"]", 1), 400, "maximum of 1000"},
		{"no from", "POST", "/v3/mail/send", s.APIKey(),
			strings.Replace(goodMail, `"from":{"email":"confer@example.nhs.uk"},`, "", 1), 400, `"field":"from.email"`},
		{"no subject", "POST", "/v3/mail/send", s.APIKey(),
			strings.Replace(goodMail, `"subject":"Hi",`, "", 1), 400, "The subject is required"},
		{"html before text", "POST", "/v3/mail/send", s.APIKey(),
			`{"from":{"email":"a@b.example"},"subject":"s","personalizations":[{"to":[{"email":"c@d.example"}]}],
			 "content":[{"type":"text/html","value":"<p>x</p>"},{"type":"text/plain","value":"x"}]}`, 400, "may only be provided in this order"},
		{"bad attachment", "POST", "/v3/mail/send", s.APIKey(),
			strings.Replace(goodMail, `"subject":"Hi",`, `"subject":"Hi","attachments":[{"content":"!!","filename":"a"}],`, 1), 400, "base64"},
		{"custom arg not a string", "POST", "/v3/mail/send", s.APIKey(),
			strings.Replace(goodMail, `"subject":"Hi",`, `"subject":"Hi","custom_args":{"n":1},`, 1), 400, "not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := post(t, s, c.method, c.path, c.key, c.body)
			if status != c.status || !strings.Contains(body, c.want) {
				t.Errorf("got %d %s; want %d containing %q", status, body, c.status, c.want)
			}
			if status >= 400 && !strings.Contains(body, `"errors":[{`) {
				t.Errorf("error body not in SendGrid's shape: %s", body)
			}
		})
	}
	if got := len(s.Accepted()); got != 1 || s.Requests() != len(cases) || s.MessagesTo("ANN@example.nhs.uk") != 1 {
		t.Errorf("accepted %d of %d requests (%d to ann); want 1 of %d", got, s.Requests(), s.MessagesTo("ann@example.nhs.uk"), len(cases))
	}
}

func TestFakeScriptQueueThenHook(t *testing.T) {
	t.Parallel()
	var hooked atomic.Int32
	s := sendgridfake.New(t, sendgridfake.Options{
		Responses: []sendgridfake.Response{sendgridfake.RateLimited("7"), sendgridfake.BadRequest("nope", "subject")},
		Hook: func(r *sendgridfake.Request) sendgridfake.Response {
			hooked.Add(1)
			if r.Recipients()[0] != "ann@example.nhs.uk" {
				return sendgridfake.ServerError()
			}
			return sendgridfake.Accepted()
		},
	})
	want := []int{429, 400, 202}
	for i, w := range want {
		if status, _ := post(t, s, "POST", "/v3/mail/send", s.APIKey(), goodMail); status != w {
			t.Errorf("request %d: %d, want %d", i, status, w)
		}
	}
	s.Enqueue(sendgridfake.ServerError())
	if status, _ := post(t, s, "POST", "/v3/mail/send", s.APIKey(), goodMail); status != 500 {
		t.Errorf("enqueued response: %d, want 500", status)
	}
	if hooked.Load() != 1 || len(s.Accepted()) != 1 || s.Accepted()[0].MessageID == "" {
		t.Errorf("hook ran %d times, %d accepted", hooked.Load(), len(s.Accepted()))
	}
}

func TestFakeRetryAfterHeader(t *testing.T) {
	t.Parallel()
	s := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{sendgridfake.RateLimited("3")}})
	req, _ := http.NewRequestWithContext(t.Context(), "POST", s.URL()+"/v3/mail/send", strings.NewReader(goodMail))
	req.Header.Set("Authorization", "Bearer "+s.APIKey())
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("%d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestFakeLatencyAndConcurrency(t *testing.T) {
	t.Parallel()
	s := sendgridfake.New(t, sendgridfake.Options{Latency: 100 * time.Millisecond})
	start := time.Now()
	var wg sync.WaitGroup
	for range 30 {
		wg.Go(func() { post(t, s, "POST", "/v3/mail/send", s.APIKey(), goodMail) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if elapsed < 100*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("30 concurrent requests with 100ms latency took %v", elapsed)
	}
	if s.Messages() != 30 || s.Requests() != 30 {
		t.Errorf("%d messages of %d requests, want 30", s.Messages(), s.Requests())
	}
}

func TestFakeHangEndsWithClientOrClose(t *testing.T) {
	t.Parallel()
	s := sendgridfake.Start(sendgridfake.Options{Responses: []sendgridfake.Response{sendgridfake.Hang(), sendgridfake.Hang()}})
	// waitRequests waits for the fake to have seen n requests; a limit catches a hang, not
	// a slow machine (a fixed client deadline once gave up before the request arrived, and
	// the wait for the second request below then never ended).
	waitRequests := func(n int) {
		for deadline := time.Now().Add(time.Minute); s.Requests() < n; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the fake saw %d requests in a minute, want %d", s.Requests(), n)
			}
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", s.URL()+"/v3/mail/send", strings.NewReader(goodMail))
	req.Header.Set("Authorization", "Bearer "+s.APIKey())
	first := make(chan error, 1)
	go func() {
		_, err := client.Do(req)
		first <- err
	}()
	waitRequests(1)
	cancel() // the client gives up: the hanging request ends
	if err := <-first; err == nil {
		t.Error("a hanging request answered")
	}

	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("POST", s.URL()+"/v3/mail/send", strings.NewReader(goodMail))
		req.Header.Set("Authorization", "Bearer "+s.APIKey())
		_, err := client.Do(req)
		errc <- err
	}()
	waitRequests(2)
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close blocked on a hanging request")
	}
	<-errc
	s.Close() // a second Close is harmless
}

func TestFakeRecordsDecodedRequest(t *testing.T) {
	t.Parallel()
	s := sendgridfake.New(t, sendgridfake.Options{})
	body := strings.Replace(goodMail, `"subject":"Hi",`, `"subject":"Hi","custom_args":{"campaign":"7"},`, 1)
	post(t, s, "POST", "/v3/mail/send", s.APIKey(), body)
	r := s.Accepted()[0]
	var raw map[string]any
	if err := json.Unmarshal(r.Body, &raw); err != nil || r.Mail.CustomArgs["campaign"] != "7" || r.Seq != 1 {
		t.Errorf("recorded %+v (%v)", r, err)
	}
	s.Reset()
	if s.Requests() != 0 || len(s.Accepted()) != 0 || s.Messages() != 0 {
		t.Error("Reset kept state")
	}
}
