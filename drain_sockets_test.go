package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/confer-nhs/confer/models/storetest"
)

// TestSIGTERMClosesSocketsWithServiceRestart runs the real binary with live sockets open
// (a poll participant, the presenter, the feedback team) and sends SIGTERM. With
// CONFER_DRAIN_WAIT the sockets stay open and served while /readyz fails, and close at the
// end of the wait; without it they close at shutdown. Either way each gets close code 1012
// (service restart: reconnect at once, elsewhere) rather than a dropped connection, and
// the process exits 0.
func TestSIGTERMClosesSocketsWithServiceRestart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		wait time.Duration
	}{{"drain 2s", 2 * time.Second}, {"no drain wait", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			closeOnSIGTERM(t, tc.wait)
		})
	}
}

func closeOnSIGTERM(t *testing.T, wait time.Duration) {
	bin := buildBinary(t)
	addr := freeAddr(t)
	env := append(os.Environ(), "DATABASE_URL="+storetest.NewDatabaseURL(t), "CONFER_DATA_DIR="+t.TempDir(),
		"CONFER_ADDR="+addr, "CONFER_BASE_URL=http://"+addr, "CONFER_DRAIN_WAIT="+wait.String())
	srv := exec.Command(bin, "serve")
	srv.Env = env
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	waitReady(t, base)
	fac := cliToken(t, bin, env, "f@example.org", "facilitator")
	admin := cliToken(t, bin, env, "a@example.org", "admin")
	w := createWorkshop(t, base, fac)

	bearer := func(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }
	sockets := map[string]*websocket.Conn{
		"participant": dialHello(t, "ws://"+addr+"/ws/join/"+w.JoinCode, nil),
		"presenter":   dialHello(t, fmt.Sprintf("ws://%s/ws/workshops/%d", addr, w.ID), bearer(fac)),
		"team":        dialHello(t, "ws://"+addr+"/ws/feedback/team", bearer(admin)),
	}
	type closed struct {
		name string
		err  error
		at   time.Time
	}
	closes := make(chan closed, len(sockets))
	for name, c := range sockets {
		go func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					closes <- closed{name, err, time.Now()}
					return
				}
			}
		}()
	}

	sigterm := time.Now()
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if wait > 0 {
		// While the balancer moves new clients away, the ones here are still served.
		waitDraining(t, base)
		select {
		case c := <-closes:
			t.Fatalf("the %s socket closed while draining (%v), before the wait ended", c.name, c.err)
		default:
		}
	}
	for range sockets {
		select {
		case c := <-closes:
			var ce *websocket.CloseError
			if !errors.As(c.err, &ce) || ce.Code != websocket.CloseServiceRestart || ce.Text != "draining: reconnect" {
				t.Errorf("the %s socket ended with %v, want close 1012 \"draining: reconnect\"", c.name, c.err)
			}
			if took := c.at.Sub(sigterm); took < wait*3/4 {
				t.Errorf("the %s socket closed %v after SIGTERM, before the %v drain wait ended", c.name, took, wait)
			}
		case <-time.After(wait + 30*time.Second):
			t.Fatal("a socket was not closed after SIGTERM")
		}
	}
	waitExit(t, srv, 60*time.Second, "after SIGTERM", nil)
}

// cliToken makes a user with role and returns an API token for them (confer token create).
func cliToken(t *testing.T, bin string, env []string, email, role string) string {
	t.Helper()
	cmd := exec.Command(bin, "token", "create", "--email", email, "--role", role)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("token create %s: %v", role, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

type workshop struct {
	ID       uint   `json:"id"`
	JoinCode string `json:"join_code"`
}

func createWorkshop(t *testing.T, base, token string) workshop {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/workshops", strings.NewReader(`{"title":"Winter pressures"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var w workshop
	if err := json.NewDecoder(res.Body).Decode(&w); err != nil || res.StatusCode != 201 || w.JoinCode == "" {
		t.Fatalf("create workshop: %d %v %+v", res.StatusCode, err, w)
	}
	return w
}

// dialHello opens a socket and reads its hello.
func dialHello(t *testing.T, url string, header http.Header) *websocket.Conn {
	t.Helper()
	c, res, err := websocket.DefaultDialer.Dial(url, header)
	if err != nil {
		t.Fatalf("dial %s: %v (%v)", url, err, res)
	}
	t.Cleanup(func() { c.Close() })
	var hello struct{ Type string }
	if err := c.ReadJSON(&hello); err != nil || hello.Type != "hello" {
		t.Fatalf("%s: first frame %+v, %v; want a hello", url, hello, err)
	}
	return c
}

// waitDraining waits for /readyz to answer 503 "draining".
func waitDraining(t *testing.T, base string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		res, err := testClient.Get(base + "/readyz")
		if err != nil {
			continue
		}
		var body struct{ Status string }
		_ = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if res.StatusCode == 503 && strings.Contains(body.Status, "draining") {
			return
		}
	}
	t.Fatal("/readyz did not report draining after SIGTERM")
}
