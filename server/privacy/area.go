// Package privacy serves what a data-protection officer needs: the retention policy and
// its daily job ("What Confer keeps"), and subject access and erasure across every area.
package privacy

import (
	"context"

	privacymodel "github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/server/web"
)

// Area reads and removes personal data across the other areas through models/privacy;
// it imports no other area's handlers.
type Area struct {
	*web.Kit
	db        *privacymodel.Store // the area's store functions
	workers   []func(ctx context.Context)
	retention retention // the policy and the daily job's hooks (retention.go)
}

func New(k *web.Kit) *Area {
	s := &Area{Kit: k, db: privacymodel.Of(k.Store)}
	s.initRetention()
	return s
}

// Routes registers retention and subject access.
func (s *Area) Routes(r web.Routers) {
	s.registerRetentionRoutes(r.API)
	s.registerSubjectRoutes(r.API)
}

// Workers: the daily retention job.
func (s *Area) Workers() []func(ctx context.Context) { return s.workers }
