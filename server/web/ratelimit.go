package web

import (
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/time/rate"

	"github.com/confer-nhs/confer/models"
)

// KeyedLimiter holds one token bucket (golang.org/x/time/rate) per key — a client IP or
// an email — allowing n events per period with a burst of n. Idle buckets are swept.
type KeyedLimiter struct {
	n       int
	period  time.Duration
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewKeyedLimiter allows n events per period per key; n == 0 allows everything.
func NewKeyedLimiter(n int, period time.Duration) *KeyedLimiter {
	return &KeyedLimiter{n: n, period: period, buckets: map[string]*bucket{}, swept: time.Now()}
}

// Allow takes one event for key, or says how long until one is available.
func (l *KeyedLimiter) Allow(key string) (bool, time.Duration) {
	if l == nil || l.n == 0 {
		return true, 0
	}
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > l.period {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > l.period {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.period/time.Duration(l.n)), l.n)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// TooMany is the 429 for a limited key, with Retry-After set.
func TooMany(c *fiber.Ctx, wait time.Duration, what string) error {
	secs := int(wait.Seconds()) + 1
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	return models.Errorf(models.ETOOMANY, "too many %s: try again in %d seconds", what, secs)
}

// limitPublicWrites applies CONFER_RATE_LIMIT per client to public write routes.
func (s *Kit) limitPublicWrites(c *fiber.Ctx) error {
	if ok, wait := s.publicWrites.Allow(s.ClientKey(c)); !ok {
		return TooMany(c, wait, "requests from your network")
	}
	return c.Next()
}
