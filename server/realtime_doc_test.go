package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/polls"
)

// docExample is one fenced JSON example of docs/realtime.md: ```json <from>:<socket> <type>.
type docExample struct {
	from, socket, typ string
	body              map[string]any
	used              bool
}

var docExampleRe = regexp.MustCompile("(?s)```json (server|client):([a-z]+) ([a-z_]+)\n(.*?)```")

func readRealtimeDoc(t *testing.T) []*docExample {
	t.Helper()
	page, err := os.ReadFile("../docs/realtime.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []*docExample
	for _, m := range docExampleRe.FindAllStringSubmatch(string(page), -1) {
		ex := &docExample{from: m[1], socket: m[2], typ: m[3]}
		if err := json.Unmarshal([]byte(m[4]), &ex.body); err != nil {
			t.Fatalf("docs/realtime.md: the %s:%s %s example is not JSON: %v", m[1], m[2], m[3], err)
		}
		if ex.body["type"] != ex.typ {
			t.Fatalf("docs/realtime.md: the %s:%s %s example has type %v", m[1], m[2], m[3], ex.body["type"])
		}
		out = append(out, ex)
	}
	if len(out) < 20 {
		t.Fatalf("docs/realtime.md has only %d tagged examples", len(out))
	}
	return out
}

// sameKeys compares a received value with a documented one: objects must have exactly the
// same keys (recursively), list items are compared with the documented first item, and
// scalars must be of the same JSON kind. null on either side stands for any value.
func sameKeys(doc, got any, path string) error {
	if doc == nil || got == nil {
		return nil
	}
	switch d := doc.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: got %T, documented an object", path, got)
		}
		for k := range g {
			if _, ok := d[k]; !ok {
				return fmt.Errorf("%s.%s: sent, not documented", path, k)
			}
		}
		for k, v := range d {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: documented, not sent", path, k)
			}
			if err := sameKeys(v, gv, path+"."+k); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: got %T, documented a list", path, got)
		}
		for i, item := range g {
			if len(d) > 0 {
				if err := sameKeys(d[0], item, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
	default:
		if fmt.Sprintf("%T", doc) != fmt.Sprintf("%T", got) {
			return fmt.Errorf("%s: got %T, documented %T", path, got, doc)
		}
	}
	return nil
}

// frameLog records every frame every socket of the session receives.
type frameLog struct {
	mu     sync.Mutex
	frames []loggedFrame
}

type loggedFrame struct {
	socket string
	body   map[string]any
}

// docSocket is one socket of the session: a reader goroutine logs each frame and hands it on.
type docSocket struct {
	t      *testing.T
	socket string
	conn   *gws.Conn
	in     chan map[string]any
	err    error            // why reading stopped, once in is closed
	later  []map[string]any // frames read while waiting for another type, in order
}

func (l *frameLog) dial(t *testing.T, e *testEnv, socket, path string, h http.Header) *docSocket {
	t.Helper()
	d := &docSocket{t: t, socket: socket, conn: dialWS(t, e.wsURL(path), h), in: make(chan map[string]any, 1000)}
	go func() {
		defer close(d.in)
		for {
			_, msg, err := d.conn.ReadMessage()
			if err != nil {
				d.err = err
				return
			}
			var f map[string]any
			if err := json.Unmarshal(msg, &f); err != nil {
				d.err = fmt.Errorf("frame %s is not a JSON object: %w", msg, err)
				return
			}
			l.mu.Lock()
			l.frames = append(l.frames, loggedFrame{socket, f})
			l.mu.Unlock()
			d.in <- f
		}
	}()
	return d
}

// wait returns the first frame, kept or newly read, of type typ for which ok (if given)
// holds; frames of other types are kept for later waits, since coalesced frames of
// different keys may arrive in either order.
func (d *docSocket) wait(typ string, ok func(f map[string]any) bool) map[string]any {
	d.t.Helper()
	match := func(f map[string]any) bool { return f["type"] == typ && (ok == nil || ok(f)) }
	for i, f := range d.later {
		if match(f) {
			d.later = slices.Delete(d.later, 0, i+1)
			return f
		}
	}
	d.later = d.later[:0]
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f, open := <-d.in:
			if !open {
				d.t.Fatalf("%s socket: waiting for %s: %v", d.socket, typ, d.err)
			}
			if match(f) {
				return f
			}
			if f["type"] != typ {
				d.later = append(d.later, f)
			}
		case <-timeout:
			d.t.Fatalf("%s socket: no %s frame within 10 s", d.socket, typ)
		}
	}
}

// closed waits for the socket to end and returns why.
func (d *docSocket) closed() error {
	timeout := time.After(10 * time.Second)
	for {
		select {
		case _, open := <-d.in:
			if !open {
				return d.err
			}
		case <-timeout:
			return errors.New("still open after 10 s")
		}
	}
}

func (d *docSocket) send(v any) {
	d.t.Helper()
	if err := d.conn.WriteJSON(v); err != nil {
		d.t.Fatalf("%s socket: send: %v", d.socket, err)
	}
}

// TestRealtimeDocMatchesServer holds docs/realtime.md to the server: it drives a real
// session on every socket, then checks each received frame against the documented
// examples and each documented example against what was received (see the page's last
// section). It also sends each documented client frame as written.
func TestRealtimeDocMatchesServer(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	docs := readRealtimeDoc(t)
	log := &frameLog{}
	feedbackSession(t, e, log)
	clientExamples := workshopSession(t, e, log, docs)

	shared := map[string]bool{"state": true, "results": true, "questions": true}
	log.mu.Lock()
	frames := slices.Clone(log.frames)
	log.mu.Unlock()
	for _, f := range frames {
		socket, typ := f.socket, fmt.Sprint(f.body["type"])
		if socket == "present" && shared[typ] {
			socket = "join"
		}
		var why []string
		matched := false
		for _, ex := range docs {
			if ex.from != "server" || ex.socket != socket || ex.typ != typ {
				continue
			}
			if err := sameKeys(ex.body, f.body, typ); err != nil {
				why = append(why, err.Error())
				continue
			}
			ex.used, matched = true, true
		}
		if !matched {
			raw, _ := json.Marshal(f.body)
			if why == nil {
				t.Errorf("the %s socket sent a %s frame docs/realtime.md does not document: %s", f.socket, typ, raw)
			} else {
				t.Errorf("the %s socket's %s frame matches no documented example (%s): %s", f.socket, typ, strings.Join(why, "; "), raw)
			}
		}
	}
	for _, ex := range docs {
		if ex.from == "server" && !ex.used {
			raw, _ := json.Marshal(ex.body)
			t.Errorf("docs/realtime.md documents a %s frame on the %s socket that the server never sent: %s", ex.typ, ex.socket, raw)
		}
	}
	for _, ex := range docs {
		if ex.from == "client" && !slices.Contains(clientExamples, ex) {
			t.Errorf("the client example %v was not sent", ex.body)
		}
	}
}

// feedbackSession: a channel with an anonymous post, a public team reply and a hide, seen
// from the channel, team and follow-up sockets; and two sockets that cannot be served.
func feedbackSession(t *testing.T, e *testEnv, log *frameLog) {
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{"allow_anonymous": true})
	public := log.dial(t, e, "channels", fmt.Sprintf("/ws/channels/%d", ch), nil)
	public.wait("hello", nil)
	team := log.dial(t, e, "team", "/ws/feedback/team", http.Header{"Authorization": {"Bearer " + admin}})
	team.wait("hello", nil)
	post := e.newPost(ch, map[string]any{"body": "The night rota is unsafe", "anonymous": true})
	public.wait("post", nil)
	team.wait("post", nil)
	follow := log.dial(t, e, "follow", "/ws/follow/"+post.FollowToken, nil)
	follow.wait("hello", nil)
	if r := e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", post.ID), map[string]any{"body": "We are on it", "public": true}, "token", admin); r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("reply: %s", r)
	}
	for _, s := range []*docSocket{public, team, follow} {
		s.wait("reply", nil)
	}
	follow.wait("post", nil)
	if r := e.do("POST", fmt.Sprintf("/api/v1/posts/%d/moderation", post.ID), map[string]any{"action": "hide", "reason": "names a colleague"}, "token", admin); r.Status != http.StatusOK {
		t.Fatalf("hide: %s", r)
	}
	public.wait("post_removed", nil)
	team.wait("post", func(f map[string]any) bool { return f["post"].(map[string]any)["hidden"] == true })
	for socket, path := range map[string]string{"channels": "/ws/channels/999999", "follow": "/ws/follow/fb_wrong"} {
		s := log.dial(t, e, socket, path, nil)
		s.wait("error", nil)
		var ce *gws.CloseError
		if err := s.closed(); !errors.As(err, &ce) || ce.Code != gws.ClosePolicyViolation {
			t.Errorf("%s: a socket that cannot be served should close with 1008: %v", path, err)
		}
	}
}

// workshopSession: a workshop with a poll of every kind, seen from a presenter and
// participants; it sends every documented client frame and returns those it sent.
func workshopSession(t *testing.T, e *testEnv, log *frameLog, docs []*docExample) []*docExample {
	ctx := context.Background()
	name, code, kind := "Alpha Trust", "RA1", "acute"
	org, err := e.store.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	pollIDs := map[string]uint{}
	for _, p := range []map[string]any{
		{"kind": "single", "question": "Which first?", "options": []string{"Discharge", "Staffing"}},
		{"kind": "scale", "question": "How ready are we?", "min": 1, "max": 5, "min_label": "Not at all", "max_label": "Fully"},
		{"kind": "ranking", "question": "Order these", "options": []string{"Beds", "Staff"}},
		{"kind": "multiple", "question": "Which apply?", "options": []string{"A", "B", "C"}},
		{"kind": "wordcloud", "question": "One word?"},
		{"kind": "open", "question": "Anything else?"},
	} {
		pollIDs[p["kind"].(string)] = e.newPoll(w, p)
	}
	e.pollAction(w, pollIDs["single"], "open")
	pres := log.dial(t, e, "present", fmt.Sprintf("/ws/workshops/%d", w.ID), http.Header{"Authorization": {"Bearer " + w.token}})
	pres.wait("hello", nil)
	a := log.dial(t, e, "join", "/ws/join/"+w.JoinCode, nil)
	token := a.wait("hello", nil)["participant_token"].(string)

	// Each documented client frame, as written but for the session's ids.
	var sent []*docExample
	client := func(typ string, has string, ids map[string]any) map[string]any {
		t.Helper()
		for _, ex := range docs {
			if ex.from == "client" && ex.socket == "join" && ex.typ == typ && ex.body[has] != nil {
				f := map[string]any{}
				for k, v := range ex.body {
					f[k] = v
				}
				for k, v := range ids {
					f[k] = v
				}
				sent = append(sent, ex)
				return f
			}
		}
		t.Fatalf("docs/realtime.md has no client %s example with %s", typ, has)
		return nil
	}
	a.send(client("profile", "display_name", map[string]any{"organisation_id": org.ID}))
	a.wait("profile_saved", nil)
	a.send(client("profile", "notify_email", map[string]any{"organisation_id": org.ID}))
	a.wait("profile_saved", nil)
	a.send(client("vote", "choices", map[string]any{"poll_id": pollIDs["single"]}))
	a.wait("ack", nil)
	a.send(map[string]any{"type": "vote", "poll_id": pollIDs["single"], "choices": []int{1}}) // no client_vote_id
	a.wait("ack", nil)
	a.send(client("ask", "text", nil))
	q := uint(a.wait("asked", nil)["question_id"].(float64))
	pres.wait("questions_all", nil)
	if r := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/approve", q), nil, "token", w.token); r.Status != http.StatusOK {
		t.Fatalf("approve: %s", r)
	}
	a.wait("questions", nil)
	a.send(client("upvote", "question_id", map[string]any{"question_id": q}))
	a.wait("upvoted", nil)
	a.send(client("ask", "name", nil))
	a.wait("asked", nil)

	// A refused frame is an error for that frame alone: the connection stays open.
	a.send(map[string]any{"type": "vote", "poll_id": pollIDs["single"], "choices": []int{7}, "client_vote_id": "bad"})
	a.wait("error", nil)
	a.send(json.RawMessage(`"not an object"`))
	a.wait("error", nil)
	a.send(map[string]any{"type": "vote", "poll_id": pollIDs["single"], "choices": []int{0}, "client_vote_id": "again"})
	a.wait("ack", nil)

	// A returning participant's hello carries their vote and upvotes.
	back := log.dial(t, e, "join", "/ws/join/"+w.JoinCode+"?participant_token="+token, nil)
	if h := back.wait("hello", nil); h["state"].(map[string]any)["my_vote"] == nil {
		t.Errorf("a returning participant's hello has no my_vote: %v", h)
	}

	// Every kind, revealed, with a vote: each kind's results frame.
	e.pollAction(w, pollIDs["single"], "reveal")
	a.wait("results", nil)
	votes := map[string]map[string]any{
		"scale":     client("vote", "value", map[string]any{"poll_id": pollIDs["scale"]}),
		"wordcloud": client("vote", "text", map[string]any{"poll_id": pollIDs["wordcloud"]}),
		"ranking":   {"type": "vote", "poll_id": pollIDs["ranking"], "choices": []int{1, 0}},
		"multiple":  {"type": "vote", "poll_id": pollIDs["multiple"], "choices": []int{0, 2}},
		"open":      {"type": "vote", "poll_id": pollIDs["open"], "text": "More porters at night"},
	}
	for _, k := range []string{"scale", "ranking", "multiple", "wordcloud", "open"} {
		id := pollIDs[k]
		e.pollAction(w, id, "open")
		e.pollAction(w, id, "reveal")
		a.wait("state", func(f map[string]any) bool {
			p, _ := f["state"].(map[string]any)["poll"].(map[string]any)
			return p != nil && p["id"] == float64(id) && p["revealed"] == true
		})
		a.send(votes[k])
		a.wait("ack", nil)
		a.wait("results", func(f map[string]any) bool { return f["poll_id"] == float64(id) && f["total"] == float64(1) })
	}

	// A frame over 4 KB closes the connection with 1009.
	big := log.dial(t, e, "join", "/ws/join/"+w.JoinCode, nil)
	big.wait("hello", nil)
	big.send(map[string]any{"type": "ask", "text": strings.Repeat("x", polls.ParticipantLimit)})
	var ce *gws.CloseError
	if err := big.closed(); !errors.As(err, &ce) || ce.Code != gws.CloseMessageTooBig {
		t.Errorf("a frame over 4 KB: %v, want close 1009", err)
	}
	time.Sleep(300 * time.Millisecond) // the last coalesced frames
	return sent
}
