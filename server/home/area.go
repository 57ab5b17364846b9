package home

import (
	"context"

	homemodel "github.com/confer-nhs/confer/models/home"
	"github.com/confer-nhs/confer/server/web"
)

// Area is the signed-in home page: what needs the caller's attention across areas,
// read through models.
type Area struct {
	*web.Kit
	db *homemodel.Store // the area's store functions
}

func New(k *web.Kit) *Area {
	return &Area{Kit: k, db: homemodel.Of(k.Store)}
}

// Routes registers GET /home.
func (s *Area) Routes(r web.Routers) { s.registerHomeRoutes(r.API) }

// Workers: none.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
