package demo

import (
	"context"
	"math/rand/v2"

	"github.com/confer-nhs/confer/models"
)

// seedCoverage sets the programme's coverage targets, so the demo's coverage page flags
// the groups the other areas' demo activity has not reached.
func seedCoverage(ctx context.Context, store *models.Store, _ *rand.Rand) error {
	pct := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	_, err := store.ReplaceCoverageTargets(ctx, []models.CoverageTargetInput{
		{Stage: models.StageAttended, Category: "clinical", StaffGroup: "Nursing and Midwifery Registered", MinPercent: pct(5)},
		{Stage: models.StageAttended, Category: "technical", MinCount: n(1)},
		{Stage: models.StageReached, MinPercent: pct(50)},
		{Stage: models.StageContributed, MinPercent: pct(10)},
	})
	return err
}
