package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestPollThroughBalancerSurvivesKill: a live poll through HAProxy on three instances,
// one killed with SIGKILL while the room votes. Everyone whose socket was on the dead
// instance is back within 5 s through the balancer (same participant, by token), every
// vote the server acknowledged is counted, and the presenter's totals equal the
// database's. Size: CONFER_KILLTEST_PARTICIPANTS (500 here; make bench runs 2,000).
func TestPollThroughBalancerSurvivesKill(t *testing.T) {
	t.Parallel()
	n := envInt(t, "CONFER_KILLTEST_PARTICIPANTS", 500)
	const options = 4
	c := startCluster(t, 3, "CONFER_RATE_LIMIT=0", "CONFER_WS_PER_CLIENT=0", "CONFER_POLL_JOIN_LIMIT=0")
	admin := c.Token("--email", "facilitator@confer.example", "--role", "admin")
	w, pollID := openPoll(c, admin)
	p := struct{ ID int }{pollID}

	ws := "ws" + strings.TrimPrefix(c.URL, "http")
	presenter := &liveSocket{url: fmt.Sprintf("%s/ws/workshops/%d", ws, w.ID),
		header: http.Header{"Authorization": {"Bearer " + admin}}, pollID: p.ID}
	go presenter.run()
	defer presenter.stop()

	people := make([]*liveSocket, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := range people {
		people[i] = &liveSocket{url: ws + "/ws/join/" + w.JoinCode, pollID: p.ID, choice: i % options}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			people[i].connect()
		}()
	}
	wg.Wait()
	for i, s := range people {
		if s.conn == nil {
			t.Fatalf("participant %d could not join through the balancer: %v", i, s.lastErr)
		}
		go s.run()
	}
	defer func() {
		for _, s := range people {
			s.stop()
		}
	}()

	// Votes spread over 4 s; instance 2 of 3 is killed once 40% are sent.
	spread := 4 * time.Second
	var sent atomic.Int32
	killAt := int32(n * 2 / 5)
	var killed atomic.Bool
	start := time.Now()
	for i, s := range people {
		time.Sleep(time.Until(start.Add(time.Duration(i) * spread / time.Duration(n))))
		s.vote()
		if sent.Add(1) == killAt {
			c.Kill(1)
			killed.Store(true)
		}
	}
	if !killed.Load() {
		t.Fatal("the instance was never killed")
	}

	// Everyone is acknowledged in the end (a client resends an unacknowledged vote after
	// reconnecting, as the SPA does); the dropped ones are back within 5 s.
	waitFor(t, 60*time.Second, "every participant's vote acknowledged", func() bool {
		for _, s := range people {
			if !s.acked.Load() {
				return false
			}
		}
		return true
	})
	dropped, slowest := 0, time.Duration(0)
	for i, s := range people {
		s.mu.Lock()
		for _, d := range s.gaps {
			dropped++
			slowest = max(slowest, d)
			if d > 5*time.Second {
				t.Errorf("participant %d took %v to be back through the balancer", i, d.Round(time.Millisecond))
			}
		}
		if s.token != s.firstToken {
			t.Errorf("participant %d came back as someone else (a new participant token)", i)
		}
		s.mu.Unlock()
	}
	if dropped == 0 {
		t.Fatal("no participant was on the killed instance: the test proved nothing")
	}
	t.Logf("%d participants, %d dropped with the killed instance, slowest back in %v", n, dropped, slowest.Round(time.Millisecond))

	// The database counts every vote once; the presenter ends up showing exactly that.
	var stored struct {
		Total  int   `json:"total"`
		Counts []int `json:"counts"`
	}
	c.mustAPI("GET", fmt.Sprintf("/api/v1/polls/%d/results", p.ID), admin, nil, &stored)
	want := make([]int, options)
	for i := range n {
		want[i%options]++
	}
	if stored.Total != n || !slices.Equal(stored.Counts, want) {
		t.Fatalf("stored results: total %d counts %v, want %d %v", stored.Total, stored.Counts, n, want)
	}
	waitFor(t, 30*time.Second, "the presenter's totals to equal the database's", func() bool {
		r := presenter.lastResults()
		return r.Total == stored.Total && slices.Equal(r.Counts, stored.Counts)
	})
}

type workshopRef struct {
	ID       int    `json:"id"`
	JoinCode string `json:"join_code"`
}

// openPoll makes a workshop with an open single-choice poll of four options.
func openPoll(c *cluster, admin string) (workshopRef, int) {
	c.t.Helper()
	var w workshopRef
	c.mustAPI("POST", "/api/v1/workshops", admin, map[string]any{"title": "Go-live readiness"}, &w)
	var p struct{ ID int }
	c.mustAPI("POST", fmt.Sprintf("/api/v1/workshops/%d/polls", w.ID), admin,
		map[string]any{"kind": "single", "question": "Which first?", "options": []string{"A", "B", "C", "D"}}, &p)
	c.mustAPI("POST", fmt.Sprintf("/api/v1/polls/%d/open", p.ID), admin, nil, nil)
	return w, p.ID
}

// processAlive: the process exists and is not a zombie.
func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndex(s, ") ")
	return i < 0 || !strings.HasPrefix(s[i+2:], "Z")
}

// waitFor polls cond until it holds, failing after limit (a hang, not a slow machine).
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
	}
}

type pollResults struct {
	PollID int   `json:"poll_id"`
	Total  int   `json:"total"`
	Counts []int `json:"counts"`
}

// liveSocket is a phone (or the presenter's laptop) on a live poll through the
// balancer: it reconnects at once when its socket drops, as the same participant, and
// resends its vote until the server acknowledges it.
type liveSocket struct {
	url    string
	header http.Header
	pollID int
	choice int

	mu         sync.Mutex
	conn       *websocket.Conn
	token      string // participant token from the latest hello
	firstToken string
	voted      bool            // the vote was sent at least once
	gaps       []time.Duration // for each drop, how long until the next hello
	closes     []int           // for each drop, the close code (-1: no close frame)
	results    pollResults
	lastErr    error
	acked      atomic.Bool
	stopped    atomic.Bool
}

var liveDialer = websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 512}

// connect dials (with the participant token once known) until a hello arrives.
func (s *liveSocket) connect() {
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && !s.stopped.Load(); {
		u := s.url
		if s.token != "" {
			u += "?participant_token=" + url.QueryEscape(s.token)
		}
		conn, _, err := liveDialer.Dial(u, s.header)
		if err == nil {
			conn.SetReadDeadline(time.Now().Add(30 * time.Second))
			var hello struct {
				Type             string `json:"type"`
				ParticipantToken string `json:"participant_token"`
				State            struct {
					Results *pollResults `json:"results"`
				} `json:"state"`
			}
			if err = conn.ReadJSON(&hello); err == nil && hello.Type == "hello" {
				conn.SetReadDeadline(time.Time{})
				s.mu.Lock()
				s.conn = conn
				if hello.ParticipantToken != "" {
					s.token = hello.ParticipantToken
					if s.firstToken == "" {
						s.firstToken = s.token
					}
				}
				if hello.State.Results != nil && hello.State.Results.PollID == s.pollID {
					s.results = *hello.State.Results
				}
				s.mu.Unlock()
				return
			}
			conn.Close()
		}
		s.lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
}

// vote sends the participant's vote (again, after a reconnect, until acknowledged).
func (s *liveSocket) vote() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.voted = true
	if s.conn != nil {
		_ = s.conn.WriteJSON(map[string]any{"type": "vote", "poll_id": s.pollID, "choices": []int{s.choice}})
	}
}

// run reads frames, reconnecting (and resending an unacknowledged vote) on a drop.
func (s *liveSocket) run() {
	for !s.stopped.Load() {
		s.mu.Lock()
		conn := s.conn
		s.mu.Unlock()
		if conn == nil {
			s.connect()
			continue
		}
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				code := -1
				if ce, ok := err.(*websocket.CloseError); ok {
					code = ce.Code
				}
				s.mu.Lock()
				s.closes = append(s.closes, code)
				s.mu.Unlock()
				break
			}
			var f struct {
				Type string `json:"type"`
				pollResults
			}
			if json.Unmarshal(msg, &f) != nil {
				continue
			}
			switch {
			case f.Type == "ack" && f.PollID == s.pollID:
				s.acked.Store(true)
			case f.Type == "results" && f.PollID == s.pollID:
				s.mu.Lock()
				s.results = f.pollResults
				s.mu.Unlock()
			}
		}
		if s.stopped.Load() {
			return
		}
		dropped := time.Now()
		s.connect()
		s.mu.Lock()
		s.gaps = append(s.gaps, time.Since(dropped))
		resend := s.voted && !s.acked.Load()
		s.mu.Unlock()
		if resend {
			s.vote()
		}
	}
}

func (s *liveSocket) lastResults() pollResults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.results
}

func (s *liveSocket) stop() {
	s.stopped.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn != nil {
		s.conn.Close()
	}
}
