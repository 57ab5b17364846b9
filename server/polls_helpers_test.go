package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	gws "github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/notifications"
)

// liveWorkshop is a workshop made through the API for a socket test.
type testWorkshop struct {
	ID       uint   `json:"id"`
	JoinCode string `json:"join_code"`
	token    string
}

func (e *testEnv) newWorkshop(token string) testWorkshop {
	e.t.Helper()
	r := e.do("POST", "/api/v1/workshops", map[string]any{"title": "Winter pressures workshop"}, "token", token)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create workshop: %s", r)
	}
	var w testWorkshop
	r.JSON(e.t, &w)
	w.token = token
	return w
}

func (e *testEnv) newPoll(w testWorkshop, body map[string]any, actions ...string) uint {
	e.t.Helper()
	r := e.do("POST", fmt.Sprintf("/api/v1/workshops/%d/polls", w.ID), body, "token", w.token)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create poll: %s", r)
	}
	var p struct{ ID uint }
	r.JSON(e.t, &p)
	for _, a := range actions {
		e.pollAction(w, p.ID, a)
	}
	return p.ID
}

func (e *testEnv) pollAction(w testWorkshop, pollID uint, action string) {
	e.t.Helper()
	if r := e.do("POST", fmt.Sprintf("/api/v1/polls/%d/%s", pollID, action), nil, "token", w.token); r.Status != http.StatusOK {
		e.t.Fatalf("%s poll: %s", action, r)
	}
}

type testResults struct {
	PollID uint    `json:"poll_id"`
	Total  int     `json:"total"`
	Counts []int   `json:"counts"`
	Mean   float64 `json:"mean"`
	Words  []struct {
		Text  string `json:"text"`
		Count int    `json:"count"`
	} `json:"words"`
}

func (e *testEnv) results(w testWorkshop, pollID uint) testResults {
	e.t.Helper()
	r := e.do("GET", fmt.Sprintf("/api/v1/polls/%d/results", pollID), nil, "token", w.token)
	if r.Status != http.StatusOK {
		e.t.Fatalf("results: %s", r)
	}
	var out testResults
	r.JSON(e.t, &out)
	return out
}

// Frame is any server frame, decoded loosely.
type frame struct {
	Type             string          `json:"type"`
	ParticipantToken string          `json:"participant_token"`
	PollID           uint            `json:"poll_id"`
	Total            int             `json:"total"`
	Counts           []int           `json:"counts"`
	Error            string          `json:"error"`
	Field            string          `json:"field"`
	ClientVoteID     string          `json:"client_vote_id"`
	QuestionID       uint            `json:"question_id"`
	Questions        json.RawMessage `json:"questions"`
	State            struct {
		Poll *struct {
			ID       uint   `json:"id"`
			Question string `json:"question"`
			State    string `json:"state"`
			Revealed bool   `json:"revealed"`
		} `json:"poll"`
		Results *testResults `json:"results"`
		MyVote  *struct {
			PollID  uint   `json:"poll_id"`
			Choices []int  `json:"choices"`
			Value   *int   `json:"value"`
			Text    string `json:"text"`
		} `json:"my_vote"`
		Questions json.RawMessage `json:"questions"`
	} `json:"state"`
	raw string
}

// wsConn is a gorilla/websocket client with helpers for reading frames.
type wsConn struct {
	t *testing.T
	*gws.Conn
	hello frame
}

// join opens a participant socket and reads its hello.
func (e *testEnv) join(code, token string) *wsConn {
	e.t.Helper()
	u := e.wsURL("/ws/join/" + code)
	if token != "" {
		u += "?participant_token=" + url.QueryEscape(token)
	}
	c := &wsConn{t: e.t, Conn: dialWS(e.t, u, nil)}
	c.hello = c.next("hello")
	return c
}

// present opens a presenter socket with a bearer token and reads its hello.
func (e *testEnv) present(workshopID uint, token string) *wsConn {
	e.t.Helper()
	h := http.Header{"Authorization": {"Bearer " + token}}
	c := &wsConn{t: e.t, Conn: dialWS(e.t, e.wsURL(fmt.Sprintf("/ws/workshops/%d", workshopID)), h)}
	c.hello = c.next("hello")
	return c
}

func (c *wsConn) send(v any) {
	c.t.Helper()
	var err error
	if s, ok := v.(string); ok {
		err = c.WriteMessage(gws.TextMessage, []byte(s))
	} else {
		err = c.WriteJSON(v)
	}
	if err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// next reads frames until one of the given type arrives (within 10 s).
func (c *wsConn) next(typ string) frame {
	c.t.Helper()
	return c.until(func(f frame) bool { return f.Type == typ }, "a "+typ+" frame")
}

// until reads frames until ok says yes.
func (c *wsConn) until(ok func(frame) bool, what string) frame {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	c.SetReadDeadline(deadline)
	var seen []string
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			c.t.Fatalf("waiting for %s: %v (seen %v)", what, err, seen)
		}
		var f frame
		if err := json.Unmarshal(msg, &f); err != nil {
			c.t.Fatalf("bad frame %s: %v", msg, err)
		}
		f.raw = string(msg)
		if ok(f) {
			return f
		}
		if len(seen) < 20 {
			seen = append(seen, f.raw)
		}
	}
}

// vote sends a vote and waits for its ack or error.
func (c *wsConn) vote(v map[string]any) frame {
	c.t.Helper()
	v["type"] = "vote"
	c.send(v)
	return c.until(func(f frame) bool { return f.Type == "ack" || f.Type == "error" }, "an ack or error")
}

// restart starts a second server over the same database, as after a restart (or as
// another instance when both run).
func (e *testEnv) restart() *testEnv {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := New(e.cfg, e.store, notifications.NewOutbox(e.store, "Confer <confer@test.example>"), log)
	startReady(e.t, srv)
	go srv.Serve(ln)
	e.t.Cleanup(func() { srv.Shutdown(5 * time.Second) })
	return &testEnv{t: e.t, store: e.store, srv: srv, cfg: e.cfg, URL: "http://" + ln.Addr().String(), http: e.http}
}
