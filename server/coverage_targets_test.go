package server

import (
	"encoding/json"
	"net/http"
	"testing"

	ct "github.com/confer-nhs/confer/models/coveragetest"
)

// TestCoverageTargetsRoundTrip reads the targets, changes one value and puts back exactly
// what it read (ids and all), as the targets page does: the change must be saved, and a
// second save of the saved list must work too (issue 11: "Unknown field id").
func TestCoverageTargetsRoundTrip(t *testing.T) {
	t.Parallel()
	e, _, admin := coverageEnv(t)
	get := func() []map[string]any {
		t.Helper()
		r := e.do("GET", "/api/v1/coverage/targets", nil, "token", admin)
		if r.Status != http.StatusOK {
			t.Fatalf("GET targets: %s", r)
		}
		var ts []map[string]any
		r.JSON(t, &ts)
		if len(ts) != 3 || ts[0]["id"] == nil {
			t.Fatalf("GET targets: want 3 with ids, got %s", r.Body)
		}
		return ts
	}
	ts := get()
	ts[1]["min_percent"] = 65.5
	if r := e.do("PUT", "/api/v1/coverage/targets", map[string]any{"targets": ts}, "token", admin); r.Status != http.StatusOK {
		t.Fatalf("PUT what GET returned: %s", r)
	}
	again := get()
	if again[1]["min_percent"] != 65.5 || again[0]["staff_group"] != ct.Nursing {
		t.Fatalf("the change was not kept: %v", again)
	}
	// The bare list GET returns is accepted as it is, too.
	again[0]["min_percent"] = 7.0
	body, _ := json.Marshal(again)
	if r := e.do("PUT", "/api/v1/coverage/targets", body, "token", admin); r.Status != http.StatusOK {
		t.Fatalf("PUT the bare list GET returned: %s", r)
	}
	if got := get(); got[0]["min_percent"] != 7.0 || got[1]["min_percent"] != 65.5 {
		t.Fatalf("second save: %v", got)
	}
	// A field nobody reads or writes is still refused, naming the field.
	e.run([]scenario{
		{name: "unknown field", method: "PUT", url: "/api/v1/coverage/targets",
			body:    map[string]any{"targets": []map[string]any{{"stage": "reached", "min_percent": 5, "colour": "red"}}},
			headers: []string{"token", admin}, status: 400, contains: []string{`"field":"colour"`}},
		{name: "id not a number", method: "PUT", url: "/api/v1/coverage/targets",
			body:    map[string]any{"targets": []map[string]any{{"id": "x", "stage": "reached", "min_percent": 5}}},
			headers: []string{"token", admin}, status: 400, contains: []string{`"field":"targets.id"`}},
	})
}
