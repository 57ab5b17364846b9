// Package decisions is the decision register's HTTP layer (issue 16): the team records
// decisions, links what informed them and publishes them; the public reads the register,
// its feeds, and (through a follow-up link) the decisions made on what they raised.
package decisions

import (
	"context"

	decisionmodel "github.com/confer-nhs/confer/models/decisions"
	"github.com/confer-nhs/confer/server/web"
)

// Area is the decision register.
type Area struct {
	*web.Kit
	db *decisionmodel.Store // the area's store functions
}

func New(k *web.Kit) *Area { return &Area{Kit: k, db: decisionmodel.Of(k.Store)} }

// Routes registers the team's routes, the public register and its feeds, and the
// follow-up link's decisions.
func (s *Area) Routes(r web.Routers) {
	s.registerTeamRoutes(r.API)
	s.registerPublicRoutes(r.API)
}

// Workers: none; publishing mails through s.Background.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
