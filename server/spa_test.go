package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// testdata/spa/assets holds a hashed chunk with the copies the SPA build writes beside
// it (made by Node's zlib, as vite.config.ts does: app-*.js.br and .gz), and a file too
// small to be worth compressing, which has none.
const (
	fixtureJS   = "/assets/app-4f2a9c1d.js"
	fixtureTiny = "/assets/tiny-9b8e7f6a.css"
)

// assetServer serves dir's assets through serveAssets on a loopback port, over real HTTP.
func assetServer(t *testing.T, dir fs.FS) string {
	t.Helper()
	app := fiber.New()
	app.Get("/assets/*", serveAssets(dir))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// rawGet sends method to url with exactly the Accept-Encoding given (none when empty):
// the client neither adds gzip nor decompresses, so the test sees the bytes sent.
func rawGet(t *testing.T, method, url, acceptEncoding string) resp {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp{Status: res.StatusCode, Body: body, Header: res.Header}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(path.Join("testdata/spa", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("bad gzip: %v", err)
	}
	return out
}

func TestAssetsPrecompressedByAcceptEncoding(t *testing.T) {
	t.Parallel()
	base := assetServer(t, os.DirFS("testdata/spa"))
	original := readFixture(t, fixtureJS)
	brotli := readFixture(t, fixtureJS+".br")
	cases := []struct {
		accept, want string
	}{
		{"gzip, deflate, br, zstd", "br"}, // Chromium's
		{"br", "br"},
		{"BR;Q=1", "br"},
		{"gzip", "gzip"},
		{"x-gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0.5, gzip;q=0.9", "gzip"},
		{"gzip;q=0.9, br;q=0.9", "br"}, // a tie goes to the smaller copy
		{"*", "br"},
		{"*;q=0.1, br;q=0", "gzip"},
		{"gzip;q=0", ""},
		{"br;q=0, gzip;q=0", ""},
		{"*;q=0", ""},
		{"gzip;q=nonsense", ""},
		{"identity", ""},
		{"deflate", ""},
		{"", ""},
	}
	for _, tc := range cases {
		got := rawGet(t, "GET", base+fixtureJS, tc.accept)
		if got.Status != http.StatusOK {
			t.Fatalf("Accept-Encoding %q: %d", tc.accept, got.Status)
		}
		if enc := got.Header.Get("Content-Encoding"); enc != tc.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, enc, tc.want)
			continue
		}
		switch tc.want {
		case "br":
			if !bytes.Equal(got.Body, brotli) {
				t.Errorf("Accept-Encoding %q: body is not the build's brotli copy", tc.accept)
			}
		case "gzip":
			if !bytes.Equal(gunzip(t, got.Body), original) {
				t.Errorf("Accept-Encoding %q: gzip body does not decompress to the original", tc.accept)
			}
		default:
			if !bytes.Equal(got.Body, original) {
				t.Errorf("Accept-Encoding %q: body is not the original file", tc.accept)
			}
		}
		expectAssetHeaders(t, tc.accept, got, "text/javascript; charset=utf-8")
	}
}

// expectAssetHeaders checks what every asset answer carries: its type, its length, the
// year-long cache, and Vary: Accept-Encoding.
func expectAssetHeaders(t *testing.T, accept string, got resp, contentType string) {
	t.Helper()
	if ct := got.Header.Get("Content-Type"); ct != contentType {
		t.Errorf("Accept-Encoding %q: Content-Type %q, want %q", accept, ct, contentType)
	}
	if cl := got.Header.Get("Content-Length"); cl != strconv.Itoa(len(got.Body)) {
		t.Errorf("Accept-Encoding %q: Content-Length %q for %d bytes", accept, cl, len(got.Body))
	}
	if cc := got.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Accept-Encoding %q: Cache-Control %q", accept, cc)
	}
	if !varyHas(got.Header, "Accept-Encoding") {
		t.Errorf("Accept-Encoding %q: Vary %q lacks Accept-Encoding", accept, got.Header.Values("Vary"))
	}
}

func varyHas(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return true
			}
		}
	}
	return false
}

func TestAssetsWithoutCopiesOrMissing(t *testing.T) {
	t.Parallel()
	base := assetServer(t, os.DirFS("testdata/spa"))

	// Too small to compress: the file itself, whatever the client accepts.
	got := rawGet(t, "GET", base+fixtureTiny, "gzip, deflate, br")
	if got.Status != http.StatusOK || got.Header.Get("Content-Encoding") != "" {
		t.Fatalf("tiny asset: %d, Content-Encoding %q", got.Status, got.Header.Get("Content-Encoding"))
	}
	if !bytes.Equal(got.Body, readFixture(t, fixtureTiny)) {
		t.Errorf("tiny asset: body differs from the file")
	}
	expectAssetHeaders(t, "gzip, deflate, br", got, "text/css; charset=utf-8")

	// HEAD gives the same length and encoding as GET, without the body.
	get := rawGet(t, "GET", base+fixtureJS, "br")
	head := rawGet(t, "HEAD", base+fixtureJS, "br")
	if head.Status != http.StatusOK || len(head.Body) != 0 ||
		head.Header.Get("Content-Length") != get.Header.Get("Content-Length") ||
		head.Header.Get("Content-Encoding") != "br" || !varyHas(head.Header, "Accept-Encoding") {
		t.Errorf("HEAD: %d, %d body bytes, headers %v (GET Content-Length %s)",
			head.Status, len(head.Body), head.Header, get.Header.Get("Content-Length"))
	}

	// A missing asset, or a copy asked for by name, is a 404 that still varies.
	for _, p := range []string{"/assets/missing-00000000.js", fixtureJS + ".br", fixtureJS + ".gz", "/assets/", "/assets/../spa.go"} {
		got := rawGet(t, "GET", base+p, "br")
		if got.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, got.Status)
		}
		if !varyHas(got.Header, "Accept-Encoding") {
			t.Errorf("GET %s: Vary %q lacks Accept-Encoding", p, got.Header.Values("Vary"))
		}
	}
}

func TestRobotsTxt(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	got := e.do("GET", "/robots.txt", nil)
	if got.Status != http.StatusOK || got.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("robots.txt: %d %q", got.Status, got.Header.Get("Content-Type"))
	}
	body := string(got.Body)
	if strings.Contains(body, "<html") || !strings.Contains(body, "User-agent: *") {
		t.Fatalf("robots.txt is not a robots file:\n%s", body)
	}
	disallowed := func(p string) bool {
		for _, line := range strings.Split(body, "\n") {
			if rule, ok := strings.CutPrefix(line, "Disallow: "); ok && strings.HasPrefix(p, rule) {
				return true
			}
		}
		return false
	}
	for _, p := range []string{"/", "/book", "/book/12", "/feedback", "/feedback/channels/3", "/programme", "/you-said-we-did", "/join"} {
		if disallowed(p) {
			t.Errorf("public page %s is disallowed", p)
		}
	}
	for _, p := range []string{"/api/v1/me", "/ws/workshops/1", "/people", "/campaigns/4", "/coverage", "/feedback/triage",
		"/bookings/abc", "/feedback/follow/abc", "/unsubscribe/abc", "/sessions", "/workshops/1/present", "/outbox", "/join/ABC123"} {
		if !disallowed(p) {
			t.Errorf("%s is not disallowed", p)
		}
	}
}
