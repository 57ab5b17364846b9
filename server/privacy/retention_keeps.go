package privacy

import (
	"time"

	"github.com/gofiber/fiber/v2"

	privacymodel "github.com/confer-nhs/confer/models/privacy"
)

// keepsKind is one row of "What Confer keeps": the policy, what is due and what was last
// removed. DueNow and DueSoon are null for a kind the job removes through another part of
// Confer, which it does not count.
type keepsKind struct {
	policyKind
	What        string      `json:"what"`
	Setting     string      `json:"setting"`
	DueNow      *int64      `json:"due_now"`
	DueSoon     *int64      `json:"due_soon"`
	LastChecked *time.Time  `json:"last_checked"`
	LastRemoved *removedRun `json:"last_removed"`
}

type removedRun struct {
	Count int64     `json:"count"`
	At    time.Time `json:"at"`
}

type keepsResponse struct {
	SoonDays int         `json:"soon_days"`
	Kinds    []keepsKind `json:"kinds"`
}

func (s *Area) getKeeps(c *fiber.Ctx) error {
	ctx := c.UserContext()
	due, err := s.db.RetentionDue(ctx, time.Now(), s.retention.policy)
	if err != nil {
		return err
	}
	last, err := s.db.RetentionLastRuns(ctx)
	if err != nil {
		return err
	}
	out := keepsResponse{SoonDays: privacymodel.SoonDays, Kinds: []keepsKind{}}
	for _, k := range s.retention.policy {
		row := keepsKind{policyKind: toPolicyKind(k), What: k.What, Setting: k.Setting}
		if d := due[k.Kind]; d.Known {
			row.DueNow, row.DueSoon = &d.Now, &d.Soon
		}
		if l := last[k.Kind]; l.Checked != nil {
			at := l.Checked.At
			row.LastChecked = &at
			if l.Removed != nil {
				row.LastRemoved = &removedRun{Count: l.Removed.Count, At: l.Removed.At}
			}
		}
		out.Kinds = append(out.Kinds, row)
	}
	return c.JSON(out)
}
