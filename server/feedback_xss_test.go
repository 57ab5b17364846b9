package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/models/feedback"
)

// xssPayloads are stored-XSS attempts: script tags, event handlers, javascript: URLs and
// breaking out of attributes. Each must come back byte for byte as text in JSON (which the
// SPA renders as text; the browser test checks the page).
var xssPayloads = []string{
	`<script>alert('xss-body')</script>`,
	`<img src=x onerror="alert('xss-img')">`,
	`<a href="javascript:alert('xss-link')">click me</a>`,
	`"><svg onload=alert('xss-svg')>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
}

func TestFeedbackXSSPayloadsComeBackInert(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	for i, payload := range xssPayloads {
		ch := e.newChannel(admin, map[string]any{"name": fmt.Sprintf("%s %d", payload, i), "description": payload})
		p := e.newPost(ch, map[string]any{"kind": "idea", "body": payload + "\nsecond line", "name": payload})
		tag := payload
		if len([]rune(tag)) > feedback.MaxTagLength {
			tag = string([]rune(tag)[:feedback.MaxTagLength])
		}
		r := e.do("PATCH", fmt.Sprintf("/api/v1/posts/%d", p.ID), map[string]any{"tags": []string{tag},
			"status": "actioned", "action_taken": payload}, "token", comms)
		if r.Status != 200 {
			t.Fatalf("triage: %s", r)
		}
		e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", p.ID), map[string]any{"body": payload, "public": true}, "token", comms)

		// Each view decodes to exactly the text sent: stored as given, never altered into
		// something else, and served as JSON (never HTML) so nothing runs.
		for _, url := range []string{
			fmt.Sprintf("/api/v1/channels/%d/posts", ch), "/api/v1/you-said-we-did",
			"/api/v1/follow/" + p.FollowToken, fmt.Sprintf("/api/v1/posts/%d", p.ID), "/api/v1/channels",
		} {
			r := e.do("GET", url, nil, "token", comms)
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%s: %s (%s)", url, r, r.Header.Get("Content-Type"))
			}
			if strings.Contains(string(r.Body), "<script>") {
				t.Fatalf("%s: raw < in JSON (should be \\u003c): %s", url, r.Body)
			}
			var v any
			json.Unmarshal(r.Body, &v)
			if !jsonContains(v, payload) {
				t.Fatalf("%s does not give back %q as text: %s", url, payload, r.Body)
			}
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Fatalf("no CSP on API responses: %q", csp)
		}
	}
}

// jsonContains reports whether s appears as (part of) any string in a decoded JSON value.
func jsonContains(v any, s string) bool {
	switch x := v.(type) {
	case string:
		return strings.Contains(x, s)
	case []any:
		for _, y := range x {
			if jsonContains(y, s) {
				return true
			}
		}
	case map[string]any:
		for _, y := range x {
			if jsonContains(y, s) {
				return true
			}
		}
	}
	return false
}
