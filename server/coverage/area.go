package coverage

import (
	"context"

	"github.com/confer-nhs/confer/server/web"
)

// Area is who has been heard and who not yet: coverage against targets, reaching
// a gap, the evidence pack and the public programme page. It reads the other areas'
// records through models; it imports no other area.
type Area struct {
	*web.Kit
}

func New(k *web.Kit) *Area { return &Area{Kit: k} }

// Routes registers coverage, targets, reach, the evidence pack and the programme page.
func (s *Area) Routes(r web.Routers) { s.registerCoverageRoutes(r.API) }

// Workers: none.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
