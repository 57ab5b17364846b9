package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/storetest"
)

// cluster is a running scripts/cluster.sh: N `confer serve` instances behind HAProxy on
// one fresh PostgreSQL database, as production runs them. Tests reach it only through
// the balancer (URL), as users do, and kill instances by PID.
type cluster struct {
	t         *testing.T
	URL       string // the balancer, http://127.0.0.1:PORT
	Instances []clusterInstance
	dir       string
	env       []string
	bin       string
}

// clusterInstance is one line of `scripts/cluster.sh ps`.
type clusterInstance struct {
	PID     int
	Addr    string // host:port it serves on, behind the balancer
	Metrics string // host:port of its /metrics listener
}

// envInt reads a test size from the environment (the benchmarks run the kill tests
// bigger), or def.
func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive whole number", name, v)
	}
	return n
}

// needCluster skips (or, under CI=true, fails) when a cluster cannot run here: it needs
// PostgreSQL (the Postgres pass) and HAProxy.
func needCluster(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a cluster of binaries")
	}
	if !storetest.Postgres() {
		t.Skip("a cluster's instances share one PostgreSQL database; runs in the Postgres pass")
	}
	if _, err := exec.LookPath("haproxy"); err != nil {
		if _, err := os.Stat("/usr/sbin/haproxy"); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("HAProxy is not installed (apt-get install haproxy; .ci/run installs it)")
			}
			t.Skip("HAProxy is not installed (apt-get install haproxy)")
		}
	}
}

// startCluster runs `scripts/cluster.sh up n` on a new, empty database (so the n
// instances also race their migrations) with env added to every instance's environment,
// and `down` at cleanup.
func startCluster(t *testing.T, n int, env ...string) *cluster {
	t.Helper()
	needCluster(t)
	c := &cluster{t: t, dir: t.TempDir(), bin: buildBinary(t)}
	ports := clusterPorts(t, 1+2*n)
	c.env = append(os.Environ(), "CLUSTER_DIR="+c.dir, "CLUSTER_PORTS="+strings.Join(ports, " "), "CONFER_BIN="+c.bin,
		"DATABASE_URL="+storetest.NewEmptyDatabaseURL(t), "CONFER_LOG_LEVEL=warn", "CLUSTER_DRAIN=1s")
	c.env = append(c.env, env...)
	t.Cleanup(c.down)
	out := c.script("up", strconv.Itoa(n))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	c.URL = lines[len(lines)-1]
	if !strings.HasPrefix(c.URL, "http://127.0.0.1:") {
		t.Fatalf("cluster.sh up printed %q, want the balancer's address last", out)
	}
	c.Instances = c.ps()
	if len(c.Instances) != n {
		t.Fatalf("cluster.sh ps lists %d instances, want %d", len(c.Instances), n)
	}
	return c
}

// clusterPorts picks n free ports at random below the kernel's range for outgoing
// connections (32768 and up), so clusters of tests running at once, and the many
// connections their clients and HAProxy open, do not take a port a cluster is about
// to listen on.
func clusterPorts(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	seen := map[int]bool{}
	for tries := 0; len(out) < n; tries++ {
		if tries > 1000 {
			t.Fatal("no free ports between 20000 and 32767")
		}
		p := 20000 + rand.IntN(12768)
		if seen[p] {
			continue
		}
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue
		}
		ln.Close()
		seen[p] = true
		out = append(out, strconv.Itoa(p))
	}
	return out
}

func (c *cluster) script(args ...string) string {
	c.t.Helper()
	cmd := exec.Command("scripts/cluster.sh", args...)
	cmd.Env = c.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("scripts/cluster.sh %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// ps parses `scripts/cluster.sh ps`: "PID ADDR metrics=ADDR", or "PID ADDR stopped".
func (c *cluster) ps() []clusterInstance {
	c.t.Helper()
	var out []clusterInstance
	for _, line := range strings.Split(strings.TrimSpace(c.script("ps")), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			c.t.Fatalf("cluster.sh ps line %q: want PID and address", line)
		}
		pid, err := strconv.Atoi(f[0])
		if err != nil {
			c.t.Fatalf("cluster.sh ps line %q: %v", line, err)
		}
		in := clusterInstance{PID: pid, Addr: f[1]}
		if len(f) > 2 {
			in.Metrics = strings.TrimPrefix(f[2], "metrics=")
		}
		out = append(out, in)
	}
	return out
}

// Kill ends instance i with SIGKILL: no draining, no goodbye, as a crash or the OOM
// killer would.
func (c *cluster) Kill(i int) {
	c.t.Helper()
	if err := syscall.Kill(c.Instances[i].PID, syscall.SIGKILL); err != nil {
		c.t.Fatalf("kill instance %d: %v", i, err)
	}
}

func (c *cluster) down() {
	if c.t.Failed() {
		for _, name := range []string{"i1.log", "i2.log", "i3.log", "haproxy.log"} {
			if b, err := os.ReadFile(filepath.Join(c.dir, name)); err == nil && len(b) > 0 {
				c.t.Logf("%s (last 3 KB):\n%s", name, b[max(0, len(b)-3000):])
			}
		}
	}
	cmd := exec.Command("scripts/cluster.sh", "down")
	cmd.Env = c.env
	if out, err := cmd.CombinedOutput(); err != nil {
		c.t.Errorf("scripts/cluster.sh down: %v\n%s", err, out)
	}
}

// Token runs `confer token create` against the cluster's database and returns the token.
func (c *cluster) Token(args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, append([]string{"token", "create"}, args...)...)
	cmd.Env = c.env
	out, err := cmd.Output()
	if err != nil {
		c.t.Fatalf("token create %v: %v", args, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// API sends a JSON request through the balancer and decodes a 2xx answer into out.
func (c *cluster) API(method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.URL+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := clusterClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// mustAPI is API that fails the test on an error.
func (c *cluster) mustAPI(method, path, token string, body, out any) {
	c.t.Helper()
	if err := c.API(method, path, token, body, out); err != nil {
		c.t.Fatal(err)
	}
}

var clusterClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// TestClusterScript: `scripts/cluster.sh up 3` on an empty database starts three
// instances that migrate once between them, lists them with `ps`, balances requests over
// them, trusts the balancer's X-Forwarded-For (so per-client limits apply to the client,
// not to the balancer), takes a dead instance out, and `down` stops everything.
func TestClusterScript(t *testing.T) {
	t.Parallel()
	c := startCluster(t, 3, "CONFER_RATE_LIMIT=3")
	seen := map[string]bool{}
	for _, in := range c.Instances {
		if seen[in.Addr] || in.Metrics == "" {
			t.Fatalf("cluster.sh ps: %+v", c.Instances)
		}
		seen[in.Addr] = true
	}
	// Every instance served some of nine requests: leastconn with no stickiness.
	for i := 0; i < 9; i++ {
		c.mustAPI("GET", "/api/v1/site", "", nil, nil)
	}
	for _, in := range c.Instances {
		res, err := testClient.Get("http://" + in.Metrics + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), `route="/readyz"`) {
			t.Errorf("instance %s: its metrics show no health checks from the balancer", in.Addr)
		}
	}
	// Join-code lookups are limited per client (CONFER_RATE_LIMIT=3 a minute). Behind
	// the balancer each forwarded client has its own budget; one client runs out.
	lookup := func(client string) int {
		req, _ := http.NewRequest("GET", c.URL+"/api/v1/join/ZZZZZZ", nil)
		req.Header.Set("X-Forwarded-For", client)
		res, err := clusterClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	// Twenty lookups from ten clients, two each: the balancer alone would be over the
	// limit on every instance.
	for i := 1; i <= 20; i++ {
		if code := lookup(fmt.Sprintf("10.9.0.%d", (i+1)/2)); code == 429 {
			t.Fatalf("client 10.9.0.%d was limited on its first or second request: the instance counted the balancer, not the client", (i+1)/2)
		}
	}
	limited := false
	for i := 0; i < 12 && !limited; i++ {
		limited = lookup("10.9.9.9") == 429
	}
	if !limited {
		t.Error("one forwarded client made 12 join-code lookups with a limit of 3 a minute")
	}
	// A killed instance is taken out: every request still succeeds.
	c.Kill(0)
	for i := 0; i < 30; i++ {
		c.mustAPI("GET", "/api/v1/site", "", nil, nil)
	}
	if ps := c.ps(); !strings.Contains(c.script("ps"), "stopped") || ps[0].PID != c.Instances[0].PID {
		t.Errorf("cluster.sh ps after a kill: %s", c.script("ps"))
	}
}

// TestComposeBalancerConfig: docker-compose.yml's HAProxy configuration is one HAProxy
// accepts (`haproxy -c`), and it balances the way scripts/cluster.sh does.
func TestComposeBalancerConfig(t *testing.T) {
	t.Parallel()
	needCluster(t)
	haproxy, err := exec.LookPath("haproxy")
	if err != nil {
		haproxy = "/usr/sbin/haproxy"
	}
	if out, err := exec.Command(haproxy, "-c", "-f", "scripts/haproxy/compose.cfg").CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	b, err := os.ReadFile("scripts/haproxy/compose.cfg")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("scripts/cluster.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"balance leastconn", "option httpchk GET /readyz", "retry-on conn-failure", "option redispatch 1", "observe layer4 error-limit 1 on-error mark-down", "option forwardfor", "timeout tunnel 1h"} {
		if !strings.Contains(string(b), line) || !strings.Contains(string(script), line) {
			t.Errorf("%q should be in both scripts/haproxy/compose.cfg and scripts/cluster.sh", line)
		}
	}
}
