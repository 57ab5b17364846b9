package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/confer-nhs/confer/models"
)

type benchConfig struct {
	bin, db            string
	contacts           int
	latency            time.Duration
	concurrency, batch int
}

func run(args []string) error {
	var c benchConfig
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.StringVar(&c.bin, "bin", "bin/confer", "the confer binary")
	fs.StringVar(&c.db, "db", os.Getenv("DATABASE_URL"), "an empty Postgres database")
	fs.IntVar(&c.contacts, "contacts", 100_000, "contacts to send to")
	fs.DurationVar(&c.latency, "latency", 100*time.Millisecond, "fake SendGrid answer time")
	fs.IntVar(&c.concurrency, "concurrency", 24, "CONFER_CAMPAIGN_CONCURRENCY")
	fs.IntVar(&c.batch, "batch", 1000, "CONFER_CAMPAIGN_BATCH_SIZE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !strings.HasPrefix(c.db, "postgres") {
		return fmt.Errorf("-db must be a postgres:// URL")
	}
	fakeURL, key, statsURL, stopFake, err := startFake(c.latency)
	if err != nil {
		return err
	}
	defer stopFake()
	srv, base, env, err := startServer(c, fakeURL, key)
	if err != nil {
		return err
	}
	defer func() { srv.Process.Signal(syscall.SIGTERM); srv.Wait() }()
	if err := insertContacts(c); err != nil {
		return err
	}
	comms, err := token(c.bin, env, "bench-comms@bench.example", "comms")
	if err != nil {
		return err
	}
	admin, err := token(c.bin, env, "bench-admin@bench.example", "admin")
	if err != nil {
		return err
	}
	id, err := approvedCampaign(base, comms, admin)
	if err != nil {
		return err
	}
	return measure(c, base, comms, id, statsURL, srv.Process.Pid)
}

func startFake(latency time.Duration) (url, key, statsURL string, stop func(), err error) {
	self, err := os.Executable()
	if err != nil {
		return "", "", "", nil, err
	}
	cmd := exec.Command(self, "fake", "-latency", latency.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", "", "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", "", "", nil, err
	}
	stop = func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }
	line, err := bufio.NewReader(out).ReadString('\n')
	f := strings.Fields(line)
	if err != nil || len(f) != 3 {
		stop()
		return "", "", "", nil, fmt.Errorf("fake did not start: %q %v", line, err)
	}
	return f[0], f[1], f[2], stop, nil
}

func startServer(c benchConfig, fakeURL, key string) (*exec.Cmd, string, []string, error) {
	ln, err := listen("127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	base := "http://" + addr
	env := append(os.Environ(), "DATABASE_URL="+c.db, "CONFER_DEMO=true", "CONFER_ADDR="+addr, "CONFER_BASE_URL="+base,
		"SENDGRID_API_KEY="+key, "SENDGRID_API_URL="+fakeURL, "CONFER_MAIL_FROM=Confer <confer@bench.example>",
		"CONFER_RATE_LIMIT=0", "CONFER_LOG_LEVEL=warn", fmt.Sprintf("CONFER_CAMPAIGN_CONCURRENCY=%d", c.concurrency),
		fmt.Sprintf("CONFER_CAMPAIGN_BATCH_SIZE=%d", c.batch))
	cmd := exec.Command(c.bin, "serve")
	cmd.Env = env
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", nil, err
	}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd, base, env, nil
			}
		}
	}
	cmd.Process.Kill()
	return nil, "", nil, fmt.Errorf("confer serve was not ready in 60s")
}

// insertContacts adds the benchmark's contacts with one INSERT ... SELECT, spread over the
// demo organisations and the staff groups, all with job role "Benchmark" so the audience
// is exactly them.
func insertContacts(c benchConfig) error {
	store, err := models.Open(context.Background(), models.OpenOptions{DatabaseURL: c.db, MaxConns: 2})
	if err != nil {
		return err
	}
	defer store.Close()
	var ids []string
	if err := store.DB.Raw("SELECT id::text FROM organisations ORDER BY id").Scan(&ids).Error; err != nil || len(ids) == 0 {
		return fmt.Errorf("no demo organisations (%v)", err)
	}
	groups := "'" + strings.Join(models.StaffGroups[:9], "','") + "'"
	sql := fmt.Sprintf(`INSERT INTO contacts (email, name, organisation_id, staff_group, job_role, suppressed, created_at, updated_at)
		SELECT 'staff' || g || '@bench.nhs.example', 'Bench Person' || g, (ARRAY[%s])[1 + g %% %d],
			(ARRAY[%s])[1 + g %% 9], 'Benchmark', '', now(), now()
		FROM generate_series(1, %d) AS g ON CONFLICT (email) DO NOTHING`, strings.Join(ids, ","), len(ids), groups, c.contacts)
	return store.DB.Exec(sql).Error
}

func token(bin string, env []string, email, role string) (string, error) {
	cmd := exec.Command(bin, "token", "create", "--email", email, "--role", role)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("token create: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1], nil
}

func call(method, url, tok string, body, v any) error {
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, data)
	}
	if v != nil {
		return json.Unmarshal(data, v)
	}
	return nil
}

func approvedCampaign(base, comms, admin string) (string, error) {
	var c struct {
		ID         uint
		Recipients int
	}
	err := call("POST", base+"/api/v1/campaigns", comms, map[string]any{"name": "Benchmark newsletter",
		"subject": "EPR update for {{first_name}}", "kind": "newsletter",
		"body_markdown": "Dear {{first_name}},\n\nThe EPR goes live at **{{organisation}}** soon. What it means for {{staff_group}} staff:\n\n- training\n- support\n",
		"audience":      map[string]any{"job_roles": []string{"Benchmark"}}}, &c)
	if err != nil {
		return "", err
	}
	id := fmt.Sprint(c.ID)
	if err := call("POST", base+"/api/v1/campaigns/"+id+"/submit", comms, nil, nil); err != nil {
		return "", err
	}
	return id, call("POST", base+"/api/v1/campaigns/"+id+"/approve", admin, nil, nil)
}

func measure(c benchConfig, base, comms, id, statsURL string, pid int) error {
	cpu0 := cpuSeconds(pid)
	start := time.Now()
	if err := call("POST", base+"/api/v1/campaigns/"+id+"/send", comms, map[string]any{}, nil); err != nil {
		return err
	}
	sendReturned := time.Since(start)
	var st stats
	var firstAt time.Duration
	for {
		res, err := http.Get(statsURL + "/stats")
		if err != nil {
			return err
		}
		json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if st.Messages > 0 && firstAt == 0 {
			firstAt = time.Since(start)
		}
		if st.Messages >= c.contacts {
			break
		}
		if time.Since(start) > 3*time.Minute {
			return fmt.Errorf("only %d of %d messages handed over in 3 minutes", st.Messages, c.contacts)
		}
		time.Sleep(10 * time.Millisecond)
	}
	handed := time.Since(start)
	var camp struct {
		Status string
		Stats  struct{ Sent, Recipients int }
	}
	for camp.Status != "sent" && time.Since(start) < 3*time.Minute {
		if err := call("GET", base+"/api/v1/campaigns/"+id, comms, nil, &camp); err != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
	recorded := time.Since(start)
	time.Sleep(300 * time.Millisecond)
	res, err := http.Get(statsURL + "/stats?full=1")
	if err != nil {
		return err
	}
	json.NewDecoder(res.Body).Decode(&st)
	res.Body.Close()
	hwm := vmHWM(pid)
	cpu := cpuSeconds(pid) - cpu0
	fmt.Printf("campaign benchmark: %d contacts, batches of %d, %d in flight, fake SendGrid latency %v\n",
		c.contacts, c.batch, c.concurrency, c.latency)
	fmt.Printf("  send -> all handed over to SendGrid: %.2f s (%.0f messages/s)\n", handed.Seconds(), float64(st.Messages)/handed.Seconds())
	fmt.Printf("  (send request returned after %.2f s, with the recipient rows inserted; first batch accepted after %.2f s)\n",
		sendReturned.Seconds(), firstAt.Seconds())
	fmt.Printf("  send -> campaign recorded as sent:   %.2f s (status %s, %d of %d recipients sent)\n",
		recorded.Seconds(), camp.Status, camp.Stats.Sent, camp.Stats.Recipients)
	fmt.Printf("  HTTP requests to SendGrid: %d; messages %d; distinct recipients %d; duplicates %d\n",
		st.Requests, st.Messages, st.Distinct, st.Duplicates)
	fmt.Printf("  server peak RSS (VmHWM): %s; server CPU during the send: %.2f s\n", hwm, cpu)
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("  machine load average (1, 5, 15 min): %s\n", strings.Join(strings.Fields(string(load))[:3], ", "))
	}
	if st.Duplicates != 0 || st.Distinct != c.contacts {
		return fmt.Errorf("%d duplicates, %d distinct recipients of %d", st.Duplicates, st.Distinct, c.contacts)
	}
	return nil
}

func vmHWM(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int
			fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), &kb)
			return fmt.Sprintf("%.0f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}

// cpuSeconds is the process's user+system CPU time, from /proc/PID/stat (in clock ticks
// of 1/100 s on Linux).
func cpuSeconds(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	var u, k float64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &k)
	return (u + k) / 100
}
