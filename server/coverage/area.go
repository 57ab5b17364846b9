package coverage

import (
	"context"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/server/web"
)

// Area is who has been heard and who not yet: coverage against targets, reaching
// a gap, the evidence pack and the public programme page. It reads the other areas'
// records through models/coverage (which may import the other areas' models); it imports
// no other area's handlers.
type Area struct {
	*web.Kit
	db *coveragemodel.Store // the area's store functions
}

func New(k *web.Kit) *Area { return &Area{Kit: k, db: coveragemodel.Of(k.Store)} }

// Routes registers coverage, targets, reach, the evidence pack and the programme page.
func (s *Area) Routes(r web.Routers) { s.registerCoverageRoutes(r.API) }

// Workers: none.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
