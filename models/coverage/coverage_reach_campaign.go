package coverage

import (
	"context"

	"github.com/confer-nhs/confer/models/campaigns"
)

// createGapCampaign starts the draft through the campaigns area's own CreateCampaign
// (its validation, its unsubscribe key), addressed to exactly the cell's organisation and
// staff group: a newsletter, so recipients may unsubscribe.
func (s *Store) createGapCampaign(ctx context.Context, authorID uint, in ReachInput, d GapDraft) (uint, error) {
	kind := "newsletter"
	c, err := campaigns.Of(s.Store).CreateCampaign(ctx, authorID, campaigns.CampaignInput{Name: &d.Name, Subject: &d.Subject, BodyMarkdown: &d.Body,
		Kind: &kind, Audience: &campaigns.Audience{OrganisationIDs: []uint{in.OrganisationID}, StaffGroups: []string{in.StaffGroup},
			JobRoles: []string{}}})
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}
