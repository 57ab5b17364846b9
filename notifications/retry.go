package notifications

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sendgrid/rest"
	"github.com/sendgrid/sendgrid-go"
)

// maxRetryAfter is the longest Retry-After we sleep through. Longer than this, a sign-in
// request or a campaign worker should not hold its goroutine: Send returns a temporary
// SendError carrying RetryAfter, and the caller reschedules.
const maxRetryAfter = 5 * time.Minute

// retryAfterCeiling clamps absurd Retry-After values so durations never overflow.
const retryAfterCeiling = 24 * time.Hour

// post sends body until SendGrid accepts it, fails permanently, the retries run out, or
// ctx ends. A retried request may be delivered twice if SendGrid accepted an attempt
// whose answer was lost (a timeout); for sign-in links and campaigns that is the lesser
// harm than not sending at all.
func (s *SendGrid) post(ctx context.Context, body []byte, recipients int) error {
	for attempt := 0; ; attempt++ {
		err := s.attempt(ctx, body, recipients)
		var se *SendError
		if err == nil || !errors.As(err, &se) || !se.Temporary || attempt >= s.maxRetries ||
			ctx.Err() != nil || retryStopped(ctx) || se.RetryAfter > maxRetryAfter {
			return err
		}
		wait := s.backoff(attempt, se.RetryAfter)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return err // we would wake up after the caller has given up
		}
		s.log.Warn("sendgrid: retrying", "status", se.Status, "attempt", attempt+1,
			"wait", wait, "recipients", recipients, "error", se.Message)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return &SendError{Message: "gave up waiting to retry after: " + se.Message,
				Status: se.Status, Temporary: true, Err: ctx.Err()}
		case <-retryStop(ctx): // the caller is leaving: the last answer stands (withRetryStop)
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// attempt makes one request. The rest.Request is built fresh each time (it holds a
// header map) so concurrent sends never share one.
func (s *SendGrid) attempt(ctx context.Context, body []byte, recipients int) error {
	req := sendgrid.GetRequest(s.key, mailSendEndpoint, s.host)
	req.Method = rest.Post
	req.Body = body
	started := time.Now()
	resp, err := s.client.SendWithContext(ctx, req)
	s.observe(resp, time.Since(started))
	if resp == nil { // no answer at all: network failure, timeout or cancellation
		if ctx.Err() != nil {
			return &SendError{Message: "cancelled: " + ctx.Err().Error(), Temporary: true, Err: ctx.Err()}
		}
		return &SendError{Message: err.Error(), Temporary: true, Err: err}
	}
	// A response whose body failed to read still has a trustworthy status, so use it:
	// re-sending an accepted mail because its empty 202 body was cut off would duplicate it.
	header := http.Header(resp.Headers)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		s.log.Debug("sendgrid: accepted", "status", resp.StatusCode,
			"message_id", header.Get("X-Message-Id"), "recipients", recipients)
		return nil
	}
	se := &SendError{Status: resp.StatusCode, Message: errorMessage(resp.StatusCode, resp.Body)}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		se.Temporary = true
		se.RetryAfter = retryAfter(header, true, time.Now())
	case resp.StatusCode == http.StatusServiceUnavailable:
		se.Temporary = true
		se.RetryAfter = retryAfter(header, false, time.Now())
	case resp.StatusCode >= 500:
		se.Temporary = true
	}
	return se
}

// backoff is how long to wait before retry number attempt+1: what SendGrid asked for plus
// a little jitter, or else exponential backoff with "equal jitter" (half fixed, half
// random) so a fleet of workers hit by the same outage does not retry in lockstep.
func (s *SendGrid) backoff(attempt int, asked time.Duration) time.Duration {
	if asked > 0 {
		return asked + rand.N(s.base/4+1)
	}
	d := s.limit
	if attempt < 32 && s.base<<attempt < s.limit && s.base<<attempt > 0 {
		d = s.base << attempt
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads how long SendGrid asked us to wait: Retry-After (seconds or an HTTP
// date), or on a 429 SendGrid's own X-RateLimit-Reset (a Unix time). Zero if neither.
func retryAfter(h http.Header, rateLimited bool, now time.Time) time.Duration {
	if d, ok := parseRetryAfter(h.Get("Retry-After"), now); ok {
		return d
	}
	if rateLimited {
		if n, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil {
			return clampWait(time.Unix(n, 0).Sub(now))
		}
	}
	return 0
}

// parseRetryAfter parses a Retry-After value (RFC 9110 §10.2.3): a number of seconds or
// an HTTP date. ok is false for an empty or malformed value. The result is never
// negative and never more than retryAfterCeiling.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if strings.Trim(v, "0123456789") == "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n > uint64(retryAfterCeiling/time.Second) {
			return retryAfterCeiling, true // only overflow fails here: "very long"
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return clampWait(t.Sub(now)), true
}

func clampWait(d time.Duration) time.Duration {
	return min(max(d, 0), retryAfterCeiling)
}
