package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupAndRestoreFromTheCommandLine: `confer backup` copies the database of a running
// Confer; `confer restore` puts the copy in an empty data directory, where a new Confer
// starts and knows the API token made before the backup; restoring over a database, and a
// backup on PostgreSQL, are refused with one clear line.
func TestBackupAndRestoreFromTheCommandLine(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	dir := t.TempDir()
	confer := func(dataDir, addr string, args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "DATABASE_URL=", "CONFER_DATA_DIR="+dataDir, "CONFER_ADDR="+addr,
			"CONFER_BASE_URL=http://"+addr)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	live, addr := filepath.Join(dir, "live"), freeAddr(t)
	out, err := confer(live, addr, "token", "create", "--email", "dpo@example.org", "--role", "admin")
	if err != nil {
		t.Fatalf("token create: %v %s", err, out)
	}
	token := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])

	srv := exec.Command(bin, "serve")
	srv.Env = append(os.Environ(), "DATABASE_URL=", "CONFER_DATA_DIR="+live, "CONFER_ADDR="+addr, "CONFER_BASE_URL=http://"+addr)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	waitReady(t, "http://"+addr)

	backupFile := filepath.Join(dir, "confer-2026-12-07.db")
	if out, err := confer(live, addr, "backup", "--to", backupFile); err != nil || !strings.Contains(out, "integrity checked") {
		t.Fatalf("backup while serving: %v %s", err, out)
	}
	if out, err := confer(live, addr, "backup", "--to", backupFile); err == nil || !strings.Contains(out, "already exists") {
		t.Errorf("a backup over an existing file: %v %s", err, out)
	}
	restored, addr2 := filepath.Join(dir, "restored"), freeAddr(t)
	if out, err := confer(restored, addr2, "restore", "--from", backupFile); err != nil {
		t.Fatalf("restore: %v %s", err, out)
	}
	if out, err := confer(restored, addr2, "restore", "--from", backupFile); err == nil || !strings.Contains(out, "empty data directory") {
		t.Errorf("restore over a database: %v %s", err, out)
	}
	srv2 := exec.Command(bin, "serve")
	srv2.Env = append(os.Environ(), "DATABASE_URL=", "CONFER_DATA_DIR="+restored, "CONFER_ADDR="+addr2, "CONFER_BASE_URL=http://"+addr2)
	if err := srv2.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv2.Process.Kill()
	waitReady(t, "http://"+addr2)
	req, _ := testClientRequest("http://"+addr2+"/api/v1/me", token)
	res, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the token made before the backup, on the restored copy: %d", res.StatusCode)
	}

	cmd := exec.Command(bin, "backup", "--to", filepath.Join(dir, "pg.db"))
	cmd.Env = append(os.Environ(), "DATABASE_URL=postgres://nobody@127.0.0.1:1/none")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "pg_dump") ||
		strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
		t.Errorf("backup on PostgreSQL: %v %q, want one line pointing to pg_dump", err, out)
	}
}

// testClientRequest is a GET with a bearer token.
func testClientRequest(url, token string) (*http.Request, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err == nil {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, err
}
