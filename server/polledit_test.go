package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/polls"
)

// pollList reads a workshop's polls, in order, through the API.
func (e *testEnv) pollList(w testWorkshop) []polls.WorkshopPoll {
	e.t.Helper()
	var out struct {
		Polls []polls.WorkshopPoll `json:"polls"`
	}
	r := e.do("GET", fmt.Sprintf("/api/v1/workshops/%d", w.ID), nil, "token", w.token)
	if r.Status != http.StatusOK {
		e.t.Fatalf("get workshop: %s", r)
	}
	r.JSON(e.t, &out)
	return out.Polls
}

func questions(ps []polls.WorkshopPoll) string {
	qs := make([]string, len(ps))
	for i, p := range ps {
		qs[i] = fmt.Sprintf("%d:%s", p.Position, p.Question)
	}
	return strings.Join(qs, ", ")
}

var dayPoll = map[string]any{"kind": "single", "question": "Best day?", "options": []string{"Mon", "Tue"}}

// TestPollEditBeforeTheFirstVoteOnly: a draft poll can be changed and deleted; an open poll
// cannot (close it first); once anyone has voted, change and delete are 409 with a field
// and nothing changes, and duplicating gives a fresh draft right after it.
func TestPollEditBeforeTheFirstVoteOnly(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	first := e.newPoll(w, dayPoll)
	second := e.newPoll(w, map[string]any{"kind": "scale", "question": "How ready?"})
	url := func(id uint, rest string) string { return fmt.Sprintf("/api/v1/polls/%d%s", id, rest) }
	auth := []string{"token", w.token}
	e.run([]scenario{
		{name: "edit a draft", method: "PATCH", url: url(first, ""), headers: auth, status: 200,
			body:     map[string]any{"kind": "multiple", "question": "Best days?", "options": []string{"Mon", "Tue", "Wed"}},
			contains: []string{`"question":"Best days?"`, `"options":["Mon","Tue","Wed"]`, `"kind":"multiple"`, `"position":1`}},
		{name: "an edit is validated", method: "PATCH", url: url(first, ""), headers: auth, status: 422,
			body: map[string]any{"kind": "single", "question": "One?", "options": []string{"Only"}}, contains: []string{`"field":"options"`}},
		{name: "an edit names kind and question", method: "PATCH", url: url(first, ""), headers: auth, status: 422,
			body: map[string]any{"question": "No kind"}, contains: []string{`"field":"kind"`}},
		{name: "unknown fields are refused", method: "PATCH", url: url(first, ""), headers: auth, status: 400,
			body: map[string]any{"kind": "open", "question": "Q", "state": "closed"}},
		{name: "no such poll", method: "PATCH", url: url(99999, ""), headers: auth, status: 404, body: dayPoll},
		{name: "delete a draft", method: "DELETE", url: url(second, ""), headers: auth, status: 204},
		{name: "deleted is gone", method: "DELETE", url: url(second, ""), headers: auth, status: 404},
	})
	if got := questions(e.pollList(w)); got != "1:Best days?" {
		t.Fatalf("after edit and delete: %s", got)
	}

	e.pollAction(w, first, "open")
	e.run([]scenario{
		{name: "an open poll is not edited", method: "PATCH", url: url(first, ""), headers: auth, status: 409, body: dayPoll,
			contains: []string{`"field":"state"`, "close the poll"}},
		{name: "nor deleted", method: "DELETE", url: url(first, ""), headers: auth, status: 409, contains: []string{`"field":"state"`}},
	})
	voter := e.join(w.JoinCode, "")
	if f := voter.vote(map[string]any{"poll_id": first, "choices": []int{2}}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	e.pollAction(w, first, "close")
	e.run([]scenario{
		{name: "edit after a vote", method: "PATCH", url: url(first, ""), headers: auth, status: 409, body: dayPoll,
			contains: []string{`"field":"poll"`, "duplicate it instead"}},
		{name: "delete after a vote", method: "DELETE", url: url(first, ""), headers: auth, status: 409,
			contains: []string{`"field":"poll"`}},
		{name: "duplicate after a vote", method: "POST", url: url(first, "/duplicate"), headers: auth, status: 201,
			contains: []string{`"question":"Best days?"`, `"state":"draft"`, `"revealed":false`, `"position":2`}},
	})
	if r := e.results(w, first); r.Total != 1 {
		t.Fatalf("the answered poll lost its vote: %+v", r)
	}
	polls := e.pollList(w)
	if got := questions(polls); got != "1:Best days?, 2:Best days?" || polls[0].Votes != 1 || polls[1].Votes != 0 {
		t.Fatalf("after duplicate: %s, votes %d and %d", got, polls[0].Votes, polls[1].Votes)
	}
	if r := e.results(w, polls[1].ID); r.Total != 0 {
		t.Fatalf("the copy has votes: %+v", r)
	}
	// The copy goes just after its original, not at the end.
	third := e.newPoll(w, map[string]any{"kind": "open", "question": "Anything else?"})
	e.run([]scenario{{name: "duplicate in the middle", method: "POST", url: url(first, "/duplicate"), headers: auth, status: 201}})
	if got := questions(e.pollList(w)); got != "1:Best days?, 2:Best days?, 3:Best days?, 4:Anything else?" {
		t.Fatalf("after a second duplicate: %s (poll %d)", got, third)
	}
}

// TestEditedPollReachesTheRoom: a current poll closed with no votes and then edited shows
// its new question to phones at once, and on another instance too (the cached poll is
// dropped, not kept with the old question).
func TestEditedPollReachesTheRoom(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	id := e.newPoll(w, dayPoll, "open", "close")
	conns := map[string]*wsConn{"this instance": e.join(w.JoinCode, "")}
	if e.store.IsPostgres() { // instances share live state through Postgres LISTEN/NOTIFY
		conns["another instance"] = e.restart().join(w.JoinCode, "")
	}
	for _, c := range conns {
		if c.hello.State.Poll == nil || c.hello.State.Poll.Question != "Best day?" {
			t.Fatalf("hello: %s", c.hello.raw)
		}
	}
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/polls/%d", id), map[string]any{"kind": "single", "question": "Best evening?",
		"options": []string{"Mon", "Tue"}}, "token", w.token); r.Status != 200 {
		t.Fatalf("edit: %s", r)
	}
	for name, c := range conns {
		c.until(func(f frame) bool {
			return f.Type == "state" && f.State.Poll != nil && f.State.Poll.Question == "Best evening?"
		}, name+": the edited question")
	}
	// Deleting the current poll leaves the room with none.
	if r := e.do("DELETE", fmt.Sprintf("/api/v1/polls/%d", id), nil, "token", w.token); r.Status != 204 {
		t.Fatalf("delete: %s", r)
	}
	conns["this instance"].until(func(f frame) bool { return f.Type == "state" && f.State.Poll == nil }, "no poll")
	if fresh := e.join(w.JoinCode, ""); fresh.hello.State.Poll != nil {
		t.Fatalf("hello after delete: %s", fresh.hello.raw)
	}
}

// TestReorderPolls: PUT poll-order sets the order (positions 1..n), refuses anything but
// every poll once, and "next" follows the new order.
func TestReorderPolls(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	a := e.newPoll(w, map[string]any{"kind": "open", "question": "A"})
	b := e.newPoll(w, map[string]any{"kind": "open", "question": "B"})
	c := e.newPoll(w, map[string]any{"kind": "open", "question": "C"})
	other := e.newWorkshop(w.token)
	x := e.newPoll(other, map[string]any{"kind": "open", "question": "X"})
	url := fmt.Sprintf("/api/v1/workshops/%d/poll-order", w.ID)
	auth := []string{"token", w.token}
	e.run([]scenario{
		{name: "a missing poll", method: "PUT", url: url, headers: auth, body: map[string]any{"poll_ids": []uint{c, a}},
			status: 422, contains: []string{`"field":"poll_ids"`}},
		{name: "a repeated poll", method: "PUT", url: url, headers: auth, body: map[string]any{"poll_ids": []uint{c, a, a}},
			status: 422, contains: []string{`"field":"poll_ids"`}},
		{name: "another workshop's poll", method: "PUT", url: url, headers: auth, body: map[string]any{"poll_ids": []uint{c, a, x}},
			status: 422, contains: []string{`"field":"poll_ids"`}},
		{name: "no body", method: "PUT", url: url, headers: auth, body: map[string]any{}, status: 422},
		{name: "no such workshop", method: "PUT", url: "/api/v1/workshops/99999/poll-order", headers: auth,
			body: map[string]any{"poll_ids": []uint{}}, status: 404},
		{name: "reorder", method: "PUT", url: url, headers: auth, body: map[string]any{"poll_ids": []uint{c, a, b}}, status: 200},
	})
	if got := questions(e.pollList(w)); got != "1:C, 2:A, 3:B" {
		t.Fatalf("after reorder: %s", got)
	}
	var seen []string
	for range 3 {
		r := e.do("POST", fmt.Sprintf("/api/v1/workshops/%d/next", w.ID), nil, "token", w.token)
		var p polls.PollView
		if err := json.Unmarshal(r.Body, &p); err != nil || r.Status != 200 {
			t.Fatalf("next: %s", r)
		}
		seen = append(seen, p.Question)
	}
	if strings.Join(seen, "") != "CAB" {
		t.Fatalf("next went %v", seen)
	}
	if r := e.do("POST", fmt.Sprintf("/api/v1/workshops/%d/next", w.ID), nil, "token", w.token); r.Status != 409 {
		t.Fatalf("next after the last: %s", r)
	}
}

// TestPollEditingIsForTheWorkshopsOwners: another facilitator gets 403 on editing,
// deleting, duplicating and reordering, and nothing changes; a co-facilitator and an
// admin may; an unknown poll is 404 and a signed-out caller 401.
func TestPollEditingIsForTheWorkshopsOwners(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	id := e.newPoll(w, dayPoll)
	spare := e.newPoll(w, map[string]any{"kind": "open", "question": "Spare"})
	routes := func(who string) []scenario {
		h := []string{"token", who}
		return []scenario{
			{name: "edit", method: "PATCH", url: fmt.Sprintf("/api/v1/polls/%d", id), headers: h, status: 200,
				body: map[string]any{"kind": "single", "question": "Edited by " + who[:8], "options": []string{"Mon", "Tue"}}},
			{name: "reorder", method: "PUT", url: fmt.Sprintf("/api/v1/workshops/%d/poll-order", w.ID), headers: h, status: 200,
				body: map[string]any{"poll_ids": e.pollIDs(w, true)}},
			{name: "duplicate", method: "POST", url: fmt.Sprintf("/api/v1/polls/%d/duplicate", id), headers: h, status: 201},
		}
	}
	other := e.tokenFor(models.RoleFacilitator)
	refused := append(routes(other), scenario{name: "delete", method: "DELETE", url: fmt.Sprintf("/api/v1/polls/%d", spare)})
	for i := range refused {
		refused[i].headers, refused[i].status = []string{"token", other}, http.StatusForbidden
		refused[i].contains = []string{"or an admin"}
	}
	refused = append(refused,
		scenario{name: "signed out", method: "DELETE", url: fmt.Sprintf("/api/v1/polls/%d", spare), status: 401},
		scenario{name: "unknown poll", method: "DELETE", url: "/api/v1/polls/99999", headers: []string{"token", other}, status: 404},
		scenario{name: "comms", method: "POST", url: fmt.Sprintf("/api/v1/polls/%d/duplicate", id),
			headers: []string{"token", e.tokenFor(models.RoleComms)}, status: 403},
		scenario{name: "others see can_edit false", method: "GET", url: fmt.Sprintf("/api/v1/workshops/%d", w.ID),
			headers: []string{"token", other}, status: 200, contains: []string{`"can_edit":false`}},
	)
	before := questions(e.pollList(w))
	e.run(refused)
	if after := questions(e.pollList(w)); after != before {
		t.Fatalf("a refused facilitator changed the polls: %s -> %s", before, after)
	}

	co := e.tokenFor(models.RoleFacilitator)
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/workshops/%d", w.ID), map[string]any{"facilitator_ids": []uint{e.userID(co)}},
		"token", w.token); r.Status != 200 {
		t.Fatalf("add co-facilitator: %s", r)
	}
	for _, who := range []string{co, e.tokenFor(models.RoleAdmin)} {
		e.run(routes(who))
	}
	e.run([]scenario{{name: "admin deletes", method: "DELETE", url: fmt.Sprintf("/api/v1/polls/%d", spare),
		headers: []string{"token", e.tokenFor(models.RoleAdmin)}, status: 204}})
}

// pollIDs lists a workshop's poll ids in order, or reversed.
func (e *testEnv) pollIDs(w testWorkshop, reversed bool) []uint {
	polls := e.pollList(w)
	ids := make([]uint, len(polls))
	for i, p := range polls {
		if reversed {
			ids[len(polls)-1-i] = p.ID
		} else {
			ids[i] = p.ID
		}
	}
	return ids
}

// TestJoinCodeLookup: the join page checks a code over HTTP first. A right code (any
// case, with spaces or a dash) names the workshop; a wrong one is 404 "No workshop with
// code X" with field code, at once; lookups share the socket's per-address budget.
func TestJoinCodeLookup(t *testing.T) {
	t.Parallel()
	const limit = 4
	e := newTestEnv(t, func(c *web.Config) { c.RateLimit = limit })
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	messy := strings.ToLower(w.JoinCode[:3]) + "-" + w.JoinCode[3:]
	e.run([]scenario{
		{name: "right code", method: "GET", url: "/api/v1/join/" + messy, status: 200,
			contains: []string{`"title":"Winter pressures workshop"`, `"join_code":"` + w.JoinCode + `"`}, notContains: []string{"created_by"}},
		{name: "wrong code", method: "GET", url: "/api/v1/join/zzzz22", status: 404,
			contains: []string{`"error":"No workshop with code ZZZZ22"`, `"field":"code"`}},
	})
	upgrade := []string{"Connection", "Upgrade", "Upgrade", "websocket", "Sec-WebSocket-Version", "13",
		"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}
	if r := e.do("GET", "/ws/join/ZZZZ33", nil, upgrade...); r.Status != 404 {
		t.Fatalf("socket lookup: %s", r)
	}
	if r := e.do("GET", "/api/v1/join/ZZZZ44", nil); r.Status != 404 {
		t.Fatalf("fourth lookup: %s", r)
	}
	r := e.do("GET", "/api/v1/join/"+w.JoinCode, nil)
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("a lookup past the shared limit: %s, want 429", r)
	}
}
