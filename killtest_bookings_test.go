package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBookingsThroughBalancerSurviveKill: public bookings through HAProxy on three
// instances at a paced rate, more people than seats, one instance killed with SIGKILL
// mid-run (once 40% have their answer). No slot is overbooked and nobody waits or is
// refused while a seat is free (in the database); every booking that got a 2xx is stored
// exactly once, with the id it was given; every other answer is a clean refusal with
// {"error"} that stored nothing, except requests on the killed instance (in flight when
// it died, or handed to it in the moment before the balancer saw it dead), which may end
// in the balancer's 502 or a closed connection: they are counted, with how many of them
// were stored anyway (at most once each). Size: CONFER_KILLTEST_BOOKINGS (300) at
// CONFER_KILLTEST_RATE a second (1,000).
func TestBookingsThroughBalancerSurviveKill(t *testing.T) {
	t.Parallel()
	n := envInt(t, "CONFER_KILLTEST_BOOKINGS", 300)
	rate := envInt(t, "CONFER_KILLTEST_RATE", 1000)
	c := startCluster(t, 3, "CONFER_RATE_LIMIT=0", "CONFER_BOOKING_RATE_LIMIT=0", "CONFER_BOOKING_DOMAIN_RATE_LIMIT=0")
	fac := c.Token("--email", "fran@moorside.nhs.example", "--role", "facilitator")
	// Ten slots with seats for two thirds of the people; half of them join the waiting
	// list when their slot is full, half do not (and are refused).
	const nSlots = 10
	capacity := max(1, n*2/3/nSlots)
	var sess struct{ ID uint }
	c.mustAPI("POST", "/api/v1/sessions", fac, map[string]any{"title": "Clinical safety and the new EPR",
		"category": "clinical", "format": "virtual", "meeting_url": "https://teams.example/meet/1"}, &sess)
	slots := make([]uint, nSlots)
	for i := range slots {
		body := slotBody(i)
		body["capacity"] = capacity
		var s struct{ ID uint }
		c.mustAPI("POST", fmt.Sprintf("/api/v1/sessions/%d/slots", sess.ID), fac, body, &s)
		slots[i] = s.ID
	}

	run := bookThroughBalancer(t, c.URL, slots, n, rate, max(1, n*2/5), func() time.Time {
		at := time.Now()
		c.Kill(1)
		return at
	})
	// What the victim answered: every answer from Confer, less what the others answered.
	others := bookingsServed(t, c.Instances[0].Metrics) + bookingsServed(t, c.Instances[2].Metrics)
	answered, afterKill := 0, 0
	for _, r := range run.results {
		if !r.lost {
			answered++
			if r.done.After(run.killedAt) {
				afterKill++
			}
		}
	}
	if victimServed := answered - others; victimServed == 0 || afterKill == 0 {
		t.Fatalf("the killed instance answered %d bookings, and %d answers came after the kill: the kill was not mid-run", victimServed, afterKill)
	}
	db := openSQL(t, clusterDatabaseURL(c))
	stored := storedBookings(t, db, sess.ID)
	lostStored, lostAfter := 0, 0
	for _, r := range run.results {
		switch {
		case r.code >= 200 && r.code < 300:
			if b, ok := stored[r.email]; !ok || len(b) != 1 || b[0] != r.id {
				t.Errorf("booking %s answered %d (id %d) is stored as %v, want once with that id", r.email, r.code, r.id, b)
			}
		case r.lost:
			if !r.start.Before(run.killedAt.Add(balancerNotices)) || !r.done.After(run.killedAt) {
				t.Errorf("booking %s: %s, sent %v and answered %v after the kill: only requests on the killed instance may fail so",
					r.email, r.failure(), r.start.Sub(run.killedAt), r.done.Sub(run.killedAt))
			}
			if r.start.After(run.killedAt) {
				lostAfter++
			}
			lostStored += len(stored[r.email])
			if len(stored[r.email]) > 1 {
				t.Errorf("booking %s, in flight at the kill, is stored %d times", r.email, len(stored[r.email]))
			}
		default: // a clean refusal stores nothing
			if len(stored[r.email]) != 0 {
				t.Errorf("booking %s refused with %d %s is stored", r.email, r.code, r.body)
			}
		}
	}
	checkSeatCounters(t, db)
	if over := count(t, db, `SELECT COUNT(*) FROM slots s WHERE s.confirmed > s.capacity OR
		(SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed') > s.capacity`); over != 0 {
		t.Errorf("%d slots overbooked", over)
	}
	// Nobody was queued or refused while a seat was free.
	full := map[uint]bool{}
	for _, id := range slots {
		full[id] = count(t, db, `SELECT COUNT(*) FROM bookings WHERE slot_id = $1 AND status = 'confirmed'`, id) == capacity
		if !full[id] && count(t, db, `SELECT COUNT(*) FROM bookings WHERE slot_id = $1 AND status = 'waitlisted'`, id) > 0 {
			t.Errorf("slot %d has people waiting and a free seat", id)
		}
	}
	for _, r := range run.results {
		if r.code == 409 && !full[r.slot] {
			t.Errorf("booking %s refused (%s) while slot %d has a free seat", r.email, r.body, r.slot)
		}
	}
	t.Logf("%d bookings at %d/s through 3 instances; instance 2 killed after %d answers (it gave %d, the others %d; %d answers came after the kill): %s; "+
		"%d lost on the killed instance (%d sent after the kill, before the balancer took it out; %d of them stored), "+
		"2xx latency p50 %v p99 %v", n, rate, max(1, n*2/5), answered-others, others, afterKill, run.summary(),
		run.lost(), lostAfter, lostStored, run.p(0.5), run.p(0.99))
}

// balancerNotices is how long after a kill HAProxy may still hand requests to the dead
// instance over a connection it opened before (scripts/cluster.sh: a health check every
// second, out after two failures, and a second's slack).
const balancerNotices = 3 * time.Second

// bookingResult is one paced booking request and how it ended.
type bookingResult struct {
	email      string
	slot       uint
	sent, done time.Time // when it was due (latency counts from then), when it ended
	start      time.Time // when it was sent
	code       int       // 0: no answer
	err        error
	body       string
	id         uint
	lost       bool // no answer, or the balancer's own (not Confer's) 5xx: the instance died
}

func (r bookingResult) failure() string {
	if r.err != nil {
		return r.err.Error()
	}
	return fmt.Sprintf("%d %q", r.code, r.body)
}

// bookingRun is a paced run of public bookings and the moment one instance was killed.
type bookingRun struct {
	results  []bookingResult
	killedAt time.Time
}

// bookThroughBalancer books n new people at rate a second (each request sent at its
// scheduled time, whoever is still waiting), cycling through slots, every other one
// joining the waiting list when full; once killAfter have their answer (mid-run however
// fast the machine) it calls kill, which returns when it killed. It checks every
// answer's shape.
func bookThroughBalancer(t *testing.T, base string, slots []uint, n, rate, killAfter int, kill func() time.Time) *bookingRun {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512}}
	run := &bookingRun{results: make([]bookingResult, n)}
	var (
		wg       sync.WaitGroup
		answered atomic.Int32
		killNow  = make(chan struct{})
		killed   = make(chan struct{})
	)
	go func() {
		defer close(killed)
		<-killNow
		run.killedAt = kill()
	}()
	start := time.Now().Add(50 * time.Millisecond)
	for i := range n {
		due := start.Add(time.Duration(i) * time.Second / time.Duration(rate))
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if answered.Add(1) == int32(killAfter) {
					close(killNow)
				}
			}()
			r := &run.results[i]
			r.email, r.slot, r.sent = fmt.Sprintf("nurse.%d@ward.example.org", i), slots[i%len(slots)], due
			body := bookingBody(r.email)
			body["waitlist"] = i%2 == 0
			data, _ := json.Marshal(body)
			r.start = time.Now()
			res, err := client.Post(fmt.Sprintf("%s/api/v1/slots/%d/bookings", base, r.slot), "application/json", strings.NewReader(string(data)))
			if err != nil {
				r.err, r.lost, r.done = err, true, time.Now()
				return
			}
			raw, err := io.ReadAll(res.Body)
			res.Body.Close()
			r.code, r.body, r.done = res.StatusCode, string(raw), time.Now()
			var answer struct {
				ID    uint   `json:"id"`
				Error string `json:"error"`
			}
			switch {
			case err != nil:
				r.err, r.lost = err, true
			case json.Unmarshal(raw, &answer) != nil || (r.code < 300) == (answer.Error != ""):
				// Not Confer's JSON: the balancer's own page when the instance died.
				r.lost = r.code >= 500
				if !r.lost {
					t.Errorf("booking %d: %d %q is not a clean answer", i, r.code, raw)
				}
			default:
				r.id = answer.ID
			}
		}()
	}
	wg.Wait()
	<-killed
	return run
}

// summary counts the answers by status ("0" for no answer).
func (r *bookingRun) summary() string {
	codes := map[int]int{}
	for _, res := range r.results {
		codes[res.code]++
	}
	var keys []int
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d x %d", codes[k], k))
	}
	return strings.Join(parts, ", ")
}

func (r *bookingRun) lost() int {
	n := 0
	for _, res := range r.results {
		if res.lost {
			n++
		}
	}
	return n
}

// p is the p-quantile of the 2xx answers' latency, from each request's scheduled time.
func (r *bookingRun) p(q float64) time.Duration {
	var lat []time.Duration
	for _, res := range r.results {
		if res.code >= 200 && res.code < 300 {
			lat = append(lat, res.done.Sub(res.sent))
		}
	}
	if len(lat) == 0 {
		return 0
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat[min(len(lat)-1, int(float64(len(lat))*q))].Round(100 * time.Microsecond)
}

// bookingsServed is how many booking requests an instance has answered, from its
// /metrics.
func bookingsServed(t *testing.T, metricsAddr string) int {
	res, err := testClient.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Errorf("metrics of the instance to kill: %v", err)
		return 0
	}
	defer res.Body.Close()
	n := 0
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "confer_http_requests_total{") && strings.Contains(line, `route="/api/v1/slots/:id/bookings"`) &&
			strings.Contains(line, `method="POST"`) {
			v, _ := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64)
			n += int(v)
		}
	}
	return n
}

// storedBookings maps each email booked in the session to the ids of its booking rows.
func storedBookings(t *testing.T, db *sql.DB, sessionID uint) map[string][]uint {
	t.Helper()
	rows, err := db.Query("SELECT email, id FROM bookings WHERE engagement_session_id = $1", sessionID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]uint{}
	for rows.Next() {
		var email string
		var id uint
		if err := rows.Scan(&email, &id); err != nil {
			t.Fatal(err)
		}
		out[email] = append(out[email], id)
	}
	return out
}

// clusterDatabaseURL is the database the cluster's instances share.
func clusterDatabaseURL(c *cluster) string {
	url := ""
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "DATABASE_URL="); ok {
			url = v
		}
	}
	if url == "" {
		c.t.Fatal("the cluster has no DATABASE_URL")
	}
	return url
}
