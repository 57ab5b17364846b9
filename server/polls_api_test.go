package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"

	"github.com/confer-nhs/confer/server/polls"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

func TestWorkshopAndPollAPI(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	fac := e.tokenFor(models.RoleFacilitator)
	w := e.newWorkshop(fac)
	if len(w.JoinCode) != pollmodel.JoinCodeLength || strings.ContainsAny(w.JoinCode, "01OIL") {
		t.Fatalf("join code %q should be %d unambiguous characters", w.JoinCode, pollmodel.JoinCodeLength)
	}
	pollsURL := fmt.Sprintf("/api/v1/workshops/%d/polls", w.ID)
	tok := []string{"token", fac}
	e.run([]scenario{
		{name: "no title", method: "POST", url: "/api/v1/workshops", body: map[string]any{}, headers: tok, status: 422, contains: []string{`"field":"title"`}},
		{name: "blank title", method: "POST", url: "/api/v1/workshops", body: map[string]any{"title": "  "}, headers: tok, status: 422, contains: []string{`"field":"title"`}},
		{name: "unknown field", method: "POST", url: "/api/v1/workshops", body: map[string]any{"title": "x", "colour": 1}, headers: tok, status: 400, contains: []string{`"field":"colour"`}},
		{name: "with a session", method: "POST", url: "/api/v1/workshops", body: map[string]any{"title": "Linked", "session_id": 7}, headers: tok, status: 201, contains: []string{`"session_id":7`, `"join_code"`}},
		{name: "comms may not", method: "POST", url: "/api/v1/workshops", body: map[string]any{"title": "x"}, headers: []string{"token", e.tokenFor(models.RoleComms)}, status: 403},
		{name: "bad kind", method: "POST", url: pollsURL, body: map[string]any{"kind": "quiz", "question": "Q"}, headers: tok, status: 422, contains: []string{`"field":"kind"`}},
		{name: "one option", method: "POST", url: pollsURL, body: map[string]any{"kind": "single", "question": "Q", "options": []string{"a"}}, headers: tok, status: 422, contains: []string{`"field":"options"`}},
		{name: "blank option", method: "POST", url: pollsURL, body: map[string]any{"kind": "single", "question": "Q", "options": []string{"a", " "}}, headers: tok, status: 422, contains: []string{"option 2"}},
		{name: "scale max", method: "POST", url: pollsURL, body: map[string]any{"kind": "scale", "question": "Q", "min": 0, "max": 11}, headers: tok, status: 422, contains: []string{`"field":"max"`}},
		{name: "scale min", method: "POST", url: pollsURL, body: map[string]any{"kind": "scale", "question": "Q", "min": 3, "max": 5}, headers: tok, status: 422, contains: []string{`"field":"min"`}},
		{name: "options on open", method: "POST", url: pollsURL, body: map[string]any{"kind": "open", "question": "Q", "options": []string{"a", "b"}}, headers: tok, status: 422, contains: []string{`"field":"options"`}},
		{name: "no question", method: "POST", url: pollsURL, body: map[string]any{"kind": "open"}, headers: tok, status: 422, contains: []string{`"field":"question"`}},
		{name: "scale 0-10", method: "POST", url: pollsURL, body: map[string]any{"kind": "scale", "question": "Recommend?", "min": 0, "max": 10, "min_label": "Not at all", "max_label": "Certainly"}, headers: tok, status: 201, contains: []string{`"min":0`, `"max":10`, `"min_label":"Not at all"`, `"state":"draft"`}},
		{name: "missing workshop", method: "POST", url: "/api/v1/workshops/999999/polls", body: map[string]any{"kind": "open", "question": "Q"}, headers: tok, status: 404},
		{name: "missing poll", method: "POST", url: "/api/v1/polls/999999/open", headers: tok, status: 404},
		{name: "bad id", method: "GET", url: "/api/v1/polls/abc/results", headers: tok, status: 400, contains: []string{`"field":"id"`}},
	})
	r := e.do("GET", fmt.Sprintf("/api/v1/workshops/%d", w.ID), nil, "token", fac)
	var got polls.WorkshopResponse
	r.JSON(t, &got)
	if r.Status != 200 || len(got.Polls) != 1 || got.Polls[0].Kind != "scale" || !strings.HasSuffix(got.JoinURL, "/join/"+w.JoinCode) {
		t.Fatalf("a refused poll was stored, or the workshop is wrong: %s", r)
	}
}

func TestNextPollAndResultsShape(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	first := e.newPoll(w, map[string]any{"kind": "single", "question": "One", "options": []string{"a", "b"}})
	second := e.newPoll(w, map[string]any{"kind": "scale", "question": "Two", "min": 1, "max": 5})
	next := func() resp {
		return e.do("POST", fmt.Sprintf("/api/v1/workshops/%d/next", w.ID), nil, "token", w.token)
	}
	if r := next(); r.Status != 200 || !strings.Contains(string(r.Body), fmt.Sprintf(`"id":%d`, first)) {
		t.Fatalf("next opens the first poll: %s", r)
	}
	c := e.join(w.JoinCode, "")
	if r := next(); r.Status != 200 || !strings.Contains(string(r.Body), `"state":"open"`) {
		t.Fatalf("next opens the second poll: %s", r)
	}
	c.until(func(f frame) bool { return f.Type == "state" && f.State.Poll != nil && f.State.Poll.ID == second }, "the second poll")
	if f := c.vote(map[string]any{"poll_id": first, "choices": []int{0}}); f.Type != "error" {
		t.Fatalf("the first poll was closed by next: %s", f.raw)
	}
	for _, v := range []int{5, 4} {
		d := e.join(w.JoinCode, "")
		if f := d.vote(map[string]any{"poll_id": second, "value": v}); f.Type != "ack" {
			t.Fatalf("scale vote: %s", f.raw)
		}
	}
	r := e.do("GET", fmt.Sprintf("/api/v1/polls/%d/results", second), nil, "token", w.token)
	if r.Status != 200 || string(r.Body) != fmt.Sprintf(`{"poll_id":%d,"total":2,"counts":[0,0,0,1,1],"mean":4.5}`, second) {
		t.Fatalf("scale results: %s", r)
	}
	if r := next(); r.Status != 409 {
		t.Fatalf("next after the last poll: %s", r)
	}
}

func TestQuestionsFlowAndExports(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "=HYPERLINK(\"x\")", "options": []string{"a", "b"}}, "open")
	pres := e.present(w.ID, w.token)
	asker, voter := e.join(w.JoinCode, ""), e.join(w.JoinCode, "")
	asker.send(map[string]any{"type": "profile", "display_name": "  Sam   Jones ", "staff_group": "nursing and midwifery registered"})
	asker.next("profile_saved")
	asker.send(map[string]any{"type": "ask", "text": "Will <b>bank staff</b> be paid?"})
	q := asker.next("asked")
	voter.send(map[string]any{"type": "ask", "text": "Anonymous worry", "anonymous": true})
	voter.next("asked")
	pres.until(func(f frame) bool {
		return f.Type == "questions_all" && strings.Count(string(f.Questions), `"id"`) == 2
	}, "both questions for moderation")
	voter.send(map[string]any{"type": "upvote", "question_id": q.QuestionID})
	if f := voter.next("error"); !strings.Contains(f.Error, "not found") {
		t.Fatalf("upvoting an unapproved question: %s", f.raw)
	}
	if r := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/approve", q.QuestionID), nil, "token", w.token); r.Status != 200 {
		t.Fatalf("approve: %s", r)
	}
	f := voter.until(func(f frame) bool {
		return f.Type == "questions" && strings.Contains(string(f.Questions), "bank staff")
	}, "the approved question")
	if !strings.Contains(string(f.Questions), `"name":"Sam Jones"`) || strings.Contains(string(f.Questions), "Anonymous worry") {
		t.Fatalf("the room sees only approved questions, named: %s", f.Questions)
	}
	voter.send(map[string]any{"type": "upvote", "question_id": q.QuestionID})
	voter.next("upvoted")
	time.Sleep(250 * time.Millisecond)
	voter.send(map[string]any{"type": "upvote", "question_id": q.QuestionID})
	if f := voter.next("error"); f.Field != "question_id" {
		t.Fatalf("a second upvote: %s", f.raw)
	}
	for _, a := range []string{"highlight", "answer"} {
		if r := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/%s", q.QuestionID, a), nil, "token", w.token); r.Status != 200 {
			t.Fatalf("%s: %s", a, r)
		}
	}
	var list []polls.QuestionView
	r := e.do("GET", fmt.Sprintf("/api/v1/workshops/%d/questions", w.ID), nil, "token", w.token)
	r.JSON(t, &list)
	// Answered questions sink below open ones.
	if len(list) != 2 || list[1].Upvotes != 1 || !list[1].Answered || list[0].Name != "" || list[0].Status != "pending" {
		t.Fatalf("questions: %s", r)
	}
	asker.vote(map[string]any{"poll_id": poll, "choices": []int{1}})
	r = e.do("GET", fmt.Sprintf("/api/v1/workshops/%d/results.csv", w.ID), nil, "token", w.token)
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(body, `'=HYPERLINK`) || !strings.Contains(body, ",b,") ||
		!strings.Contains(body, "Sam Jones,,Nursing and Midwifery Registered") {
		t.Fatalf("results.csv: %s", r)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/workshops/%d/questions.csv", w.ID), nil, "token", w.token)
	if r.Status != 200 || !strings.Contains(string(r.Body), "(anonymous)") || !strings.Contains(string(r.Body), "Will <b>bank staff</b> be paid?,Sam Jones,approved,false,true,1") {
		t.Fatalf("questions.csv: %s", r)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/workshops/%d/qr.png", w.ID), nil, "token", w.token)
	if r.Status != 200 || r.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(r.Body), "\x89PNG") {
		t.Fatalf("qr: %d %s", r.Status, r.Header)
	}
	var saved pollmodel.PollParticipant
	if err := e.store.DB.Where("display_name = ?", "Sam Jones").First(&saved).Error; err != nil || saved.StaffGroup != "Nursing and Midwifery Registered" {
		t.Fatalf("attribution stored: %+v %v", saved, err)
	}
}

// TestPollAcrossTwoInstances: a participant on instance A votes; a presenter on instance
// B sees the count, through Postgres LISTEN/NOTIFY and B's recount from the database.
func TestPollAcrossTwoInstances(t *testing.T) {
	t.Parallel()
	if !storetest.Postgres() {
		t.Skip("two instances share results through Postgres LISTEN/NOTIFY; runs in the Postgres pass")
	}
	a := newTestEnv(t)
	storeB, err := models.Open(t.Context(), models.OpenOptions{DatabaseURL: a.store.URL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { storeB.Close() })
	b := (&testEnv{t: t, store: storeB, cfg: a.cfg, http: a.http}).restart()
	w := a.newWorkshop(a.tokenFor(models.RoleFacilitator))
	poll := a.newPoll(w, map[string]any{"kind": "single", "question": "Q", "options": []string{"x", "y", "z"}}, "open")
	pres := b.present(w.ID, w.token)
	time.Sleep(300 * time.Millisecond) // both listeners connected
	for i, choice := range []int{2, 2, 0} {
		c := a.join(w.JoinCode, "")
		if f := c.vote(map[string]any{"poll_id": poll, "choices": []int{choice}}); f.Type != "ack" {
			t.Fatalf("vote %d on A: %s", i, f.raw)
		}
	}
	f := pres.until(func(f frame) bool { return f.Type == "results" && f.Total == 3 }, "results from A on B")
	if got, _ := json.Marshal(f.Counts); string(got) != "[1,0,2]" {
		t.Fatalf("counts on B: %s", f.raw)
	}
	// A change made on B reaches a participant on A.
	part := a.join(w.JoinCode, "")
	if r := b.do("POST", fmt.Sprintf("/api/v1/polls/%d/reveal", poll), nil, "token", w.token); r.Status != http.StatusOK {
		t.Fatal(r)
	}
	part.until(func(f frame) bool { return f.Type == "state" && f.State.Poll != nil && f.State.Poll.Revealed }, "the reveal from B on A")
}
