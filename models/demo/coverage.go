package demo

import (
	"context"
	"math/rand/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
)

// seedCoverage sets the programme's coverage targets, so the demo's coverage page flags
// the groups the other areas' demo activity has not reached.
func seedCoverage(ctx context.Context, store *models.Store, _ *rand.Rand) error {
	pct := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	_, err := coverage.Of(store).ReplaceCoverageTargets(ctx, []coverage.CoverageTargetInput{
		{Stage: coverage.StageAttended, Category: "clinical", StaffGroup: "Nursing and Midwifery Registered", MinPercent: pct(5)},
		{Stage: coverage.StageAttended, Category: "technical", MinCount: n(1)},
		{Stage: coverage.StageReached, MinPercent: pct(50)},
		{Stage: coverage.StageContributed, MinPercent: pct(10)},
	})
	return err
}
