package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"

	"github.com/confer-nhs/confer/server/polls"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// Live results on several instances (issue 18): voters on every instance at once, and
// every socket on every instance must end on the database's results.

// instances starts n servers on one Postgres database, each with its own pool, as n
// `confer serve` processes would be.
func instances(t *testing.T, n int) []*testEnv {
	t.Helper()
	if !storetest.Postgres() {
		t.Skip("instances share live state through Postgres LISTEN/NOTIFY; runs in the Postgres pass")
	}
	first := newTestEnv(t)
	out := []*testEnv{first}
	for len(out) < n {
		store, err := models.Open(t.Context(), models.OpenOptions{DatabaseURL: first.store.URL})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		out = append(out, (&testEnv{t: t, store: store, cfg: first.cfg, http: first.http}).restart())
	}
	time.Sleep(300 * time.Millisecond) // every listener connected
	return out
}

// forSubtest makes the instances' helpers fail the subtest t, not its parent.
func forSubtest(t *testing.T, envs []*testEnv) []*testEnv {
	out := make([]*testEnv, len(envs))
	for i, e := range envs {
		c := *e
		c.t = t
		out[i] = &c
	}
	return out
}

// joinMany opens n participant sockets on one instance.
func (e *testEnv) joinMany(code string, n int) []*wsConn {
	e.t.Helper()
	out := make([]*wsConn, n)
	for i := range out {
		out[i] = e.join(code, "")
	}
	return out
}

// voteAll sends one frame from every socket at once and waits for every reply; it may
// run off the test goroutine, so it returns errors instead of failing. seen[i] is the
// last results frame socket i read on the way to its reply.
func voteAll(conns []*wsConn, frameFor func(i int) map[string]any, reply string) (seen []string, err error) {
	seen = make([]string, len(conns))
	var wg sync.WaitGroup
	errs := make(chan error, len(conns))
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := frameFor(i)
			if err := c.WriteJSON(f); err != nil {
				errs <- err
				return
			}
			_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
			for {
				_, msg, err := c.ReadMessage()
				if err != nil {
					errs <- fmt.Errorf("socket %d: %w", i, err)
					return
				}
				var got frame
				_ = json.Unmarshal(msg, &got)
				if got.Type == "results" {
					seen[i] = string(msg)
				}
				if got.Type == "error" {
					errs <- fmt.Errorf("socket %d: %s", i, msg)
					return
				}
				if got.Type == reply {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return seen, <-errs
}

// canonical decodes and re-encodes JSON, dropping the frame's "type", so a results frame
// and the API's results compare as values.
func canonical(t *testing.T, raw []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("bad JSON %s: %v", raw, err)
	}
	delete(m, "type")
	b, _ := json.Marshal(m)
	return string(b)
}

// awaitResults reads a socket until a results frame equals want; seen is the last one it
// read before, if any.
func (c *wsConn) awaitResults(t *testing.T, seen, want string, what string) {
	t.Helper()
	if seen != "" && canonical(t, []byte(seen)) == want {
		return
	}
	var last string
	c.until(func(f frame) bool {
		if f.Type != "results" {
			return false
		}
		last = canonical(t, []byte(f.raw))
		return last == want
	}, fmt.Sprintf("%s to show %s (last results: %s)", what, want, last))
}

// helloResults is what a participant joining now is greeted with.
func (e *testEnv) helloResults(t *testing.T, code string) string {
	t.Helper()
	c := e.join(code, "")
	defer c.Close()
	var st struct {
		State struct {
			Results json.RawMessage `json:"results"`
		} `json:"state"`
	}
	if err := json.Unmarshal([]byte(c.hello.raw), &st); err != nil || len(st.State.Results) == 0 {
		t.Fatalf("hello without results: %s", c.hello.raw)
	}
	return canonical(t, st.State.Results)
}

var pollKindsAcrossInstances = []struct {
	name string
	body map[string]any
	vote func(i int) map[string]any
}{
	{"single", map[string]any{"kind": "single", "question": "Which ward first?", "options": []string{"A", "B", "C"}},
		func(i int) map[string]any { return map[string]any{"choices": []int{i % 3}} }},
	{"scale", map[string]any{"kind": "scale", "question": "How ready?", "min": 1, "max": 5},
		func(i int) map[string]any { return map[string]any{"value": 1 + i%5} }},
	{"wordcloud", map[string]any{"kind": "wordcloud", "question": "One word"},
		func(i int) map[string]any { return map[string]any{"text": fmt.Sprintf("word%d", i%7)} }},
	{"ranking", map[string]any{"kind": "ranking", "question": "Rank", "options": []string{"A", "B", "C"}},
		func(i int) map[string]any {
			return map[string]any{"choices": [][]int{{0, 1, 2}, {2, 0, 1}, {1, 2, 0}}[i%3]}
		}},
	{"multiple", map[string]any{"kind": "multiple", "question": "Which apply?", "options": []string{"A", "B", "C"}},
		func(i int) map[string]any { return map[string]any{"choices": [][]int{{0}, {1, 2}, {0, 2}}[i%3]} }},
	{"open", map[string]any{"kind": "open", "question": "Anything else?"},
		func(i int) map[string]any { return map[string]any{"text": fmt.Sprintf("answer %d", i)} }},
}

// TestPollLiveResultsAgreeAcrossInstances: 2 instances, voters on both at once, for each
// poll kind. Every participant and presenter socket on both instances, and a participant
// joining afterwards on either, ends on the database's results.
func TestPollLiveResultsAgreeAcrossInstances(t *testing.T) {
	t.Parallel()
	envs := instances(t, 2)
	a := envs[0]
	w := a.newWorkshop(a.tokenFor(models.RoleFacilitator))
	const perInstance = 60
	for _, kind := range pollKindsAcrossInstances {
		t.Run(kind.name, func(t *testing.T) {
			envs := forSubtest(t, envs)
			poll := envs[0].newPoll(w, kind.body, "open", "reveal")
			checkVotesAcross(t, envs, w, poll, perInstance, kind.vote)
		})
	}
}

// TestPollLiveResultsThreeInstances: voters on two instances, the presenter on a third.
func TestPollLiveResultsThreeInstances(t *testing.T) {
	t.Parallel()
	envs := instances(t, 3)
	a := envs[0]
	w := a.newWorkshop(a.tokenFor(models.RoleFacilitator))
	poll := a.newPoll(w, pollKindsAcrossInstances[0].body, "open") // hidden: presenters only
	pres := envs[2].present(w.ID, w.token)
	voters := append(envs[0].joinMany(w.JoinCode, 80), envs[1].joinMany(w.JoinCode, 80)...)
	if _, err := voteAll(voters, func(i int) map[string]any {
		return map[string]any{"type": "vote", "poll_id": poll, "choices": []int{i % 3}}
	}, "ack"); err != nil {
		t.Fatal(err)
	}
	want := storedResults(t, a, w, poll)
	pres.awaitResults(t, "", want, "the presenter on the third instance")
	for i, e := range envs {
		p := e.present(w.ID, w.token)
		var st struct {
			State struct {
				Results json.RawMessage `json:"results"`
			} `json:"state"`
		}
		if err := json.Unmarshal([]byte(p.hello.raw), &st); err != nil || len(st.State.Results) == 0 {
			t.Fatalf("a presenter joining instance %d is greeted without results: %s", i, p.hello.raw)
		}
		// Each instance hears the others' votes through LISTEN/NOTIFY, a moment after they
		// are acknowledged: a presenter joining just then may be greeted one vote behind
		// (seen at load 20), and the vote's results frame follows. What must hold is that
		// every presenter comes to show the stored results without reloading.
		p.awaitResults(t, string(st.State.Results), want, fmt.Sprintf("a presenter joining instance %d", i))
	}
}

func storedResults(t *testing.T, e *testEnv, w testWorkshop, poll uint) string {
	t.Helper()
	r := e.do("GET", fmt.Sprintf("/api/v1/polls/%d/results", poll), nil, "token", w.token)
	if r.Status != http.StatusOK {
		t.Fatal(r)
	}
	return canonical(t, r.Body)
}

func checkVotesAcross(t *testing.T, envs []*testEnv, w testWorkshop, poll uint, per int, vote func(int) map[string]any) {
	t.Helper()
	var all []*wsConn
	var presenters []*wsConn
	for _, e := range envs {
		all = append(all, e.joinMany(w.JoinCode, per)...)
		presenters = append(presenters, e.present(w.ID, w.token))
	}
	seen, err := voteAll(all, func(i int) map[string]any {
		f := vote(i)
		f["type"], f["poll_id"] = "vote", poll
		return f
	}, "ack")
	if err != nil {
		t.Fatal(err)
	}
	want := storedResults(t, envs[0], w, poll)
	if !bytes.Contains([]byte(want), fmt.Appendf(nil, `"total":%d`, per*len(envs))) {
		t.Fatalf("stored results %s, want a total of %d", want, per*len(envs))
	}
	for i, c := range presenters {
		c.awaitResults(t, "", want, fmt.Sprintf("presenter %d", i))
	}
	for i, c := range all {
		c.awaitResults(t, seen[i], want, fmt.Sprintf("participant %d", i))
	}
	for i, e := range envs {
		if got := e.helloResults(t, w.JoinCode); got != want {
			t.Fatalf("a participant joining instance %d is greeted with %s, want %s", i, got, want)
		}
	}
	for _, c := range append(presenters, all...) {
		_ = c.WriteControl(gws.CloseMessage, nil, time.Now().Add(time.Second))
		c.Close()
	}
}

// TestQuestionsAgreeAcrossInstances: Q&A on two instances. Participants on both upvote one
// question at once; every socket on both ends on the stored count, and a question asked
// on one instance and approved on the other reaches the room on both.
func TestQuestionsAgreeAcrossInstances(t *testing.T) {
	t.Parallel()
	envs := instances(t, 2)
	a, b := envs[0], envs[1]
	w := a.newWorkshop(a.tokenFor(models.RoleFacilitator))
	asker := a.join(w.JoinCode, "")
	asker.send(map[string]any{"type": "ask", "text": "Will bank staff get logins on day one?"})
	qid := asker.next("asked").QuestionID
	if r := b.do("POST", fmt.Sprintf("/api/v1/questions/%d/approve", qid), nil, "token", w.token); r.Status != http.StatusOK {
		t.Fatal(r)
	}
	pres := []*wsConn{a.present(w.ID, w.token), b.present(w.ID, w.token)}
	voters := append(a.joinMany(w.JoinCode, 50), b.joinMany(w.JoinCode, 50)...)
	if _, err := voteAll(voters, func(int) map[string]any {
		return map[string]any{"type": "upvote", "question_id": qid}
	}, "upvoted"); err != nil {
		t.Fatal(err)
	}
	var stored pollmodel.PollQuestion
	if err := a.store.DB.First(&stored, qid).Error; err != nil || stored.Upvotes != 100 {
		t.Fatalf("stored upvotes %d (%v), want 100", stored.Upvotes, err)
	}
	upvotes := func(f frame) int {
		var qs []polls.QuestionView
		_ = json.Unmarshal(f.Questions, &qs)
		for _, q := range qs {
			if q.ID == qid {
				return q.Upvotes
			}
		}
		return -1
	}
	for i, c := range append(voters, asker) {
		c.until(func(f frame) bool { return f.Type == "questions" && upvotes(f) == stored.Upvotes },
			fmt.Sprintf("participant %d to see %d upvotes", i, stored.Upvotes))
	}
	for i, c := range pres {
		c.until(func(f frame) bool { return f.Type == "questions_all" && upvotes(f) == stored.Upvotes },
			fmt.Sprintf("presenter %d to see %d upvotes", i, stored.Upvotes))
	}
	for i, e := range envs {
		c := e.join(w.JoinCode, "")
		var hello struct {
			State struct {
				Questions json.RawMessage `json:"questions"`
			} `json:"state"`
		}
		_ = json.Unmarshal([]byte(c.hello.raw), &hello)
		if upvotes(frame{Questions: hello.State.Questions}) != stored.Upvotes {
			t.Fatalf("a participant joining instance %d is greeted with %s", i, c.hello.raw)
		}
	}
}
