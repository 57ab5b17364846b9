package models

import "context"

// createGapCampaign creates the draft through the campaigns area.
func (s *Store) createGapCampaign(ctx context.Context, authorID uint, in ReachInput, d GapDraft) (uint, error) {
	return 0, Errorf(ECONFLICT, "campaigns are not installed on this server yet")
}
