package server

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// testDecision is the part of a decision's JSON the tests read.
type testDecision struct {
	ID          uint       `json:"id"`
	Title       string     `json:"title"`
	Status      string     `json:"status"`
	Version     int        `json:"version"`
	PublishedAt *time.Time `json:"published_at"`
	Notified    int        `json:"notified"`
	Links       []struct {
		ID       uint   `json:"id"`
		Kind     string `json:"kind"`
		TargetID any    `json:"target_id"`
		Label    string `json:"label"`
		URL      string `json:"url"`
	} `json:"links"`
	Heard struct {
		Contributions     *int   `json:"contributions"`
		ContributionsText string `json:"contributions_text"`
	} `json:"heard"`
}

// newDecision records a decision as a team member and returns it.
func (e *testEnv) newDecision(token string, body map[string]any) testDecision {
	e.t.Helper()
	r := e.do("POST", "/api/v1/decisions", body, "token", token)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create decision: %s", r)
	}
	var d testDecision
	r.JSON(e.t, &d)
	return d
}

// linkDecision links a decision to a target and fails the test unless it is made.
func (e *testEnv) linkDecision(token string, id uint, kind string, target any) {
	e.t.Helper()
	r := e.do("POST", fmt.Sprintf("/api/v1/decisions/%d/links", id), map[string]any{"kind": kind, "id": target}, "token", token)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("link %s %v: %s", kind, target, r)
	}
}

// decide marks a decision decided, ready to publish.
func (e *testEnv) decide(token string, id uint) {
	e.t.Helper()
	r := e.do("PATCH", fmt.Sprintf("/api/v1/decisions/%d", id), map[string]any{"status": "decided",
		"decided": "Nurses get one order set for falls.", "decided_on": "2026-12-07", "decided_by": "Clinical design authority"},
		"token", token)
	if r.Status != http.StatusOK {
		e.t.Fatalf("decide: %s", r)
	}
}

// publishDecision publishes a decision and returns it.
func (e *testEnv) publishDecision(token string, id uint) testDecision {
	e.t.Helper()
	r := e.do("POST", fmt.Sprintf("/api/v1/decisions/%d/publish", id), nil, "token", token)
	if r.Status != http.StatusOK {
		e.t.Fatalf("publish: %s", r)
	}
	var d testDecision
	r.JSON(e.t, &d)
	return d
}

// noMailTo fails if anything was sent to addr.
func (e *testEnv) noMailTo(t *testing.T, addr string) {
	t.Helper()
	if got := e.mailsTo(addr); len(got) != 0 {
		t.Errorf("%s was mailed %d times (%q), want never", addr, len(got), got[0].Subject)
	}
}
