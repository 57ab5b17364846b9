package main

import (
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestRollingRestartThroughBalancer: SIGTERM to one of two instances behind HAProxy,
// as a rolling upgrade does. While it drains, every request through the balancer
// succeeds; its phones are told to reconnect (close code 1012, service restart), are
// back at once on the other instance as the same participants, and can vote there.
func TestRollingRestartThroughBalancer(t *testing.T) {
	t.Parallel()
	const n = 60
	c := startCluster(t, 2, "CONFER_RATE_LIMIT=0", "CONFER_WS_PER_CLIENT=0", "CONFER_POLL_JOIN_LIMIT=0", "CLUSTER_DRAIN=3s")
	admin := c.Token("--email", "facilitator@confer.example", "--role", "admin")
	w, pollID := openPoll(c, admin)
	ws := "ws" + strings.TrimPrefix(c.URL, "http")
	people := make([]*liveSocket, n)
	for i := range people {
		people[i] = &liveSocket{url: ws + "/ws/join/" + w.JoinCode, pollID: pollID, choice: i % 4}
		people[i].connect()
		if people[i].conn == nil {
			t.Fatalf("participant %d could not join: %v", i, people[i].lastErr)
		}
		go people[i].run()
	}
	defer func() {
		for _, s := range people {
			s.stop()
		}
	}()

	// Requests keep coming through the balancer for the whole drain.
	var failed, done atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := c.API("GET", "/api/v1/site", "", nil, nil); err != nil {
					failed.Add(1)
					t.Logf("during the drain: %v", err)
				}
				done.Add(1)
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	if err := syscall.Kill(c.Instances[0].PID, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, "the drained instance to exit", func() bool { return !processAlive(c.Instances[0].PID) })
	close(stop)
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests through the balancer failed during a drain", failed.Load(), done.Load())
	}

	moved := 0
	for i, s := range people {
		s.mu.Lock()
		for j, code := range s.closes {
			moved++
			if code != websocket.CloseServiceRestart {
				t.Errorf("participant %d: the draining instance closed with %d, want 1012 (service restart)", i, code)
			}
			if j < len(s.gaps) && s.gaps[j] > 5*time.Second {
				t.Errorf("participant %d took %v to reconnect", i, s.gaps[j])
			}
		}
		s.mu.Unlock()
	}
	if moved == 0 {
		t.Fatal("no participant was on the drained instance: the test proved nothing")
	}
	t.Logf("%d of %d participants moved to the other instance; %d requests during the drain", moved, n, done.Load())
	for _, s := range people {
		s.vote()
	}
	waitFor(t, 30*time.Second, "every vote acknowledged on the remaining instance", func() bool {
		for _, s := range people {
			if !s.acked.Load() {
				return false
			}
		}
		return true
	})
}
