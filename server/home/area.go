package home

import (
	"context"

	"github.com/confer-nhs/confer/server/web"
)

// Area is the signed-in home page: what needs the caller's attention across areas,
// read through models.
type Area struct {
	*web.Kit
}

func New(k *web.Kit) *Area { return &Area{Kit: k} }

// Routes registers GET /home.
func (s *Area) Routes(r web.Routers) { s.registerHomeRoutes(r.API) }

// Workers: none.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
