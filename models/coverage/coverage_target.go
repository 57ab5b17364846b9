package coverage

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// CoverageTarget is a level of engagement the admin expects of every matching cell: "at
// least MinPercent% of each organisation's StaffGroup staff reached Stage (in a Category
// session)", and at least MinCount people. An empty StaffGroup or nil OrganisationID
// means every one.
type CoverageTarget struct {
	ID             uint `gorm:"primaryKey"`
	Stage          string
	Category       string
	OrganisationID *uint
	StaffGroup     string
	MinPercent     float64
	MinCount       int
	CreatedAt      time.Time
}

// CoverageTargetInput is one target as a request states it.
type CoverageTargetInput struct {
	Stage          string
	Category       string
	OrganisationID *uint
	StaffGroup     string
	MinPercent     *float64
	MinCount       *int
}

// maxCoverageTargets bounds the list so evaluation stays cheap.
const maxCoverageTargets = 100

func (in CoverageTargetInput) parse(tx *gorm.DB, field string) (CoverageTarget, error) {
	t := CoverageTarget{Stage: strings.TrimSpace(in.Stage), Category: strings.TrimSpace(in.Category)}
	if !slices.Contains(CoverageStages, t.Stage) {
		return t, models.Invalid(field+".stage", "%s.stage must be one of: %s", field, strings.Join(CoverageStages, ", "))
	}
	if t.Category != "" && !slices.Contains(SessionCategoryNames, t.Category) {
		return t, models.Invalid(field+".category", "%s.category must be one of: %s (or empty for any)", field, strings.Join(SessionCategoryNames, ", "))
	}
	a, err := models.ParseAttribution(tx, in.OrganisationID, in.StaffGroup)
	if err != nil {
		if e, ok := err.(*models.Error); ok {
			e.Field = field + "." + e.Field
		}
		return t, err
	}
	t.OrganisationID, t.StaffGroup = a.OrganisationID, a.StaffGroup
	pct, n := models.Deref(in.MinPercent), models.Deref(in.MinCount)
	if math.IsNaN(pct) || pct < 0 || pct > 100 {
		return t, models.Invalid(field+".min_percent", "%s.min_percent must be between 0 and 100", field)
	}
	if n < 0 || n > 1_000_000 {
		return t, models.Invalid(field+".min_count", "%s.min_count must be between 0 and 1000000", field)
	}
	if pct == 0 && n == 0 {
		return t, models.Invalid(field+".min_percent", "%s needs min_percent or min_count above 0", field)
	}
	t.MinPercent, t.MinCount = pct, n
	return t, nil
}

// ListCoverageTargets returns the targets in the order they were set.
func (s *Store) ListCoverageTargets(ctx context.Context) ([]CoverageTarget, error) {
	var out []CoverageTarget
	err := s.DB.WithContext(ctx).Order("id").Find(&out).Error
	return out, err
}

// ReplaceCoverageTargets validates every target and then replaces the whole list in one
// transaction, so a bad entry changes nothing.
func (s *Store) ReplaceCoverageTargets(ctx context.Context, in []CoverageTargetInput) ([]CoverageTarget, error) {
	if len(in) > maxCoverageTargets {
		return nil, models.Invalid("targets", "at most %d targets", maxCoverageTargets)
	}
	var out []CoverageTarget
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		out = make([]CoverageTarget, 0, len(in))
		for i, t := range in {
			parsed, err := t.parse(tx, "targets["+strconv.Itoa(i)+"]")
			if err != nil {
				return err
			}
			out = append(out, parsed)
		}
		if err := tx.Where("1 = 1").Delete(&CoverageTarget{}).Error; err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		return tx.Create(&out).Error
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Required is how many people a cell with this headcount needs to meet the target.
func (t CoverageTarget) Required(headcount int) int {
	need := int(math.Ceil(t.MinPercent * float64(headcount) / 100))
	return max(need, t.MinCount)
}

func (t CoverageTarget) applies(c *CoverageCell) bool {
	if c.Headcount == 0 {
		return false // nobody to reach: a headcount comes from contacts
	}
	if t.OrganisationID != nil && *t.OrganisationID != c.OrganisationID {
		return false
	}
	return t.StaffGroup == "" || t.StaffGroup == c.StaffGroup
}

// evaluateTargets flags every cell below a target and lists the gaps, biggest first. A
// target with its own category is measured in that category whatever the page filter;
// counts holds every category the targets name (countSlots). Contributions (and answers
// to them) are judged on verified people only: a self-declared organisation and staff
// group cannot meet a target (docs/COVERAGE.md).
//
// A target is judged on what is shown: a hidden count is taken as the least it can be,
// a hidden headcount as the most, so a flag says no more than the figures beside it.
// Every cell that truly misses a target is flagged; one whose hidden count may meet it,
// but cannot be shown to, is flagged too.
func (r *CoverageReport) evaluateTargets(counts map[string]map[cellKey]map[string]int, d *disclosures) {
	for _, t := range r.Targets {
		for i := range r.Cells {
			c := &r.Cells[i]
			if !t.applies(c) {
				continue
			}
			k := cellKey{c.OrganisationID, c.StaffGroup}
			g := gapFor(t, c, counts[t.Category][k], d.cells[t.Category][k])
			if g.ActualHide.floor(g.Actual) >= t.mostRequired(c.Headcount, g.HeadcountHide) {
				continue
			}
			g.Text = g.sentence(r.Organisations[c.OrganisationID])
			g.Headline = g.headline(r.Organisations[c.OrganisationID])
			c.Flags = append(c.Flags, g)
			r.Gaps = append(r.Gaps, g)
		}
	}
	sortGaps(r.Gaps, r.Organisations)
}

// gapFor measures one cell against one target, in the target's category: its counts
// shown as the page filtered to that category shows them (hide).
func gapFor(t CoverageTarget, c *CoverageCell, counts map[string]int, hide map[string]Disclosure) CoverageGap {
	key := t.Stage
	if VerifiedStage(t.Stage) {
		key += VerifiedSuffix
	}
	g := CoverageGap{TargetID: t.ID, OrganisationID: c.OrganisationID, StaffGroup: c.StaffGroup,
		Stage: t.Stage, Category: t.Category, Actual: counts[key], Required: t.Required(c.Headcount),
		Headcount: c.Headcount, HeadcountHide: c.Hide[HeadcountKey], MinPercent: t.MinPercent,
		Verified: VerifiedStage(t.Stage)}
	g.PublicRequired = t.Required(g.HeadcountHide.floor(c.Headcount))
	if g.Verified {
		g.SelfDeclared = counts[t.Stage] - g.Actual
	}
	g.ActualHide, g.SelfDeclaredHide = hide[key], hide[t.Stage+SelfDeclaredSuffix]
	return g
}

// mostRequired is the most people the target can ask of a cell whose headcount is shown
// as d: the number itself, or for a hidden one the largest it can be.
func (t CoverageTarget) mostRequired(headcount int, d Disclosure) int {
	switch {
	case d == HiddenSmall:
		return t.Required(SmallNumber - 1)
	case d == HiddenProtect && t.MinPercent > 0:
		return disclosureUnbounded
	}
	return t.Required(headcount)
}
