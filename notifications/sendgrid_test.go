package notifications_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
)

// newSender points a SendGrid sender at fake, with short backoffs so retry tests are fast.
func newSender(fake *sendgridfake.Server, tweak func(*notifications.SendGridConfig)) *notifications.SendGrid {
	cfg := notifications.SendGridConfig{
		APIKey:      fake.APIKey(),
		BaseURL:     fake.URL(),
		From:        "Confer <confer@example.nhs.uk>",
		Timeout:     2 * time.Second,
		BackoffBase: 10 * time.Millisecond,
		BackoffMax:  50 * time.Millisecond,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	return notifications.NewSendGrid(cfg)
}

func sampleMessage() *notifications.Message {
	return &notifications.Message{
		To: "Ann.Smith@example.nhs.uk", ToName: "Ann Smith", Subject: "Hello",
		Text: "plain body", HTML: "<p>html body</p>", ReplyTo: "Team <team@example.nhs.uk>",
		Attachments: []notifications.Attachment{{Filename: "invite.ics", ContentType: "text/calendar", Content: []byte("BEGIN:VCALENDAR")}},
		Headers:     map[string]string{"List-Unsubscribe": "<https://confer.example/u/1>"},
		Categories:  []string{"signin"},
		CustomArgs:  map[string]string{"message_id": "42"},
	}
}

// sendError asserts err is a *SendError and returns it.
func sendError(t *testing.T, err error) *notifications.SendError {
	t.Helper()
	se, ok := errors.AsType[*notifications.SendError](err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *SendError", err, err)
	}
	return se
}

func TestSendGridSendsWellFormedRequest(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	if err := newSender(fake, nil).Send(t.Context(), sampleMessage()); err != nil {
		t.Fatal(err)
	}
	got := fake.Accepted()
	if len(got) != 1 || fake.Requests() != 1 {
		t.Fatalf("accepted %d of %d requests, want 1 of 1", len(got), fake.Requests())
	}
	r := got[0]
	if h := r.Header.Get("Authorization"); h != "Bearer "+fake.APIKey() {
		t.Errorf("Authorization = %q", h)
	}
	m := r.Mail
	if m.From.Address != "confer@example.nhs.uk" || m.From.Name != "Confer" {
		t.Errorf("from = %+v", m.From)
	}
	if m.Subject != "Hello" || m.ReplyTo == nil || m.ReplyTo.Address != "team@example.nhs.uk" {
		t.Errorf("subject %q, reply-to %+v", m.Subject, m.ReplyTo)
	}
	if to := m.Personalizations[0].To[0]; to.Address != "Ann.Smith@example.nhs.uk" || to.Name != "Ann Smith" {
		t.Errorf("to = %+v", to)
	}
	if len(m.Content) != 2 || m.Content[0].Type != "text/plain" || m.Content[1].Type != "text/html" ||
		m.Content[0].Value != "plain body" {
		t.Errorf("content = %+v %+v", m.Content[0], m.Content[1])
	}
	a := m.Attachments[0]
	raw, err := base64.StdEncoding.DecodeString(a.Content)
	if err != nil || string(raw) != "BEGIN:VCALENDAR" || a.Disposition != "attachment" || a.Type != "text/calendar" {
		t.Errorf("attachment = %+v (decoded %q, %v)", a, raw, err)
	}
	if m.Headers["List-Unsubscribe"] == "" || m.Categories[0] != "signin" || m.CustomArgs["message_id"] != "42" {
		t.Errorf("headers %v, categories %v, custom_args %v", m.Headers, m.Categories, m.CustomArgs)
	}
}

func TestSendGridWrongKeyIsPermanent(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{APIKey: "SG.right"})
	s := newSender(fake, func(c *notifications.SendGridConfig) { c.APIKey = "SG.wrong" })
	se := sendError(t, s.Send(t.Context(), sampleMessage()))
	if se.Status != 401 || se.Temporary || !strings.Contains(se.Message, "authorization grant is invalid") {
		t.Errorf("got %+v", se)
	}
	if fake.Requests() != 1 {
		t.Errorf("%d requests, want 1 (no retry)", fake.Requests())
	}
}

func TestSendGridHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{
		Responses: []sendgridfake.Response{sendgridfake.RateLimited("1"), sendgridfake.Accepted()},
	})
	start := time.Now()
	if err := newSender(fake, nil).Send(t.Context(), sampleMessage()); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %v, want at least the 1s Retry-After", waited)
	}
	if fake.Requests() != 2 || len(fake.Accepted()) != 1 {
		t.Errorf("%d requests, %d accepted; want 2 and 1", fake.Requests(), len(fake.Accepted()))
	}
}

func TestSendGridRetriesServerErrors(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{
		sendgridfake.ServerError(), sendgridfake.Unavailable(""), sendgridfake.Accepted(),
	}})
	if err := newSender(fake, nil).Send(t.Context(), sampleMessage()); err != nil {
		t.Fatal(err)
	}
	if fake.Requests() != 3 || fake.Messages() != 1 {
		t.Errorf("%d requests, %d messages; want 3 and 1", fake.Requests(), fake.Messages())
	}
}

func TestSendGridStopsAfterMaxRetries(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{
		Hook: func(*sendgridfake.Request) sendgridfake.Response { return sendgridfake.ServerError() },
	})
	s := newSender(fake, func(c *notifications.SendGridConfig) { c.MaxRetries = 2 })
	se := sendError(t, s.Send(t.Context(), sampleMessage()))
	if se.Status != 500 || !se.Temporary {
		t.Errorf("got %+v, want a temporary 500", se)
	}
	if fake.Requests() != 3 {
		t.Errorf("%d requests, want 3 (1 + 2 retries)", fake.Requests())
	}
}

func TestSendGridBadRequestIsNotRetried(t *testing.T) {
	t.Parallel()
	const msg = "The from address does not match a verified Sender Identity."
	fake := sendgridfake.New(t, sendgridfake.Options{
		Responses: []sendgridfake.Response{sendgridfake.BadRequest(msg, "from")},
	})
	err := newSender(fake, nil).Send(t.Context(), sampleMessage())
	se := sendError(t, err)
	if se.Status != 400 || se.Temporary || !strings.Contains(se.Message, msg) || !strings.Contains(err.Error(), "(from)") {
		t.Errorf("got %+v / %q", se, err)
	}
	if fake.Requests() != 1 {
		t.Errorf("%d requests, want 1", fake.Requests())
	}
}

func TestSendGridGivesUpOnHangingServer(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{
		Hook: func(*sendgridfake.Request) sendgridfake.Response { return sendgridfake.Hang() },
	})
	s := newSender(fake, func(c *notifications.SendGridConfig) {
		c.Timeout = 200 * time.Millisecond
		c.MaxRetries = 1
	})
	start := time.Now()
	se := sendError(t, s.Send(t.Context(), sampleMessage()))
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v; two 200ms attempts should end well within 2s", elapsed)
	}
	if se.Status != 0 || !se.Temporary || se.Err == nil {
		t.Errorf("got %+v, want a temporary network error", se)
	}
	if fake.Requests() != 2 {
		t.Errorf("%d requests, want 2", fake.Requests())
	}
}

func TestSendGridRespectsContext(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{
		Hook: func(*sendgridfake.Request) sendgridfake.Response { return sendgridfake.Hang() },
	})
	s := newSender(fake, func(c *notifications.SendGridConfig) { c.Timeout = time.Minute })
	// The context ends once the request hangs at the fake (a fixed deadline from the start
	// could pass before the request arrived, on a busy machine); Send must return then,
	// long before its own minute-long timeout.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var ended atomic.Int64
	go func() {
		for fake.Requests() < 1 && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		ended.Store(time.Now().UnixNano())
		cancel()
	}()
	err := s.Send(ctx, sampleMessage())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if elapsed := time.Since(time.Unix(0, ended.Load())); elapsed > 20*time.Second {
		t.Errorf("Send took %v to return after its context ended", elapsed)
	}
	if fake.Requests() != 1 {
		t.Errorf("%d requests, want 1", fake.Requests())
	}
}

func TestSendGridDoesNotSleepPastDeadline(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{
		Responses: []sendgridfake.Response{sendgridfake.RateLimited("30")},
	})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	se := sendError(t, newSender(fake, nil).Send(ctx, sampleMessage()))
	if time.Since(start) > time.Second || se.Status != 429 || !se.Temporary || se.RetryAfter != 30*time.Second {
		t.Errorf("after %v got %+v; want an immediate 429 with RetryAfter 30s", time.Since(start), se)
	}
}

func TestSendGridRejectsInvalidMessages(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	s := newSender(fake, nil)
	cases := map[string]func(m *notifications.Message){
		"no recipient":       func(m *notifications.Message) { m.To = "" },
		"display name in to": func(m *notifications.Message) { m.To = "Ann <ann@example.nhs.uk>" },
		"no subject":         func(m *notifications.Message) { m.Subject = " " },
		"header injection":   func(m *notifications.Message) { m.Subject = "Hi\r\nBcc: x@evil.example" },
		"no body":            func(m *notifications.Message) { m.Text, m.HTML = "", "" },
		"inline without cid": func(m *notifications.Message) { m.Attachments[0].Disposition = "inline" },
		"bad header name":    func(m *notifications.Message) { m.Headers = map[string]string{"X Bad": "1"} },
		// SendGrid answers 400 "The attachment type cannot contain ';', or CRLF characters."
		"attachment type with parameters": func(m *notifications.Message) { m.Attachments[0].ContentType = "text/calendar; method=REQUEST" },
		"text as an alternative": func(m *notifications.Message) {
			m.Alternatives = []notifications.Part{{ContentType: "text/plain", Content: "x"}}
		},
		"empty alternative": func(m *notifications.Message) {
			m.Alternatives = []notifications.Part{{ContentType: "text/calendar; method=REQUEST"}}
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			m := sampleMessage()
			mutate(m)
			if err := s.Send(t.Context(), m); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("err = %v, want an invalid error", err)
			}
		})
	}
	if fake.Requests() != 0 {
		t.Errorf("%d requests reached SendGrid", fake.Requests())
	}
}

func TestSendGridMisconfigured(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{})
	for name, tweak := range map[string]func(*notifications.SendGridConfig){
		"bad from": func(c *notifications.SendGridConfig) { c.From = "not an address" },
		"bad url":  func(c *notifications.SendGridConfig) { c.BaseURL = "ftp://x" },
		"no key":   func(c *notifications.SendGridConfig) { c.APIKey = "" },
	} {
		se := sendError(t, newSender(fake, tweak).Send(t.Context(), sampleMessage()))
		if se.Temporary {
			t.Errorf("%s: %+v should be permanent", name, se)
		}
	}
	if fake.Requests() != 0 {
		t.Errorf("%d requests sent while misconfigured", fake.Requests())
	}
}

func TestSendGridNeverLogsSecrets(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	fake := sendgridfake.New(t, sendgridfake.Options{Responses: []sendgridfake.Response{
		sendgridfake.ServerError(), sendgridfake.Accepted(),
	}})
	s := newSender(fake, func(c *notifications.SendGridConfig) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	if err := s.Send(t.Context(), sampleMessage()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Fatalf("expected a retry log line, got %q", logs.String())
	}
	for _, secret := range []string{fake.APIKey(), "plain body", "html body", "Ann.Smith"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, logs.String())
		}
	}
}

func TestSendGridConcurrentSends(t *testing.T) {
	t.Parallel()
	fake := sendgridfake.New(t, sendgridfake.Options{Latency: 20 * time.Millisecond})
	s := newSender(fake, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() { errs <- s.Send(t.Context(), sampleMessage()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := fake.MessagesTo("ann.smith@example.nhs.uk"); n != 20 {
		t.Errorf("%d messages, want 20", n)
	}
}
