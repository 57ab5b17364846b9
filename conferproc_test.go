package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// conferProc is one `confer serve` on a database, driven through its HTTP API as the SPA
// drives it.
type conferProc struct {
	t    *testing.T
	bin  string
	base string
	env  []string
	cmd  *exec.Cmd
}

// startConfer runs `confer serve` on the database at url (public and booking rate limits
// off: the tests' load all comes from one address and one email domain) and waits until it is ready.
func startConfer(t *testing.T, bin, url string) *conferProc {
	t.Helper()
	addr := freeAddr(t)
	p := &conferProc{t: t, bin: bin, base: "http://" + addr, env: append(os.Environ(), "DATABASE_URL="+url,
		"CONFER_DATA_DIR="+t.TempDir(), "CONFER_ADDR="+addr, "CONFER_BASE_URL=http://"+addr, "CONFER_RATE_LIMIT=0",
		"CONFER_BOOKING_RATE_LIMIT=0", "CONFER_BOOKING_DOMAIN_RATE_LIMIT=0")}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = p.env
	if testing.Verbose() {
		p.cmd.Stderr = os.Stderr
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.stop)
	waitReady(t, p.base)
	return p
}

// stop kills the server (a second call does nothing).
func (p *conferProc) stop() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// token runs `confer token create` on the server's database and returns the token.
func (p *conferProc) token(args ...string) string {
	p.t.Helper()
	cmd := exec.Command(p.bin, append([]string{"token", "create"}, args...)...)
	cmd.Env = p.env
	out, err := cmd.Output()
	if err != nil {
		p.t.Fatalf("token create %v: %v", args, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// call sends a JSON request and decodes a 2xx answer into out; it returns the status, or
// 0 when the request failed. It never stops the test, so goroutines may use it.
func (p *conferProc) call(method, path, token string, body, out any) int {
	return callJSON(testClient, p.base, method, path, token, body, out)
}

// callJSON is call against any base URL (a balancer's too), with the given client.
func callJSON(client *http.Client, base, method, path, token string, body, out any) int {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 && json.Unmarshal(data, out) != nil {
		return 0
	}
	return res.StatusCode
}

// newSession publishes an online session with n slots of capacity seats, as the
// facilitator whose token is given, and returns its id and the slots' ids.
func (p *conferProc) newSession(token string, n, capacity int) (uint, []uint) {
	p.t.Helper()
	var sess struct{ ID uint }
	if code := p.call("POST", "/api/v1/sessions", token, map[string]any{"title": "Clinical safety and the new EPR",
		"category": "clinical", "format": "virtual", "meeting_url": "https://teams.example/meet/1"}, &sess); code != 201 {
		p.t.Fatalf("create session: %d", code)
	}
	var ids []uint
	for i := range n {
		body := slotBody(-1 - i)
		body["capacity"] = capacity
		var slot struct{ ID uint }
		if code := p.call("POST", fmt.Sprintf("/api/v1/sessions/%d/slots", sess.ID), token, body, &slot); code != 201 {
			p.t.Fatalf("create slot: %d", code)
		}
		ids = append(ids, slot.ID)
	}
	return sess.ID, ids
}

// addSlot adds a 10-seat slot i hours after the first; it returns the status.
func (p *conferProc) addSlot(token string, sessionID uint, i int) int {
	return p.call("POST", fmt.Sprintf("/api/v1/sessions/%d/slots", sessionID), token, slotBody(i), nil)
}

// slotBody is a 45-minute, 10-seat slot i hours after 09:00 a week from now.
func slotBody(i int) map[string]any {
	start := time.Now().UTC().Add(7 * 24 * time.Hour).Truncate(24 * time.Hour).Add(time.Duration(100+i) * time.Hour)
	return map[string]any{"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(45 * time.Minute).Format(time.RFC3339), "capacity": 10}
}

// bookingBody is the public booking form as the SPA sends it, joining the waiting list
// when the slot is full.
func bookingBody(email string) map[string]any {
	return map[string]any{"name": "Sam " + strings.Split(email, "@")[0], "email": email,
		"staff_group": "nursing and midwifery registered", "job_role": "Staff Nurse", "waitlist": true}
}

// bookingAnswer is what the tests read of a booking's answer.
type bookingAnswer struct {
	ID          uint   `json:"id"`
	Status      string `json:"status"`
	Email       string `json:"email"`
	ManageToken string `json:"manage_token"`
}

// book books slot for email through the public API.
func (p *conferProc) book(slot uint, email string) (int, bookingAnswer) {
	var b bookingAnswer
	code := p.call("POST", fmt.Sprintf("/api/v1/slots/%d/bookings", slot), "", bookingBody(email), &b)
	return code, b
}

// checkReads: the API token signs in, and the booking's manage link shows it.
func (p *conferProc) checkReads(t *testing.T, token string, a ack) {
	t.Helper()
	var me struct{ Email string }
	if code := p.call("GET", "/api/v1/me", token, nil, &me); code != 200 || me.Email == "" {
		t.Errorf("GET /api/v1/me with a token made before the backup: %d %+v", code, me)
	}
	var b bookingAnswer
	if code := p.call("GET", "/api/v1/bookings/"+a.token, "", nil, &b); code != 200 || b.Email != a.key {
		t.Errorf("GET /api/v1/bookings/<manage token> of %s: %d %+v", a.key, code, b)
	}
}

// ack is a write the server acknowledged: its key (a booking's email, a slot's id), when
// it was sent and when its answer came, and a booking's manage token.
type ack struct {
	key        string
	sent, done time.Time
	token      string
}

// bookingLoad books from a few goroutines as fast as the server answers, each booking a
// new email, until stopped.
type bookingLoad struct {
	mu      sync.Mutex
	acks    []ack
	refused map[int]int // statuses other than 201 (0: no answer), by count
	quit    chan struct{}
	wg      sync.WaitGroup
}

func startBookingLoad(base string, slots []uint, workers int) *bookingLoad {
	l := &bookingLoad{quit: make(chan struct{}), refused: map[int]int{}}
	p := &conferProc{base: base}
	for w := range workers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-l.quit:
					return
				default:
				}
				email := fmt.Sprintf("load.%d.%d@ward.example.org", w, i)
				sent := time.Now()
				code, b := p.book(slots[i%len(slots)], email)
				l.mu.Lock()
				if code == 201 {
					l.acks = append(l.acks, ack{key: email, sent: sent, done: time.Now(), token: b.ManageToken})
				} else {
					l.refused[code]++
				}
				l.mu.Unlock()
			}
		}()
	}
	return l
}

// waitAcked waits until n bookings are acknowledged.
func (l *bookingLoad) waitAcked(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		l.mu.Lock()
		got := len(l.acks)
		l.mu.Unlock()
		if got >= n {
			return
		}
	}
	t.Fatalf("fewer than %d bookings acknowledged in a minute", n)
}

// stop ends the load and returns every acknowledged booking, the first acknowledged first.
func (l *bookingLoad) stop() []ack {
	close(l.quit)
	l.wg.Wait()
	return l.acks
}
