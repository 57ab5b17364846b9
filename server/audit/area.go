// Package audit serves the audit trail to admins: GET /api/v1/audit (JSON, filtered,
// paged by id) and GET /api/v1/audit.csv (the same filters, downloaded; itself audited).
// Rows are written by every privileged route through server/web (audit.go).
package audit

import (
	"context"

	auditmodel "github.com/confer-nhs/confer/models/audit"
	"github.com/confer-nhs/confer/server/web"
)

// Area reads the trail; nothing here writes it.
type Area struct {
	*web.Kit
	db *auditmodel.Store
}

func New(k *web.Kit) *Area { return &Area{Kit: k, db: auditmodel.Of(k.Store)} }

// Routes registers the trail's two reads.
func (s *Area) Routes(r web.Routers) { s.registerAuditRoutes(r.API) }

// Workers: none (the retention job prunes old rows through models.Store.PruneAudit).
func (s *Area) Workers() []func(ctx context.Context) { return nil }
