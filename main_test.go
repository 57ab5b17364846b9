package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/storetest"
)

// buildBinary returns the confer binary the tests run: $CONFER_TEST_BIN when set
// (scripts/test.sh passes the bin/confer its build stage has just made), else one
// compiled once per test run and shared by the tests that need it (linking it costs
// seconds of CPU each time).
func buildBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("CONFER_TEST_BIN"); bin != "" {
		return bin
	}
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "confer-test-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.bin = filepath.Join(dir, "confer")
		if out, err := exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// testClient has a transport of its own: httptest.Server.Close (the SendGrid fake's)
// closes the idle connections of http.DefaultTransport, which broke a parallel test's
// request on the default client once.
var testClient = &http.Client{Transport: &http.Transport{}}

// built is the binary buildBinary compiled; TestMain removes it.
var built struct {
	once sync.Once
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.bin != "" {
		os.RemoveAll(filepath.Dir(built.bin))
	}
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestTokenCreateAndServe runs the real binary: `confer token create` prints a token on its
// last line, `confer serve` accepts it, refuses none or a wrong one, refuses a facilitator
// on an admin route, and shuts down cleanly on SIGTERM.
func TestTokenCreateAndServe(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	addr := freeAddr(t)
	env := append(os.Environ(), "CONFER_DATA_DIR="+t.TempDir(), "CONFER_ADDR="+addr,
		"CONFER_BASE_URL=http://"+addr, "DATABASE_URL="+storetest.NewDatabaseURL(t), "CONFER_DEMO=true")
	token := func(args ...string) string {
		cmd := exec.Command(bin, append([]string{"token", "create"}, args...)...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("token create %v: %v", args, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return lines[len(lines)-1]
	}
	srv := exec.Command(bin, "serve")
	srv.Env = env
	var logs bytes.Buffer
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	waitReady(t, "http://"+addr)
	admin := token("--email", "a@example.org", "--role", "admin")
	fac := token("--email", "f@moorside.nhs.example", "--role", "facilitator", "--name", "Fran")

	get := func(path, tok string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := testClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/api/v1/me", admin); code != 200 || !strings.Contains(body, `"email":"a@example.org"`) || !strings.Contains(body, `"role":"admin"`) {
		t.Fatalf("me as admin: %d %s", code, body)
	}
	if code, body := get("/api/v1/me", fac); code != 200 || !strings.Contains(body, "Moorside Teaching Hospitals") {
		t.Fatalf("facilitator matched to the demo organisation by domain: %d %s", code, body)
	}
	for _, tc := range []struct {
		tok  string
		want int
	}{{"", 401}, {"cfr_wrong", 401}, {fac, 403}, {admin, 200}} {
		if code, body := get("/api/v1/people", tc.tok); code != tc.want {
			t.Errorf("GET /api/v1/people with %q: %d %s, want %d", tc.tok, code, body, tc.want)
		}
	}
	if code, body := get("/api/v1/people?per_page=1", admin); !regexp.MustCompile(`"total":3\d\d`).MatchString(body) {
		t.Errorf("demo people: %d %s", code, body[:min(len(body), 200)])
	}
	// A sign-in link from the command line opens a session.
	cmd := exec.Command(bin, "signin-link", "--email", "A@example.org")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("signin-link: %v", err)
	}
	link := strings.TrimSpace(string(out)[strings.LastIndex(strings.TrimSpace(string(out)), "\n")+1:])
	tok := link[strings.Index(link, "token=")+len("token="):]
	res, err := testClient.Post("http://"+addr+"/api/v1/auth/verify", "application/json", strings.NewReader(`{"token":"`+tok+`"}`))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("verify the command-line link %q: %v %v", link, err, res)
	}
	res.Body.Close()
	if strings.Contains(logs.String(), admin) || strings.Contains(logs.String(), fac) {
		t.Fatal("a token reached the log")
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitExit(t, srv, 25*time.Second, "on SIGTERM", logs.String)
}

// waitExit waits for a signalled `confer serve` to exit 0, failing after limit (a hang),
// with what logs returns (if anything) in the message.
func waitExit(t *testing.T, srv *exec.Cmd, limit time.Duration, when string, logs func() string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			out := ""
			if logs != nil {
				out = "\n" + logs()
			}
			t.Fatalf("serve exited with %v%s", err, out)
		}
	case <-time.After(limit):
		t.Fatalf("serve did not stop %s", when)
	}
}

func TestBadConfigFailsWithOneLine(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	for _, kv := range []string{"CONFER_RATE_LIMIT=lots", "DATABASE_URL=mysql://x", "CONFER_BASE_URL=ftp://x", "CONFER_DEMO=maybe",
		"CONFER_TRUSTED_PROXIES=10.0.0.0/33", "CONFER_WS_PER_CLIENT=many", "CONFER_POLL_JOIN_LIMIT=-1", "CONFER_METRICS_ADDR=metrics", "CONFER_DRAIN_WAIT=forever"} {
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), kv, "CONFER_DATA_DIR="+t.TempDir())
		out, err := cmd.CombinedOutput()
		name := strings.SplitN(kv, "=", 2)[0]
		if err == nil || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 || !strings.Contains(string(out), name) {
			t.Errorf("%s: err=%v output=%q", kv, err, out)
		}
	}
}

func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute) // catches a server that never starts, not a busy machine
	for time.Now().Before(deadline) {
		if res, err := testClient.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal(fmt.Sprintf("%s/readyz not ready in 2 minutes", base))
}
