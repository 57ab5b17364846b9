package web

import (
	"net/netip"
	"sync"
)

// connCounter counts the live websockets each client holds, so one address cannot open
// sockets until the server runs out of memory or file descriptors. max == 0 is no cap.
type connCounter struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

func newConnCounter(max int) *connCounter {
	return &connCounter{max: max, n: map[string]int{}}
}

// full reports whether key already holds its cap: the upgrade is refused with 429 before
// any work is done for it.
func (cc *connCounter) full(key string) bool {
	if cc.max == 0 {
		return false
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.n[key] >= cc.max
}

// acquire takes one of key's places for an upgraded socket; release gives it back. Counting
// starts only once the socket is upgraded, so a refused or failed upgrade holds nothing.
func (cc *connCounter) acquire(key string) bool {
	if cc.max == 0 {
		return true
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n[key] >= cc.max {
		return false
	}
	cc.n[key]++
	return true
}

func (cc *connCounter) release(key string) {
	if cc.max == 0 {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.n[key]--; cc.n[key] <= 0 {
		delete(cc.n, key)
	}
}

func PrefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}
