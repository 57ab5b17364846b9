package web

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ClientConfig says how Confer tells one client from another and how much each may hold.
type ClientConfig struct {
	// TrustedProxies are the load balancers and reverse proxies in front of Confer
	// (CONFER_TRUSTED_PROXIES, comma-separated CIDRs or addresses). Only a request from one
	// of them has its X-Forwarded-For read; without any, the peer address is the client.
	TrustedProxies []netip.Prefix
	// WSPerClient caps the live websockets one client address holds (CONFER_WS_PER_CLIENT;
	// 0 = no cap). Behind a hospital NAT a whole room shares one address, so it is generous.
	WSPerClient int
	// PollJoinLimit is how many new poll participants one client address may create per
	// hour (CONFER_POLL_JOIN_LIMIT; 0 = no limit). Reconnecting with a token is not new.
	PollJoinLimit int
}

// Defaults: a 500-seat hall behind one hospital NAT can all join a poll at once and keep
// every phone (and a second tab each) connected; a script on one address cannot mint
// participants faster than that hall would.
const (
	DefaultWSPerClient   = 1000
	DefaultPollJoinLimit = 500
)

func loadClientConfig(get func(k, def string) string) (ClientConfig, error) {
	var c ClientConfig
	var err error
	if c.TrustedProxies, err = parsePrefixes(get("CONFER_TRUSTED_PROXIES", "")); err != nil {
		return c, err
	}
	if c.WSPerClient, err = strconv.Atoi(get("CONFER_WS_PER_CLIENT", strconv.Itoa(DefaultWSPerClient))); err != nil || c.WSPerClient < 0 {
		return c, fmt.Errorf("CONFER_WS_PER_CLIENT must be a whole number of websockets per client address, 0 for no cap")
	}
	if c.PollJoinLimit, err = strconv.Atoi(get("CONFER_POLL_JOIN_LIMIT", strconv.Itoa(DefaultPollJoinLimit))); err != nil || c.PollJoinLimit < 0 {
		return c, fmt.Errorf("CONFER_POLL_JOIN_LIMIT must be a whole number of new poll participants per client address per hour, 0 for no limit")
	}
	return c, nil
}

// parsePrefixes reads CONFER_TRUSTED_PROXIES: CIDRs, or single addresses meaning just that host.
func parsePrefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, fmt.Errorf("CONFER_TRUSTED_PROXIES: %q is not an address range such as 10.0.0.0/8 or an address such as 10.1.2.3", f)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
