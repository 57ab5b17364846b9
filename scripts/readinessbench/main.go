// Command readinessbench measures the readiness board on PostgreSQL at the size issue 17
// names: 10 organisations × 13 staff groups, 100,000 contacts and 50,000 pulse answers
// (with 50,000 bookings, a milestone per organisation with a target per group, anchored
// training and three pulses each). With -seed it fills an empty database with
// generate_series (seconds, not minutes). With -url it times GET
// /api/v1/readiness?milestone= over real HTTP against a running Confer, every milestone
// in turn, and, with -floor, the reference floor (barefiber's GET /api/v1/slots) the
// same way in the same run, and quotes the ratio. It fails when the board's p95 is over
// the budget.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
)

func main() {
	db := flag.String("db", os.Getenv("DATABASE_URL"), "Postgres URL of an empty database (with -seed)")
	doSeed := flag.Bool("seed", false, "seed the database and exit")
	url := flag.String("url", "", "base URL of a running Confer over the seeded database")
	token := flag.String("token", "", "a team member's API token")
	floor := flag.String("floor", "", "URL of the reference floor to time beside the board")
	runs := flag.Int("runs", 50, "timed requests per milestone")
	budget := flag.Duration("budget", 200*time.Millisecond, "the board's p95 must be under this")
	flag.Parse()
	var err error
	switch {
	case *doSeed:
		err = seedOnly(*db)
	case *url != "":
		err = timeBoard(*url, *token, *floor, *runs, *budget)
	default:
		err = fmt.Errorf("give -seed or -url")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "readinessbench:", err)
		os.Exit(1)
	}
}

func seedOnly(url string) error {
	if !strings.HasPrefix(url, "postgres") {
		return fmt.Errorf("-db must be a Postgres URL")
	}
	store, err := models.Open(context.Background(), models.OpenOptions{DatabaseURL: url, MaxConns: 4})
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	if err := seed(store); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Printf("seeded in %s\n", time.Since(start).Round(time.Millisecond))
	for _, t := range []string{"organisations", "contacts", "bookings", "milestones", "milestone_targets", "slots",
		"pulses", "pulse_responses", "pulse_answers"} {
		var n int64
		if err := store.DB.Table(t).Count(&n).Error; err != nil {
			return err
		}
		fmt.Printf("%-20s %8d rows\n", t, n)
	}
	return nil
}

// get fetches url and returns how long the whole answer took and its body.
func get(c *http.Client, url, token string) (time.Duration, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	t := time.Now()
	res, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(t)
	if err == nil && res.StatusCode != 200 {
		err = fmt.Errorf("GET %s: %d %.200s", url, res.StatusCode, body)
	}
	return d, body, err
}

type stats struct{ min, p50, p95, max time.Duration }

func summarise(ds []time.Duration) stats {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(p float64) time.Duration { return ds[int(p*float64(len(ds)-1))].Round(100 * time.Microsecond) }
	return stats{ds[0].Round(100 * time.Microsecond), q(0.5), q(0.95), ds[len(ds)-1].Round(100 * time.Microsecond)}
}

func (s stats) String() string {
	return fmt.Sprintf("min=%s p50=%s p95=%s max=%s", s.min, s.p50, s.p95, s.max)
}

// timeBoard times every milestone's board in turn (three warm-up rounds first), then
// the list of milestones, then the floor.
func timeBoard(base, token, floor string, runs int, budget time.Duration) error {
	c := &http.Client{Timeout: 30 * time.Second}
	_, body, err := get(c, base+"/api/v1/readiness", token)
	if err != nil {
		return err
	}
	var list struct {
		Milestones []struct{ ID uint } `json:"milestones"`
	}
	if err := json.Unmarshal(body, &list); err != nil || len(list.Milestones) == 0 {
		return fmt.Errorf("no milestones listed: %v %.200s", err, body)
	}
	var board, all []time.Duration
	groups, answered := 0, 0
	for i := 0; i < runs+3; i++ {
		m := list.Milestones[i%len(list.Milestones)]
		d, body, err := get(c, fmt.Sprintf("%s/api/v1/readiness?milestone=%d", base, m.ID), token)
		if err != nil {
			return err
		}
		if i < 3 {
			continue
		}
		board = append(board, d)
		var b struct {
			Groups      []json.RawMessage `json:"groups"`
			LatestPulse *struct {
				Answered *int `json:"answered"`
			} `json:"latest_pulse"`
		}
		_ = json.Unmarshal(body, &b)
		groups = len(b.Groups)
		if b.LatestPulse != nil && b.LatestPulse.Answered != nil {
			answered = *b.LatestPulse.Answered
		}
	}
	for i := 0; i < min(runs, 20)+1; i++ {
		d, _, err := get(c, base+"/api/v1/readiness", token)
		if err != nil {
			return err
		}
		if i > 0 {
			all = append(all, d)
		}
	}
	bs := summarise(board)
	fmt.Printf("readiness board  GET /api/v1/readiness?milestone=  %d milestones, %d groups each, latest pulse %d answered  runs=%d  %s\n",
		len(list.Milestones), groups, answered, len(board), bs)
	fmt.Printf("readiness list   GET /api/v1/readiness  runs=%d  %s\n", len(all), summarise(all))
	if floor != "" {
		var fl []time.Duration
		for i := 0; i < runs+3; i++ {
			d, _, err := get(c, floor, "")
			if err != nil {
				return err
			}
			if i >= 3 {
				fl = append(fl, d)
			}
		}
		fs := summarise(fl)
		fmt.Printf("reference floor  GET %s  runs=%d  %s\n", floor, len(fl), fs)
		if fs.p50 > 0 {
			fmt.Printf("ratio board/floor p50 = %.1f×\n", float64(bs.p50)/float64(fs.p50))
		}
	}
	if bs.p95 > budget {
		return fmt.Errorf("the board's p95 %s is over the %s budget", bs.p95, budget)
	}
	fmt.Printf("board p95 %s is under the %s budget\n", bs.p95, budget)
	return nil
}
