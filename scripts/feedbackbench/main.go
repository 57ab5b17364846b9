// Command feedbackbench measures the feedback channels against a running Confer on
// PostgreSQL (scripts/bench/feedback.sh starts both): posting throughput over HTTP, and
// the time to list the top posts of a channel holding 100,000 posts, with the query plan.
//
//	go run ./scripts/feedbackbench -url http://127.0.0.1:8080 -token cfr_... -db postgres://...
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "Confer base URL")
	token := flag.String("token", "", "admin API token")
	dbURL := flag.String("db", "", "the server's Postgres URL, for bulk seeding and EXPLAIN")
	workers := flag.Int("c", 32, "concurrent posting clients")
	dur := flag.Duration("d", 15*time.Second, "how long to post for")
	big := flag.Int("n", 100_000, "posts in the big channel")
	reads := flag.Int("reads", 300, "top-post listings to time")
	floor := flag.String("floor", "", "base URL of the shared barefiber reference floor (../shared/bench), run in the same run")
	flag.Parse()
	if *token == "" || *dbURL == "" {
		fmt.Fprintln(os.Stderr, "feedbackbench: -token and -db are required")
		os.Exit(2)
	}
	b := &bench{base: strings.TrimRight(*base, "/"), token: *token,
		http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	if *floor != "" {
		b.floor = &bench{base: strings.TrimRight(*floor, "/"), http: b.http}
	}
	if err := b.run(*dbURL, *workers, *dur, *big, *reads); err != nil {
		fmt.Fprintln(os.Stderr, "feedbackbench:", err)
		os.Exit(1)
	}
}

type bench struct {
	base, token string
	http        *http.Client
	floor       *bench // barefiber: the same load against Fiber with no database

	floorRate float64       // floor requests/s under the posting load
	floorP50  time.Duration // floor p50 of one request at a time
	postRate  float64
}

func (b *bench) call(method, path string, body any, auth bool) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, b.base+"/api/v1"+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.Header.Set("Authorization", "Bearer "+b.token)
	}
	res, err := b.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}

func (b *bench) channel(name string) (uint, error) {
	st, body, err := b.call("POST", "/channels", map[string]any{"name": name, "audience": "both"}, true)
	if err != nil || st != 201 {
		return 0, fmt.Errorf("create channel: %d %s %v", st, body, err)
	}
	var ch struct{ ID uint }
	return ch.ID, json.Unmarshal(body, &ch)
}

func (b *bench) run(dbURL string, workers int, dur time.Duration, big, reads int) error {
	stamp := time.Now().Format("150405")
	ch, err := b.channel("Bench posting " + stamp)
	if err != nil {
		return err
	}
	if err := b.floorLoad(workers, dur, reads); err != nil {
		return err
	}
	if err := b.posting(ch, workers, dur); err != nil {
		return err
	}
	bigCh, err := b.channel("Bench 100k " + stamp)
	if err != nil {
		return err
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if err := seed(ctx, conn, bigCh, big); err != nil {
		return err
	}
	if err := explain(ctx, conn, bigCh); err != nil {
		return err
	}
	if err := sqlTimings(ctx, conn, bigCh, reads); err != nil {
		return err
	}
	return b.httpTimings(bigCh, reads)
}

// posting runs workers clients posting as fast as they can for dur, half anonymous.
func (b *bench) posting(ch uint, workers int, dur time.Duration) error {
	var n, fails atomic.Int64
	lat := make([][]time.Duration, workers)
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				post := map[string]any{"kind": "concern", "body": fmt.Sprintf("Bench post %d from client %d: the new system logs me out during handover.", i, w)}
				if i%2 == 0 {
					post["anonymous"] = true
				} else {
					post["name"], post["email"] = "Bench Poster", fmt.Sprintf("bench%d.%d@example.org", w, i)
				}
				t0 := time.Now()
				st, _, err := b.call("POST", fmt.Sprintf("/channels/%d/posts", ch), post, false)
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil || st != 201 {
					fails.Add(1)
					continue
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	fmt.Printf("\n== posting over HTTP: %d clients for %v\n", workers, dur)
	b.postRate = float64(n.Load()) / took.Seconds()
	fmt.Printf("posts created: %d (failed: %d), throughput: %.0f posts/s\n", n.Load(), fails.Load(), b.postRate)
	fmt.Printf("latency: %s\n", summary(all))
	if b.floorRate > 0 {
		fmt.Printf("ratio to the barefiber floor in this run: %.3f (%.0f posts/s vs %.0f requests/s)\n", b.postRate/b.floorRate, b.postRate, b.floorRate)
	}
	if fails.Load() > 0 {
		return fmt.Errorf("%d posts failed", fails.Load())
	}
	return nil
}

// floorLoad runs the same two loads against barefiber (GET /api/v1/slots, 50 slots of
// precomputed JSON, no database): workers clients for dur, then reads requests one at a
// time. Confer's figures are quoted as ratios to these, which hold on shared cores where
// absolute times drift.
func (b *bench) floorLoad(workers int, dur time.Duration, reads int) error {
	if b.floor == nil {
		fmt.Println("\n== no reference floor (pass -floor): absolute figures only")
		return nil
	}
	var n atomic.Int64
	deadline := time.Now().Add(dur)
	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if st, _, err := b.floor.call("GET", "/slots", nil, false); err != nil || st != 200 {
					failed.Add(1)
					continue
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		return fmt.Errorf("barefiber: %d requests failed", failed.Load())
	}
	b.floorRate = float64(n.Load()) / time.Since(start).Seconds()
	lat := make([]time.Duration, 0, reads)
	for i := 0; i < reads; i++ {
		t0 := time.Now()
		if st, _, err := b.floor.call("GET", "/slots", nil, false); err != nil || st != 200 {
			return fmt.Errorf("barefiber: %d %v", st, err)
		}
		lat = append(lat, time.Since(t0))
	}
	fmt.Printf("\n== reference floor (barefiber GET /api/v1/slots): %d clients for %v: %.0f requests/s\n", workers, dur, b.floorRate)
	fmt.Printf("one at a time, %d runs: %s\n", reads, summary(lat))
	b.floorP50 = lat[len(lat)/2]
	return nil
}

// seed bulk-inserts n posts into channel ch with one INSERT ... SELECT: realistic
// "me too" counts, 5% awaiting approval, 3% hidden, statuses spread.
func seed(ctx context.Context, conn *pgx.Conn, ch uint, n int) error {
	t0 := time.Now()
	_, err := conn.Exec(ctx, `
INSERT INTO feedback_posts (channel_id, kind, body, anonymous, name, email, staff_group, status,
	action_taken, approved, hidden, hidden_reason, public, metoo_count, created_at, updated_at)
SELECT $1,
	(ARRAY['concern','idea','question'])[1 + g % 3],
	'Seeded post ' || g || ': the discharge letter template drops the follow-up appointment.',
	g % 2 = 0, CASE WHEN g % 2 = 0 THEN '' ELSE 'Seeded Poster' END, '', '',
	(ARRAY['new','acknowledged','answered','actioned','closed'])[1 + g % 5],
	CASE WHEN g % 5 = 3 THEN 'Fixed in release 2.' || g ELSE '' END,
	g % 20 <> 0, g % 33 = 0, CASE WHEN g % 33 = 0 THEN 'seeded' ELSE '' END,
	g % 20 <> 0 AND g % 33 <> 0,
	floor(power(random(), 3) * 500)::int,
	now() - g * interval '1 minute', now()
FROM generate_series(1, $2) AS g`, ch, n)
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "ANALYZE feedback_posts"); err != nil {
		return err
	}
	fmt.Printf("\n== seeded %d posts into channel %d with one INSERT ... SELECT in %v\n", n, ch, time.Since(t0).Round(time.Millisecond))
	return nil
}

const topQuery = `SELECT * FROM feedback_posts WHERE channel_id = $1 AND public = true
ORDER BY metoo_count DESC, id DESC LIMIT 21`

const topStatusQuery = `SELECT * FROM feedback_posts WHERE channel_id = $1 AND public = true AND status = 'actioned'
ORDER BY metoo_count DESC, id DESC LIMIT 21`

func explain(ctx context.Context, conn *pgx.Conn, ch uint) error {
	for _, q := range []string{topQuery, topStatusQuery} {
		fmt.Printf("\n== EXPLAIN (ANALYZE, BUFFERS) %s\n", strings.Join(strings.Fields(q), " "))
		rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+q, ch)
		if err != nil {
			return err
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			fmt.Println(line)
			if strings.Contains(line, "Seq Scan on feedback_posts") || strings.Contains(line, "Sort Method") {
				rows.Close()
				return fmt.Errorf("the top-posts query scans or sorts: the index is not serving it")
			}
		}
		rows.Close()
	}
	return nil
}

func sqlTimings(ctx context.Context, conn *pgx.Conn, ch uint, reads int) error {
	for _, q := range []string{topQuery, topStatusQuery} {
		lat := make([]time.Duration, 0, reads)
		for i := 0; i < reads; i++ {
			t0 := time.Now()
			rows, err := conn.Query(ctx, q, ch)
			if err != nil {
				return err
			}
			for rows.Next() {
			}
			rows.Close()
			lat = append(lat, time.Since(t0))
		}
		name := "top 20"
		if q == topStatusQuery {
			name = "top 20 with status=actioned"
		}
		fmt.Printf("\n== SQL %s of a 100k-post channel, %d runs: %s\n", name, reads, summary(lat))
	}
	return nil
}

func (b *bench) httpTimings(ch uint, reads int) error {
	for _, q := range []string{"sort=top", "sort=top&status=actioned", "sort=new"} {
		lat := make([]time.Duration, 0, reads)
		for i := 0; i < reads; i++ {
			t0 := time.Now()
			st, body, err := b.call("GET", fmt.Sprintf("/channels/%d/posts?%s&per_page=20", ch, q), nil, false)
			if err != nil || st != 200 {
				return fmt.Errorf("list: %d %s %v", st, body, err)
			}
			lat = append(lat, time.Since(t0))
		}
		fmt.Printf("\n== HTTP GET /api/v1/channels/%d/posts?%s&per_page=20 (100k posts), %d runs: %s\n", ch, q, reads, summary(lat))
		if b.floorP50 > 0 {
			fmt.Printf("p50 ratio to the barefiber floor in this run: %.1fx (floor p50 %.2f ms)\n",
				float64(lat[len(lat)/2])/float64(b.floorP50), float64(b.floorP50.Microseconds())/1000)
		}
	}
	return nil
}

func summary(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	p := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	ms := func(x time.Duration) string { return fmt.Sprintf("%.2f ms", float64(x.Microseconds())/1000) }
	return fmt.Sprintf("p50 %s, p95 %s, p99 %s, max %s", ms(p(0.5)), ms(p(0.95)), ms(p(0.99)), ms(d[len(d)-1]))
}
