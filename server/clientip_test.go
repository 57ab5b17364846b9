package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/server/web"
)

// clientFrom is an HTTP client whose connections come from a given loopback address, so a
// test can be a trusted proxy (127.0.0.1) or an untrusted peer (127.0.0.2) of one server.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		}}}
}

// behindProxy trusts 127.0.0.1 as the load balancer and allows 3 public writes a minute.
func behindProxy(c *web.Config) {
	c.RateLimit = 3
	c.Clients.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
}

// TestTrustedProxyKeysLimitsOnRealClient (D9): behind a trusted proxy every client has its
// own bucket; a client cannot dodge its bucket by writing its own X-Forwarded-For, and a
// peer that is not a trusted proxy is keyed on its own address whatever it claims.
func TestTrustedProxyKeysLimitsOnRealClient(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, behindProxy)
	proxy, stranger := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	post := func(c *http.Client, xff string) int {
		return e.doWith(c, "POST", "/api/v1/auth/signin", map[string]string{}, "X-Forwarded-For", xff).Status
	}
	for i := 0; i < 3; i++ {
		if s := post(proxy, "203.0.113.7"); s == http.StatusTooManyRequests {
			t.Fatalf("client A's request %d limited early", i+1)
		}
	}
	if s := post(proxy, "203.0.113.7"); s != http.StatusTooManyRequests {
		t.Fatalf("client A's 4th request: %d, want 429", s)
	}
	if s := post(proxy, "198.51.100.99, 203.0.113.7"); s != http.StatusTooManyRequests {
		t.Fatalf("client A naming another address on the left of its own: %d, want 429", s)
	}
	if s := post(proxy, "203.0.113.8"); s == http.StatusTooManyRequests {
		t.Fatal("client B behind the same proxy shares client A's bucket")
	}
	// Two proxies deep: the balancer (127.0.0.1) forwards what an inner trusted hop saw.
	if s := post(proxy, "203.0.113.9, 127.0.0.1"); s == http.StatusTooManyRequests {
		t.Fatal("client C behind two trusted hops shares a bucket")
	}
	for i := 0; i < 3; i++ {
		post(stranger, "203.0.113.10"+string(rune('0'+i)))
	}
	if s := post(stranger, "203.0.113.200"); s != http.StatusTooManyRequests {
		t.Fatalf("untrusted peer rotating X-Forwarded-For: %d, want 429", s)
	}
}

// TestForwardedProtoOnlyFromTrustedProxies: HSTS follows X-Forwarded-Proto only when a
// trusted proxy sends it.
func TestForwardedProtoOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, behindProxy)
	hsts := func(c *http.Client) string {
		return e.doWith(c, "GET", "/healthz", nil, "X-Forwarded-Proto", "https").Header.Get("Strict-Transport-Security")
	}
	if hsts(clientFrom("127.0.0.1")) == "" {
		t.Error("trusted proxy said https: no HSTS")
	}
	if h := hsts(clientFrom("127.0.0.2")); h != "" {
		t.Errorf("untrusted peer's X-Forwarded-Proto believed: HSTS %q", h)
	}
}

func TestRealClient(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	for _, tc := range []struct {
		peer, xff, want string
	}{
		{"192.0.2.1", "203.0.113.7", "192.0.2.1"},                     // untrusted peer: header ignored
		{"10.0.0.1", "", "10.0.0.1"},                                  // proxy with no header
		{"10.0.0.1", "203.0.113.7", "203.0.113.7"},                    // one proxy
		{"10.0.0.1", "1.2.3.4, 203.0.113.7, 10.9.9.9", "203.0.113.7"}, // spoofed left, two hops
		{"10.0.0.1", "10.1.1.1, 10.2.2.2", "10.1.1.1"},                // all trusted: leftmost
		{"10.0.0.1", "garbage, 203.0.113.7:4711", "203.0.113.7"},      // port stripped
		{"10.0.0.1", "203.0.113.7, garbage", "10.0.0.1"},              // garbage from a trusted hop
		{"10.0.0.1", "2001:db8::5, ::ffff:203.0.113.7", "203.0.113.7"},
	} {
		var hops []string
		for _, h := range strings.Split(tc.xff, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
		got := web.RealClient(netip.MustParseAddr(tc.peer), hops, trusted)
		if got.String() != tc.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s, want %s", tc.peer, tc.xff, got, tc.want)
		}
	}
}

func TestTrustedProxiesConfig(t *testing.T) {
	t.Parallel()
	env := func(v string) func(string) string {
		return func(k string) string { return map[string]string{"CONFER_TRUSTED_PROXIES": v}[k] }
	}
	c, err := web.LoadConfig(env(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32"))
	if err != nil || len(c.Clients.TrustedProxies) != 3 || c.Clients.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Fatalf("good list: %v %v", c.Clients.TrustedProxies, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.0/8;192.0.2.1"} {
		_, err := web.LoadConfig(env(bad))
		if err == nil || !strings.HasPrefix(err.Error(), "CONFER_TRUSTED_PROXIES: ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := web.LoadConfig(func(k string) string { return map[string]string{"CONFER_WS_PER_CLIENT": "-1"}[k] }); err == nil {
		t.Error("CONFER_WS_PER_CLIENT=-1 accepted")
	}
}
