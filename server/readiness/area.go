// Package readiness is the HTTP layer of readiness for go-live (issue 17): pulses, their
// personal and open links and results, and the readiness board with its outreach.
package readiness

import (
	"context"
	"time"

	readinessmodel "github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/server/web"
)

// Area is readiness for go-live.
type Area struct {
	*web.Kit
	db *readinessmodel.Store // the area's store functions
	// openLimiter limits answers through pulses' open links per client (pulse_public.go).
	openLimiter *web.KeyedLimiter
}

func New(k *web.Kit) *Area {
	return &Area{Kit: k, db: readinessmodel.Of(k.Store), openLimiter: web.NewKeyedLimiter(k.Cfg.Clients.PollJoinLimit, time.Hour)}
}

// Routes registers pulses (the team's and the public links') and the readiness board.
func (s *Area) Routes(r web.Routers) {
	s.pulseRoutes(r.API)
	s.boardRoutes(r.API)
}

// Workers: none.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
