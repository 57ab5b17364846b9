// Command bookingbench loads a running Confer with public bookings over real HTTP: it
// publishes one session with N slots (as a facilitator, through the API), then C concurrent
// clients each book B slots at random with new work emails (waitlist: true). It prints
// bookings/s, latency percentiles, the confirmed/waitlisted split and the overbooking
// count, read back from every slot's roster: confirmed rows beyond capacity, or counters
// that disagree with the rows. Any overbooking makes it exit non-zero.
//
//	go run ./scripts/bookingbench -url http://127.0.0.1:8080 -token cfr_...
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "Confer base URL")
	token := flag.String("token", "", "API token of a facilitator or admin (for setup and rosters)")
	clients := flag.Int("clients", 1000, "concurrent clients")
	slots := flag.Int("slots", 50, "slots to book")
	capacity := flag.Int("capacity", 200, "seats per slot")
	each := flag.Int("each", 10, "bookings per client")
	rate := flag.Float64("rate", 0, "bookings per second offered by all clients together (open loop); 0 = each client books as fast as it can")
	flag.Parse()
	if *token == "" {
		fail("-token is required")
	}
	b := &bench{base: *base, token: *token, http: &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConns: *clients * 2, MaxIdleConnsPerHost: *clients * 2, MaxConnsPerHost: *clients * 2}}}
	ids := b.setup(*slots, *capacity)
	lat, codes, elapsed := b.load(ids, *clients, *each, *rate)
	if *rate > 0 {
		fmt.Printf("mode: open loop, %.0f bookings/s offered\n", *rate)
	} else {
		fmt.Printf("mode: closed loop (each client books as fast as it can)\n")
	}
	report(lat, codes, elapsed, *clients, *slots, *capacity)
	over := b.verify(ids, *capacity)
	fmt.Printf("overbooking: %d\n", over)
	if over != 0 || codes[201] == 0 {
		os.Exit(1)
	}
}

type bench struct {
	base, token string
	http        *http.Client
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bookingbench: "+format+"\n", args...)
	os.Exit(2)
}

func (b *bench) call(method, path string, body any, auth bool, out any) int {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, b.base+"/api/v1"+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bearer "+b.token)
	}
	res, err := b.http.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			fail("%s %s: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// setup publishes a session with n slots a week from now, an hour apart.
func (b *bench) setup(n, capacity int) []uint {
	var sess struct{ ID uint }
	if code := b.call("POST", "/sessions", map[string]any{"title": "Benchmark session", "category": "technical",
		"format": "virtual", "meeting_url": "https://teams.example/bench"}, true, &sess); code != 201 {
		fail("create session: status %d", code)
	}
	start := time.Now().UTC().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	ids := make([]uint, n)
	for i := range n {
		var slot struct{ ID uint }
		s := start.Add(time.Duration(i) * time.Hour)
		if code := b.call("POST", fmt.Sprintf("/sessions/%d/slots", sess.ID), map[string]any{"starts_at": s.Format(time.RFC3339),
			"ends_at": s.Add(45 * time.Minute).Format(time.RFC3339), "capacity": capacity}, true, &slot); code != 201 {
			fail("create slot: status %d", code)
		}
		ids[i] = slot.ID
	}
	return ids
}

// load runs the clients; each books `each` random slots with fresh emails. With a rate,
// each client sends on a fixed schedule and latency counts from the scheduled time, so a
// slow server cannot hide its queue by slowing the clients down (coordinated omission).
func (b *bench) load(ids []uint, clients, each int, rate float64) ([]time.Duration, map[int]int, time.Duration) {
	var (
		mu    sync.Mutex
		lat   = make([]time.Duration, 0, clients*each)
		codes = map[int]int{}
		wg    sync.WaitGroup
	)
	run := time.Now().UnixNano()
	gate := make(chan struct{})
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), uint64(run)))
			mine := make([]time.Duration, 0, each)
			got := map[int]int{}
			<-gate
			interval := time.Duration(0)
			if rate > 0 {
				interval = time.Duration(float64(clients) / rate * float64(time.Second))
			}
			begin := time.Now().Add(time.Duration(rng.Int64N(int64(interval) + 1)))
			for i := range each {
				due := time.Now()
				if interval > 0 {
					due = begin.Add(time.Duration(i) * interval)
					time.Sleep(time.Until(due))
				}
				slot := ids[rng.IntN(len(ids))]
				body := map[string]any{"name": fmt.Sprintf("Bench %d-%d", c, i), "email": fmt.Sprintf("b%d.%d.%d@bench.nhs.example", run, c, i),
					"staff_group": "Other", "job_role": "Tester", "waitlist": true}
				code := b.call("POST", fmt.Sprintf("/slots/%d/bookings", slot), body, false, nil)
				if code >= 200 && code < 300 { // a refusal's latency would flatter a failing run
					mine = append(mine, time.Since(due))
				}
				got[code]++
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range got {
				codes[k] += v
			}
			mu.Unlock()
		}()
	}
	t0 := time.Now()
	close(gate)
	wg.Wait()
	return lat, codes, time.Since(t0)
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

func report(lat []time.Duration, codes map[int]int, elapsed time.Duration, clients, slots, capacity int) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	requests := 0
	for _, n := range codes {
		requests += n
	}
	fmt.Printf("clients: %d, slots: %d x %d seats, requests: %d in %.2f s\n", clients, slots, capacity, requests, elapsed.Seconds())
	fmt.Printf("statuses: %v\n", codes)
	fmt.Printf("bookings/s: %.0f\n", float64(codes[201])/elapsed.Seconds())
	fmt.Printf("latency (2xx) p50: %s  p90: %s  p99: %s  max: %s\n", ms(pct(lat, 0.50)), ms(pct(lat, 0.90)), ms(pct(lat, 0.99)), ms(pct(lat, 1)))
}

// verify reads every slot's roster and counts seats beyond capacity, and slots whose
// counters disagree with their rows (either would be overbooking or a lost seat).
func (b *bench) verify(ids []uint, capacity int) int {
	over, confirmed, waitlisted := 0, 0, 0
	for _, id := range ids {
		var r struct {
			Items []struct{ Status string }
			Slot  struct{ Confirmed, Waitlisted, Capacity int }
		}
		if code := b.call("GET", fmt.Sprintf("/slots/%d/bookings", id), nil, true, &r); code != 200 {
			fail("roster %d: status %d", id, code)
		}
		c, w := 0, 0
		for _, it := range r.Items {
			switch it.Status {
			case "confirmed":
				c++
			case "waitlisted":
				w++
			}
		}
		if c > capacity {
			over += c - capacity
		}
		if c != r.Slot.Confirmed || w != r.Slot.Waitlisted || (w > 0 && c < capacity) {
			fmt.Printf("slot %d: rows %d confirmed / %d waitlisted, counters %d / %d\n", id, c, w, r.Slot.Confirmed, r.Slot.Waitlisted)
			over++
		}
		confirmed += c
		waitlisted += w
	}
	fmt.Printf("confirmed: %d, waitlisted: %d (capacity %d)\n", confirmed, waitlisted, capacity*len(ids))
	return over
}
