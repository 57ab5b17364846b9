package campaigns

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// The organisations a campaign must be approved by are those its audience reaches, and
// contacts keep being imported after approval. So the approvals are checked again when a
// campaign starts (sent now, or due on its schedule), and each chunk of recipient rows
// made while it sends takes only the staff of organisations that approved it.

// holdUnlessApproved works out again which organisations c reaches now. If its approvals
// no longer cover all of them (contacts were imported since), it moves c from from back to
// awaiting approval with the reason, so those organisations can approve it, and returns
// the reason as a conflict; the caller commits the hold and starts nothing.
func holdUnlessApproved(tx *gorm.DB, c *Campaign, from string, now time.Time) (held error, err error) {
	st, err := approvalState(tx, c, nil)
	if err != nil {
		return nil, err
	}
	missing := st.Missing()
	if len(missing) == 0 {
		return nil, nil
	}
	names, err := organisationNames(tx, missing)
	if err != nil {
		return nil, err
	}
	verb := "has"
	if len(missing) > 1 {
		verb = "have"
	}
	reason := fmt.Sprintf("Not started on %s: the audience now reaches %s, which %s not approved this version. "+
		"It is awaiting their approval again.", models.LondonTime(now), names, verb)
	c.SendAt, c.HoldReason = nil, reason
	if err := setCampaignStatus(tx, c, from, CampaignSubmitted, map[string]any{"hold_reason": reason, "send_at": nil}); err != nil {
		return nil, err
	}
	return models.Conflict("approval", "%s", reason), nil
}

// organisationNames names organisations for a message; 0 is contacts with no organisation.
func organisationNames(tx *gorm.DB, ids []uint) (string, error) {
	var orgs []models.Organisation
	if err := tx.Where("id IN ?", ids).Order("name").Find(&orgs).Error; err != nil {
		return "", err
	}
	var names []string
	for _, o := range orgs {
		names = append(names, o.Name)
	}
	if slices.Contains(ids, 0) {
		names = append(names, "contacts with no organisation (an admin approves for them)")
	}
	return strings.Join(names, ", "), nil
}

// approvedWhere narrows a campaign's audience to the contacts its approvals cover, so
// contacts imported after approval, of an organisation that never approved, are never
// sent it (see fillChunk).
func approvedWhere(tx *gorm.DB, c *Campaign) (string, []any, error) {
	var approvals []CampaignApproval
	if err := tx.Where("campaign_id = ? AND version = ?", c.ID, c.Version).Find(&approvals).Error; err != nil {
		return "", nil, err
	}
	admin, orgs := coverage(c, approvals)
	switch {
	case admin:
		return "true", nil, nil
	case len(orgs) == 0:
		return "false", nil, nil
	}
	return "organisation_id IN ?", []any{orgs}, nil
}
