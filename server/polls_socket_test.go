package server

import (
	"context"
	"net/http"

	"strings"
	"sync"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/polls"
)

func TestPollVoteReVoteAndClose(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Best day?", "options": []string{"Mon", "Tue", "Wed"}}, "open")
	a, b := e.join(w.JoinCode, ""), e.join(w.JoinCode, "")
	if a.hello.ParticipantToken == "" || a.hello.ParticipantToken == b.hello.ParticipantToken {
		t.Fatalf("participants need distinct tokens: %q %q", a.hello.ParticipantToken, b.hello.ParticipantToken)
	}
	if a.hello.State.Poll == nil || a.hello.State.Poll.ID != poll || a.hello.State.Results != nil {
		t.Fatalf("hello should carry the open poll without hidden results: %s", a.hello.raw)
	}
	if f := a.vote(map[string]any{"poll_id": poll, "choices": []int{0}}); f.Type != "ack" || f.PollID != poll {
		t.Fatalf("vote: %s", f.raw)
	}
	if f := b.vote(map[string]any{"poll_id": poll, "choices": []int{2}}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	if r := e.results(w, poll); r.Total != 2 || r.Counts[0] != 1 || r.Counts[2] != 1 {
		t.Fatalf("results after two votes: %+v", r)
	}
	if f := a.vote(map[string]any{"poll_id": poll, "choices": []int{1}}); f.Type != "ack" {
		t.Fatalf("re-vote: %s", f.raw)
	}
	if r := e.results(w, poll); r.Total != 2 || r.Counts[0] != 0 || r.Counts[1] != 1 || r.Counts[2] != 1 {
		t.Fatalf("a re-vote must replace the earlier vote: %+v", r)
	}
	e.pollAction(w, poll, "close")
	a.until(func(f frame) bool { return f.Type == "state" && f.State.Poll != nil && f.State.Poll.State == "closed" }, "the closed state")
	if f := b.vote(map[string]any{"poll_id": poll, "choices": []int{0}}); f.Type != "error" || !strings.Contains(f.Error, "not open") {
		t.Fatalf("vote after close: %s", f.raw)
	}
	if r := e.results(w, poll); r.Total != 2 || r.Counts[2] != 1 {
		t.Fatalf("a refused vote changed the results: %+v", r)
	}
}

func TestPollReconnectKeepsIdentity(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "scale", "question": "How ready are we?", "min": 1, "max": 5}, "open")
	a := e.join(w.JoinCode, "")
	token := a.hello.ParticipantToken
	if f := a.vote(map[string]any{"poll_id": poll, "value": 4}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	a.Close()
	again := e.join(strings.ToLower(w.JoinCode), token)
	if again.hello.ParticipantToken != token {
		t.Fatalf("reconnect gave a new identity: %q", again.hello.ParticipantToken)
	}
	mv := again.hello.State.MyVote
	if mv == nil || mv.PollID != poll || mv.Value == nil || *mv.Value != 4 {
		t.Fatalf("hello must carry the participant's own vote: %s", again.hello.raw)
	}
	if f := again.vote(map[string]any{"poll_id": poll, "value": 2}); f.Type != "ack" {
		t.Fatalf("vote after reconnect: %s", f.raw)
	}
	if r := e.results(w, poll); r.Total != 1 || r.Mean != 2 {
		t.Fatalf("reconnecting must not add a second vote: %+v", r)
	}
	// A token from another workshop is not an identity here.
	other := e.newWorkshop(w.token)
	if c := e.join(other.JoinCode, token); c.hello.ParticipantToken == token {
		t.Fatal("a participant token worked in another workshop")
	}
}

func TestPollClientVoteIDRetryIsHarmless(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleAdmin))
	poll := e.newPoll(w, map[string]any{"kind": "multiple", "question": "Which?", "options": []string{"a", "b", "c"}}, "open")
	a := e.join(w.JoinCode, "")
	for range 3 {
		f := a.vote(map[string]any{"poll_id": poll, "choices": []int{0, 2}, "client_vote_id": "v-1"})
		if f.Type != "ack" || f.ClientVoteID != "v-1" {
			t.Fatalf("retried vote: %s", f.raw)
		}
	}
	if r := e.results(w, poll); r.Total != 1 || r.Counts[0] != 1 || r.Counts[1] != 0 || r.Counts[2] != 1 {
		t.Fatalf("retries must count once: %+v", r)
	}
}

func TestPollBadFramesGetErrorFrames(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "ranking", "question": "Rank", "options": []string{"a", "b", "c"}}, "open")
	other := e.newWorkshop(w.token)
	otherPoll := e.newPoll(other, map[string]any{"kind": "single", "question": "Q", "options": []string{"x", "y"}}, "open")
	a, bystander := e.join(w.JoinCode, ""), e.join(w.JoinCode, "")
	cases := []struct {
		frame any
		field string
	}{
		{"not json", ""},
		{`{"type":"vote"} {"type":"vote"}`, ""},
		{`[1,2]`, ""},
		{map[string]any{"type": "dance"}, "type"},
		{map[string]any{"type": "vote"}, "poll_id"},
		{map[string]any{"type": "vote", "poll_id": "seven"}, "poll_id"},
		{map[string]any{"type": "vote", "poll_id": poll, "choices": []int{0, 1}}, "choices"},
		{map[string]any{"type": "vote", "poll_id": poll, "choices": []int{0, 1, 1}}, "choices"},
		{map[string]any{"type": "vote", "poll_id": poll, "choices": []int{0, 1, 3}}, "choices"},
		{map[string]any{"type": "vote", "poll_id": poll, "value": 3}, "choices"},
		{map[string]any{"type": "vote", "poll_id": otherPoll, "choices": []int{0}}, "poll_id"},
		{map[string]any{"type": "vote", "poll_id": 999999, "choices": []int{0}}, "poll_id"},
		{map[string]any{"type": "vote", "poll_id": poll, "choices": []int{0, 1, 2}, "client_vote_id": strings.Repeat("x", 65)}, "client_vote_id"},
		{map[string]any{"type": "ask", "text": "  "}, "text"},
		{map[string]any{"type": "upvote", "question_id": 424242}, ""},
		{map[string]any{"type": "profile", "staff_group": "Wizards"}, "staff_group"},
		{map[string]any{"type": "profile", "organisation_id": 99999}, "organisation_id"},
	}
	for i, c := range cases {
		a.send(c.frame)
		f := a.until(func(f frame) bool { return f.Type == "error" || f.Type == "ack" }, "an error frame")
		if f.Type != "error" || f.Field != c.field || f.Error == "" {
			t.Errorf("case %d %v: got %s, want an error about %q", i, c.frame, f.raw, c.field)
		}
		time.Sleep(150 * time.Millisecond) // stay under the per-connection rate limit
	}
	if f := a.vote(map[string]any{"poll_id": poll, "choices": []int{2, 0, 1}}); f.Type != "ack" {
		t.Fatalf("the connection should still work after bad frames: %s", f.raw)
	}
	if r := e.results(w, poll); r.Total != 1 || r.Counts[2] != 2 || r.Counts[0] != 1 || r.Counts[1] != 0 {
		t.Fatalf("Borda points for [2,0,1]: %+v", r)
	}
	// An oversized frame ends that connection only.
	a.send(strings.Repeat("x", polls.ParticipantLimit+10))
	a.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := a.ReadMessage(); err != nil {
			break
		}
	}
	if f := bystander.vote(map[string]any{"poll_id": poll, "choices": []int{0, 1, 2}}); f.Type != "ack" {
		t.Fatalf("another participant was affected: %s", f.raw)
	}
}

func TestPollRateLimitPerConnection(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Q", "options": []string{"x", "y"}}, "open")
	a, b := e.join(w.JoinCode, ""), e.join(w.JoinCode, "")
	for i := range polls.ParticipantBurst + 10 {
		a.send(map[string]any{"type": "vote", "poll_id": poll, "choices": []int{i % 2}})
	}
	a.until(func(f frame) bool { return f.Type == "error" && strings.Contains(f.Error, "too many") }, "a rate-limit error")
	if f := b.vote(map[string]any{"poll_id": poll, "choices": []int{0}}); f.Type != "ack" {
		t.Fatalf("another connection (same IP) was limited: %s", f.raw)
	}
}

func TestPollStalledParticipantDoesNotDelayOthers(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Q", "options": []string{"x", "y"}}, "open", "reveal")
	_ = e.join(w.JoinCode, "") // reads its hello, then never reads again
	reader := e.join(w.JoinCode, "")
	waitCount(t, e.srv.Hub, polls.WorkshopTopic(w.ID), 2)
	big := []byte(`{"type":"noise","pad":"` + strings.Repeat("x", 64<<10) + `"}`)
	done := make(chan int)
	go func() {
		n := 0
		reader.SetReadDeadline(time.Now().Add(20 * time.Second))
		for n < 400 {
			_, msg, err := reader.ReadMessage()
			if err != nil {
				break
			}
			if strings.HasPrefix(string(msg), `{"type":"noise"`) {
				n++
			}
		}
		done <- n
	}()
	for range 400 {
		e.srv.Hub.Publish(context.Background(), polls.WorkshopTopic(w.ID), big)
		time.Sleep(time.Millisecond)
	}
	if n := <-done; n != 400 {
		t.Fatalf("the reading participant got %d of 400 frames", n)
	}
	waitCount(t, e.srv.Hub, polls.WorkshopTopic(w.ID), 1)
	if f := reader.vote(map[string]any{"poll_id": poll, "choices": []int{1}}); f.Type != "ack" {
		t.Fatalf("vote after the stalled client was dropped: %s", f.raw)
	}
	reader.until(func(f frame) bool { return f.Type == "results" && f.Total == 1 }, "results with the vote")
}

func TestPollResultsSurviveRestart(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "wordcloud", "question": "One word for winter?"}, "open", "reveal")
	words := []string{"  Busy ", "busy", "COLD", "Team   work", "team work", "busy"}
	var wg sync.WaitGroup
	for _, word := range words {
		c := e.join(w.JoinCode, "")
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.send(map[string]any{"type": "vote", "poll_id": poll, "text": word})
			c.next("ack")
		}()
	}
	wg.Wait()
	before := e.results(w, poll)
	// Stop the server and start another on the same database.
	if err := e.srv.Shutdown(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	e2 := e.restart()
	after := e2.results(w, poll)
	if after.Total != len(words) || len(after.Words) != 3 || after.Words[0].Text != "busy" || after.Words[0].Count != 3 ||
		after.Words[1].Text != "team work" || after.Words[1].Count != 2 || after.Words[2].Text != "cold" {
		t.Fatalf("results after restart: %+v (before %+v)", after, before)
	}
	c := e2.join(w.JoinCode, "")
	if r := c.hello.State.Results; r == nil || r.Total != len(words) {
		t.Fatalf("hello after restart: %s", c.hello.raw)
	}
}

func TestPollSocketsRequireAFacilitator(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	url := e.wsURL("/ws/workshops/" + itoa(w.ID))
	for _, c := range []struct {
		header http.Header
		status int
	}{
		{nil, 401},
		{http.Header{"Authorization": {"Bearer " + e.tokenFor(models.RoleComms)}}, 403},
		{http.Header{"Authorization": {"Bearer cfr_wrong"}}, 401},
	} {
		_, res, err := gws.DefaultDialer.Dial(url, c.header)
		if err == nil || res == nil || res.StatusCode != c.status {
			t.Errorf("presenter socket with %v: %v, want %d", c.header, res, c.status)
		}
	}
	if _, res, err := gws.DefaultDialer.Dial(e.wsURL("/ws/join/NOPE99"), nil); err == nil || res.StatusCode != 404 {
		t.Errorf("unknown join code: %v", res)
	}
	p := e.present(w.ID, e.tokenFor(models.RoleAdmin))
	if p.hello.Type != "hello" {
		t.Fatalf("presenter hello: %s", p.hello.raw)
	}
}

func TestPollPresenterSeesHiddenResults(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Q", "options": []string{"x", "y"}}, "open")
	pres := e.present(w.ID, w.token)
	a, b := e.join(w.JoinCode, ""), e.join(w.JoinCode, "")
	a.vote(map[string]any{"poll_id": poll, "choices": []int{1}})
	pres.until(func(f frame) bool { return f.Type == "results" && f.Total == 1 && f.Counts[1] == 1 }, "hidden results on the presenter")
	e.pollAction(w, poll, "reveal")
	f := b.until(func(f frame) bool { return f.Type == "results" || (f.Type == "state" && f.State.Results != nil) }, "revealed results")
	if f.Type == "results" && f.Total != 1 || f.Type == "state" && f.State.Results.Total != 1 {
		t.Fatalf("revealed results: %s", f.raw)
	}
}
