package privacy

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	privacymodel "github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/server/web"
)

// retention is the policy read from the settings and the removals kept in other parts of
// Confer (the audit trail, the staff list's leavers), which the daily job calls.
type retention struct {
	policy privacymodel.Policy
	hooks  privacymodel.Hooks
}

// initRetention builds the policy from CONFER_RETAIN_* and adds the daily job.
//
// The hooks remove what other parts of Confer keep: contacts a staff list import marked
// left (RemoveLeavers) and the audit trail's oldest rows (PruneAudit).
func (s *Area) initRetention() {
	settings := map[string]string{}
	for _, r := range web.RetentionSettings {
		settings[r.Kind] = r.Var
	}
	s.retention.policy = privacymodel.NewPolicy(s.Cfg.Retention, settings)
	s.retention.hooks.Leavers = s.db.RemoveLeavers
	s.retention.hooks.Audit = s.Store.PruneAudit
	s.workers = append(s.workers, s.runRetentionDaily)
}

// Retention job timing: the first check waits for start-up (and for tests that start a
// server to finish), then the job checks each hour whether today's run has happened.
const (
	retentionFirstCheck = 10 * time.Minute
	retentionInterval   = time.Hour
)

// runRetentionDaily runs the retention job once a day, whichever instance gets there first.
func (s *Area) runRetentionDaily(ctx context.Context) {
	wait := time.NewTimer(retentionFirstCheck)
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait.C:
		}
		runs, err := s.db.RunRetentionDaily(ctx, time.Now(), s.retention.policy, s.retention.hooks)
		switch {
		case errors.Is(err, privacymodel.ErrRetentionBusy) || ctx.Err() != nil:
		case err != nil:
			s.Log.Error("retention job failed", "err", err)
		default:
			for _, r := range runs {
				if r.Count > 0 {
					s.Log.Info("retention", "kind", r.Kind, "action", r.Action, "count", r.Count)
				}
			}
		}
		wait.Reset(retentionInterval)
	}
}

// registerRetentionRoutes registers the public policy and "What Confer keeps".
func (s *Area) registerRetentionRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/privacy/retention", web.Public, s.getRetention)
	s.Route(r, fiber.MethodGet, "/privacy/keeps", web.AdminOnly, s.getKeeps)
}

// policyKind is one row of the public policy, which the privacy notice shows.
type policyKind struct {
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	Keep   string `json:"keep"`
	After  string `json:"after"`
	Action string `json:"action"`
	Why    string `json:"why"`
}

func toPolicyKind(k privacymodel.Kind) policyKind {
	return policyKind{Kind: k.Kind, Label: k.Label, Keep: k.Keep.String(), After: k.After, Action: k.Action, Why: k.Why}
}

func (s *Area) getRetention(c *fiber.Ctx) error {
	out := struct {
		Kinds []policyKind `json:"kinds"`
	}{Kinds: []policyKind{}}
	for _, k := range s.retention.policy {
		out.Kinds = append(out.Kinds, toPolicyKind(k))
	}
	return c.JSON(out)
}
