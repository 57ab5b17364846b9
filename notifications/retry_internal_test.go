package notifications

import (
	"net/http"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"1", time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999999999999999", retryAfterCeiling, true},
		{"-5", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
	}
	for _, c := range cases {
		got, ok := parseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestRetryAfterFallsBackToRateLimitReset(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	h := http.Header{"X-Ratelimit-Reset": {strconv.FormatInt(now.Unix()+3, 10)}}
	if got := retryAfter(h, true, now); got != 3*time.Second {
		t.Errorf("429 with X-RateLimit-Reset: %v, want 3s", got)
	}
	if got := retryAfter(h, false, now); got != 0 {
		t.Errorf("503 ignores X-RateLimit-Reset, got %v", got)
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	t.Parallel()
	s := NewSendGrid(SendGridConfig{BackoffBase: 100 * time.Millisecond, BackoffMax: time.Second})
	for attempt := range 70 {
		d := s.backoff(attempt, 0)
		ceiling := min(100*time.Millisecond<<min(attempt, 20), time.Second)
		if d < ceiling/2 || d > ceiling {
			t.Errorf("attempt %d: %v outside [%v, %v]", attempt, d, ceiling/2, ceiling)
		}
	}
	if d := s.backoff(0, 2*time.Second); d < 2*time.Second {
		t.Errorf("asked for 2s, waited %v", d)
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	body := `{"errors":[{"message":"bad from","field":"from.email","help":null},{"message":"bad to","field":null}]}`
	if got := errorMessage(400, body); got != "bad from (from.email); bad to" {
		t.Errorf("got %q", got)
	}
	if got := errorMessage(502, "<html>bad gateway</html>"); got != "<html>bad gateway</html>" {
		t.Errorf("got %q", got)
	}
	if got := errorMessage(500, ""); got != "HTTP 500" {
		t.Errorf("got %q", got)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, s := range []string{"1", "0", "120", "Sat, 01 Mar 2025 12:00:30 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994", "", "-1", "1e3", "18446744073709551616", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, now)
		if d < 0 || d > retryAfterCeiling {
			t.Fatalf("parseRetryAfter(%q) = %v, out of [0, %v]", s, d, retryAfterCeiling)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v but not ok", s, d)
		}
		if n, err := strconv.ParseUint(s, 10, 32); err == nil && n < 86400 && ok && d != time.Duration(n)*time.Second {
			t.Fatalf("parseRetryAfter(%q) = %v, want %ds", s, d, n)
		}
		if d2, ok2 := parseRetryAfter(s, now); d2 != d || ok2 != ok {
			t.Fatalf("parseRetryAfter(%q) not deterministic", s)
		}
	})
}

// FuzzErrorMessage checks that any error body, JSON or not, yields a bounded, non-empty,
// valid UTF-8 message.
func FuzzErrorMessage(f *testing.F) {
	for _, s := range []string{`{"errors":[{"message":"m","field":"f"}]}`, `{"errors":[{"field":3}]}`,
		`{"errors":null}`, "<html>", "", "\xff\xfe"} {
		f.Add(400, s)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		got := errorMessage(status, body)
		if got == "" || len(got) > maxErrorText+len("…") || !utf8.ValidString(got) {
			t.Fatalf("errorMessage(%d, %q) = %q", status, body, got)
		}
	})
}
