package main

import (
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMDrainsBeforeShuttingDown: with CONFER_DRAIN_WAIT set, a SIGTERM first makes
// /readyz fail (so a balancer's health checks move new clients elsewhere) while the
// instance still answers requests, and only then does it shut down.
func TestSIGTERMDrainsBeforeShuttingDown(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	addr := freeAddr(t)
	srv := exec.Command(bin, "serve")
	srv.Env = append(os.Environ(), "DATABASE_URL=", "CONFER_DATA_DIR="+t.TempDir(), "CONFER_ADDR="+addr,
		"CONFER_BASE_URL=http://"+addr, "CONFER_DRAIN_WAIT=10s")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	waitReady(t, base)
	get := func(path string) (int, string) {
		res, err := testClient.Get(base + path)
		if err != nil {
			return 0, err.Error()
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	draining := false
	for deadline := time.Now().Add(9 * time.Second); time.Now().Before(deadline) && !draining; time.Sleep(20 * time.Millisecond) {
		code, body := get("/readyz")
		draining = code == 503 && strings.Contains(body, "draining")
	}
	if !draining {
		t.Fatal("/readyz did not report draining after SIGTERM")
	}
	if code, body := get("/api/v1/site"); code != 200 {
		t.Errorf("a draining instance stopped answering: %d %s", code, body)
	}
	waitExit(t, srv, 60*time.Second, "after draining", nil)
}
