// pollbench is the load generator for live polls: N participants join one workshop over
// websockets (gorilla/websocket), each votes once, spread evenly over a window, and it
// measures what the poll issue asks for. The same program drives Confer and the barepoll
// floor (../shared/bench/barepoll), so their figures compare.
//
//	pollbench -base http://127.0.0.1:8080 -token cfr_... -n 10000 -pid 1234 -out confer.json
//	pollbench -base http://127.0.0.1:8080,http://127.0.0.1:8081 -token cfr_... -n 15000  (split)
//	pollbench -compare confer.json barepoll.json
//
// With several bases (instances of one cluster), participants are spread over them in
// turn, as a balancer would, and the final-total time is measured on each instance.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Result is one run's figures.
type Result struct {
	Label        string  `json:"label"`
	N            int     `json:"participants"`
	Held         int     `json:"connections_held"`
	Sent         int     `json:"votes_sent"`
	Acked        int     `json:"votes_acked"`
	APITotal     int     `json:"api_total"`
	APICountsOK  bool    `json:"api_counts_match"`
	AckP50ms     float64 `json:"ack_p50_ms"`
	AckP99ms     float64 `json:"ack_p99_ms"`
	FinalMs      float64 `json:"final_total_ms"`
	SawFinal     int     `json:"clients_saw_final"`
	Dropped      int     `json:"connections_dropped"`
	PeakRSSMB    float64 `json:"peak_rss_mb"`
	ConnectSecs  float64 `json:"connect_s"`
	SpreadSecs   float64 `json:"spread_s"`
	LoadAverage1 string  `json:"load_average"`

	Instances []InstanceResult `json:"instances,omitempty"` // split runs: one per base
}

// InstanceResult is what the participants on one instance saw.
type InstanceResult struct {
	Base     string  `json:"base"`
	Held     int     `json:"connections_held"`
	SawFinal int     `json:"clients_saw_final"`
	FinalMs  float64 `json:"final_total_ms"`
}

type client struct {
	conn    *websocket.Conn
	sent    time.Time
	ackAt   atomic.Int64 // unix nanos
	finalAt atomic.Int64
	choice  int
	dropped atomic.Bool // the server closed the connection before the end
	inst    int         // which base it joined through
}

func main() {
	baseList := flag.String("base", "http://127.0.0.1:8080", "server base URL; several, comma-separated, spread the participants over instances")
	token := flag.String("token", "", "admin API token: create a workshop and an open, revealed poll first")
	code := flag.String("code", "BENCH1", "join code (when not creating a workshop)")
	pollID := flag.Int("poll", 1, "poll id (when not creating a workshop)")
	n := flag.Int("n", 1000, "participants")
	options := flag.Int("options", 4, "options in the poll")
	spread := flag.Duration("spread", 10*time.Second, "votes are spread evenly over this window")
	dialers := flag.Int("dialers", 64, "connections opened at once")
	pid := flag.Int("pid", 0, "server process id, for its peak RSS (VmHWM)")
	label := flag.String("label", "server", "name in the output")
	out := flag.String("out", "", "write the result as JSON here")
	compare := flag.Bool("compare", false, "compare two result files: pollbench -compare A.json B.json")
	target := flag.String("target", "target: each at most 1.5x", "what the ratios should be, printed with them")
	flag.Parse()
	bases := strings.Split(*baseList, ",")
	base := &bases[0]
	if *compare {
		os.Exit(compareFiles(flag.Arg(0), flag.Arg(1), *target))
	}
	if *token != "" {
		var err error
		if *code, *pollID, err = setup(*base, *token, *options); err != nil {
			fail("setup: %v", err)
		}
	}
	r := run(bases, *code, *pollID, *n, *options, *spread, *dialers)
	r.Label = *label
	r.APITotal, r.APICountsOK = readBack(*base, *token, *pollID, *n, *options)
	if *pid > 0 {
		r.PeakRSSMB = peakRSS(*pid)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		r.LoadAverage1 = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	print(r)
	if *out != "" {
		b, _ := json.MarshalIndent(r, "", "  ")
		_ = os.WriteFile(*out, b, 0o644)
	}
	if r.Acked != r.Sent || r.APITotal != r.Sent || !r.APICountsOK {
		fmt.Println("FAIL: acknowledged votes, sent votes and the API's results must all agree")
		os.Exit(1)
	}
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "pollbench: "+f+"\n", a...)
	os.Exit(2)
}

func api(method, url, token string, body any, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// setup creates a workshop and a single-choice poll, opens it and reveals its results
// to the room (so every participant receives the results frames).
func setup(base, token string, options int) (string, int, error) {
	var w struct {
		ID       int    `json:"id"`
		JoinCode string `json:"join_code"`
	}
	if err := api("POST", base+"/api/v1/workshops", token, map[string]any{"title": "Load test"}, &w); err != nil {
		return "", 0, err
	}
	opts := make([]string, options)
	for i := range opts {
		opts[i] = "Option " + strconv.Itoa(i+1)
	}
	var p struct{ ID int }
	if err := api("POST", fmt.Sprintf("%s/api/v1/workshops/%d/polls", base, w.ID), token,
		map[string]any{"kind": "single", "question": "Load test", "options": opts}, &p); err != nil {
		return "", 0, err
	}
	for _, a := range []string{"open", "reveal"} {
		if err := api("POST", fmt.Sprintf("%s/api/v1/polls/%d/%s", base, p.ID, a), token, nil, nil); err != nil {
			return "", 0, err
		}
	}
	return w.JoinCode, p.ID, nil
}

// stopping is set when the run ends and the generator closes its connections.
var stopping atomic.Bool

var (
	totalKey = []byte(`"total":`)
	ackType  = []byte(`"type":"ack"`)
	resType  = []byte(`"type":"results"`)
)

func run(bases []string, code string, pollID, n, options int, spread time.Duration, dialers int) Result {
	ws := make([]string, len(bases))
	for i, b := range bases {
		ws[i] = "ws" + strings.TrimPrefix(b, "http") + "/ws/join/" + code
	}
	d := websocket.Dialer{HandshakeTimeout: 60 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 512}
	clients := make([]*client, n)
	var held atomic.Int64
	start := time.Now()
	sem := make(chan struct{}, dialers)
	var wg sync.WaitGroup
	for i := range clients {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			conn, _, err := d.Dial(ws[i%len(ws)], nil)
			if err != nil {
				fmt.Fprintf(os.Stderr, "dial %d: %v\n", i, err)
				return
			}
			conn.SetReadDeadline(time.Now().Add(60 * time.Second))
			if _, msg, err := conn.ReadMessage(); err != nil || !bytes.Contains(msg, []byte(`"hello"`)) {
				fmt.Fprintf(os.Stderr, "hello %d: %v %s\n", i, err, msg)
				conn.Close()
				return
			}
			clients[i] = &client{conn: conn, choice: i % options, inst: i % len(ws)}
			held.Add(1)
		}()
	}
	wg.Wait()
	connectSecs := time.Since(start).Seconds()
	fmt.Printf("connected %d of %d in %.1f s\n", held.Load(), n, connectSecs)

	var readers sync.WaitGroup
	for _, c := range clients {
		if c == nil {
			continue
		}
		readers.Add(1)
		go func() {
			defer readers.Done()
			c.read(n)
		}()
	}
	var sent atomic.Int64
	var lastSent atomic.Int64
	voteStart := time.Now()
	var voters sync.WaitGroup
	for i, c := range clients {
		if c == nil {
			continue
		}
		voters.Add(1)
		go func() {
			defer voters.Done()
			time.Sleep(time.Until(voteStart.Add(time.Duration(i) * spread / time.Duration(n))))
			msg := fmt.Sprintf(`{"type":"vote","poll_id":%d,"choices":[%d]}`, pollID, c.choice)
			c.sent = time.Now()
			if err := c.conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
				return
			}
			sent.Add(1)
			for {
				old := lastSent.Load()
				if c.sent.UnixNano() <= old || lastSent.CompareAndSwap(old, c.sent.UnixNano()) {
					break
				}
			}
		}()
	}
	voters.Wait()
	// Wait for every ack and every client's final total, at most 60 s after the last vote.
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		done := true
		for _, c := range clients {
			if c != nil && (c.ackAt.Load() == 0 || c.finalAt.Load() == 0) {
				done = false
				break
			}
		}
		if done {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	r := Result{N: n, Held: int(held.Load()), Sent: int(sent.Load()), ConnectSecs: connectSecs, SpreadSecs: spread.Seconds()}
	var lat []float64
	var finalMax int64
	for _, c := range clients {
		if c == nil {
			continue
		}
		if a := c.ackAt.Load(); a != 0 {
			r.Acked++
			lat = append(lat, float64(a-c.sent.UnixNano())/1e6)
		}
		if c.dropped.Load() {
			r.Dropped++
		}
		if f := c.finalAt.Load(); f != 0 {
			r.SawFinal++
			finalMax = max(finalMax, f)
		}
	}
	sort.Float64s(lat)
	r.AckP50ms, r.AckP99ms = pct(lat, 0.50), pct(lat, 0.99)
	r.FinalMs = finalMs(r.SawFinal, r.Held, finalMax, lastSent.Load())
	if len(bases) > 1 {
		r.Instances = perInstance(bases, clients, lastSent.Load())
	}
	stopping.Store(true)
	for _, c := range clients {
		if c != nil {
			c.conn.Close()
		}
	}
	return r
}

// finalMs is the time from the last vote sent to the last client seeing the final total,
// or -1 when some client never saw it.
func finalMs(saw, held int, finalMax, lastSent int64) float64 {
	if saw == held && finalMax > 0 {
		return float64(finalMax-lastSent) / 1e6
	}
	return -1
}

// perInstance measures the final total on each instance's participants apart.
func perInstance(bases []string, clients []*client, lastSent int64) []InstanceResult {
	out := make([]InstanceResult, len(bases))
	last := make([]int64, len(bases))
	for i, b := range bases {
		out[i].Base = b
	}
	for _, c := range clients {
		if c == nil {
			continue
		}
		out[c.inst].Held++
		if f := c.finalAt.Load(); f != 0 {
			out[c.inst].SawFinal++
			last[c.inst] = max(last[c.inst], f)
		}
	}
	for i := range out {
		out[i].FinalMs = finalMs(out[i].SawFinal, out[i].Held, last[i], lastSent)
	}
	return out
}

// read records the client's ack and the first results frame whose total is n.
func (c *client) read(n int) {
	want := []byte(`"total":` + strconv.Itoa(n) + `,`)
	for {
		c.conn.SetReadDeadline(time.Now().Add(120 * time.Second))
		_, msg, err := c.conn.ReadMessage()
		if err != nil {
			if !stopping.Load() {
				c.dropped.Store(true)
			}
			return
		}
		now := time.Now().UnixNano()
		switch {
		case bytes.Contains(msg, ackType):
			c.ackAt.CompareAndSwap(0, now)
		case bytes.Contains(msg, resType):
			if i := bytes.Index(msg, totalKey); i >= 0 && bytes.HasPrefix(msg[i:], want) {
				c.finalAt.CompareAndSwap(0, now)
			}
		}
	}
}

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// readBack reads the results over the API and checks them against what was sent:
// participant i chose option i % options.
func readBack(base, token string, pollID, n, options int) (int, bool) {
	var res struct {
		Total  int   `json:"total"`
		Counts []int `json:"counts"`
	}
	if err := api("GET", fmt.Sprintf("%s/api/v1/polls/%d/results", base, pollID), token, nil, &res); err != nil {
		fmt.Fprintln(os.Stderr, "read back:", err)
		return 0, false
	}
	ok := len(res.Counts) == options
	for i := 0; ok && i < options; i++ {
		want := n / options
		if i < n%options {
			want++
		}
		ok = res.Counts[i] == want
	}
	return res.Total, ok
}

func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func print(r Result) {
	fmt.Printf("%s, %d participants (votes spread over %.0f s):\n", r.Label, r.N, r.SpreadSecs)
	fmt.Printf("  connections held       %d (dropped by the server during the run: %d)\n", r.Held, r.Dropped)
	fmt.Printf("  votes sent / acked     %d / %d\n", r.Sent, r.Acked)
	fmt.Printf("  results over the API   total %d, counts match: %v\n", r.APITotal, r.APICountsOK)
	fmt.Printf("  vote->ack p50 / p99    %.1f ms / %.1f ms\n", r.AckP50ms, r.AckP99ms)
	fmt.Printf("  last vote -> every client has the final total  %.0f ms (%d of %d clients saw it)\n", r.FinalMs, r.SawFinal, r.Held)
	for _, in := range r.Instances {
		fmt.Printf("    on %-22s %.0f ms (%d of %d clients saw it)\n", in.Base, in.FinalMs, in.SawFinal, in.Held)
	}
	fmt.Printf("  server peak RSS        %.0f MB\n", r.PeakRSSMB)
	fmt.Printf("  load average           %s\n", r.LoadAverage1)
}

func compareFiles(a, b, target string) int {
	var x, y Result
	for _, f := range []struct {
		path string
		r    *Result
	}{{a, &x}, {b, &y}} {
		data, err := os.ReadFile(f.path)
		if err != nil || json.Unmarshal(data, f.r) != nil {
			fmt.Fprintln(os.Stderr, "compare: cannot read", f.path)
			return 2
		}
	}
	ratio := func(p, q float64) string {
		if q <= 0 || p < 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.2fx", p/q)
	}
	fmt.Printf("%s / %s at %d participants (%s):\n", x.Label, y.Label, x.N, target)
	fmt.Printf("  ack p99          %7.1f ms / %7.1f ms = %s\n", x.AckP99ms, y.AckP99ms, ratio(x.AckP99ms, y.AckP99ms))
	fmt.Printf("  final total      %7.0f ms / %7.0f ms = %s\n", x.FinalMs, y.FinalMs, ratio(x.FinalMs, y.FinalMs))
	fmt.Printf("  peak RSS         %7.0f MB / %7.0f MB = %s\n", x.PeakRSSMB, y.PeakRSSMB, ratio(x.PeakRSSMB, y.PeakRSSMB))
	fmt.Printf("  ack p50          %7.1f ms / %7.1f ms = %s\n", x.AckP50ms, y.AckP50ms, ratio(x.AckP50ms, y.AckP50ms))
	fmt.Printf("  connect all      %7.1f s  / %7.1f s  = %s\n", x.ConnectSecs, y.ConnectSecs, ratio(x.ConnectSecs, y.ConnectSecs))
	return 0
}
