package notifications

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// SendError is a failed delivery to SendGrid. Temporary says whether trying again later
// might succeed (rate limits, 5xx, timeouts, network failures); a permanent error (a
// rejected request, a bad key) will fail the same way however often it is retried.
type SendError struct {
	Status     int           // HTTP status, 0 when no response arrived
	Message    string        // SendGrid's error messages, or what went wrong on the way
	Temporary  bool          // worth retrying later
	RetryAfter time.Duration // how long SendGrid asked us to wait, when it said so
	Err        error         // underlying network or context error, if any
}

func (e *SendError) Error() string {
	if e.Status == 0 {
		return "sendgrid: " + e.Message
	}
	return fmt.Sprintf("sendgrid: status %d: %s", e.Status, e.Message)
}

// Unwrap exposes the network or context error, so errors.Is(err, context.Canceled) works.
func (e *SendError) Unwrap() error { return e.Err }

// apiErrors is the error body SendGrid's v3 API returns.
type apiErrors struct {
	Errors []struct {
		Message string `json:"message"`
		Field   any    `json:"field"` // a string, or null
	} `json:"errors"`
}

// maxErrorText bounds the message we keep from an error body: enough for every real
// SendGrid message, without carrying a whole HTML error page from a proxy.
const maxErrorText = 1000

// errorMessage extracts SendGrid's messages from an error body ("message (field)", joined
// by "; "), falling back to the raw body or the status text when it is not that JSON.
func errorMessage(status int, body string) string {
	var ae apiErrors
	var parts []string
	if json.Unmarshal([]byte(body), &ae) == nil {
		for _, e := range ae.Errors {
			msg := strings.TrimSpace(e.Message)
			if f, ok := e.Field.(string); ok && f != "" {
				msg = strings.TrimSpace(msg + " (" + f + ")")
			}
			if msg != "" {
				parts = append(parts, msg)
			}
		}
	}
	msg := strings.Join(parts, "; ")
	if msg == "" {
		msg = strings.TrimSpace(body)
	}
	if msg = strings.ToValidUTF8(msg, "\uFFFD"); msg == "" {
		return fmt.Sprintf("HTTP %d", status)
	}
	return truncate(msg, maxErrorText)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
