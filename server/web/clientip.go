package web

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const localClient = "client_key"

// ClientKey names the client a request came from, for every per-client limit: the real
// client's address (see realClient), with IPv6 clients taken by their /64, since one
// household or phone is given a whole /64 and could otherwise pick a fresh address for
// each request.
func (s *Kit) ClientKey(c *fiber.Ctx) string {
	if k, ok := c.Locals(localClient).(string); ok {
		return k
	}
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	a := RealClient(peer.Unmap(), forwardedFor(c), s.Cfg.Clients.TrustedProxies)
	k := a.String()
	if a.Is6() {
		k = netip.PrefixFrom(a, 64).Masked().String()
	}
	c.Locals(localClient, k)
	return k
}

// forwardedFor is every X-Forwarded-For hop, in order, across repeated headers.
func forwardedFor(c *fiber.Ctx) []string {
	var hops []string
	for _, h := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		for _, f := range strings.Split(string(h), ",") {
			hops = append(hops, strings.TrimSpace(f))
		}
	}
	return hops
}

// RealClient is the address of the client behind any trusted proxies. A request from an
// untrusted peer is that peer, whatever X-Forwarded-For says. From a trusted proxy,
// X-Forwarded-For is walked right to left (each proxy appends the address it saw), skipping
// trusted hops; the first untrusted hop is the client. Hops left of it were written by the
// client and are never believed. (Fiber's ProxyHeader takes the leftmost hop, which the
// client controls, so it is not used.) A hop that is not an address stops the walk at the
// last trusted one.
func RealClient(peer netip.Addr, hops []string, trusted []netip.Prefix) netip.Addr {
	client := peer
	for i := len(hops) - 1; i >= 0 && isTrusted(client, trusted); i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break
		}
		client = a
	}
	return client
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseHop reads one X-Forwarded-For entry: an address, optionally with a port.
func parseHop(h string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
