package coverage

import "github.com/confer-nhs/confer/models"
import "context"

// createGapCampaign starts the draft through the campaigns area's own CreateCampaign
// (its validation, its unsubscribe key), addressed to exactly the cell's organisation and
// staff group: a newsletter, so recipients may unsubscribe.
func (s *Store) createGapCampaign(ctx context.Context, authorID uint, in ReachInput, d GapDraft) (uint, error) {
	kind := "newsletter"
	c, err := s.CreateCampaign(ctx, authorID, models.CampaignInput{Name: &d.Name, Subject: &d.Subject, BodyMarkdown: &d.Body,
		Kind: &kind, Audience: &models.Audience{OrganisationIDs: []uint{in.OrganisationID}, StaffGroups: []string{in.StaffGroup},
			JobRoles: []string{}}})
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}
