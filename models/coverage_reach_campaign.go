package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"
)

// createGapCampaign stores the draft in the campaigns area's table, addressed to exactly
// the cell's organisation and staff group: a newsletter (recipients may unsubscribe) in
// status draft, version 1, with its own unsubscribe key, as the campaigns area creates
// one. It writes the row rather than calling that area's Go code so that coverage works
// with whichever areas are installed (docs/COVERAGE.md); without campaigns it is a 409.
func (s *Store) createGapCampaign(ctx context.Context, authorID uint, in ReachInput, d GapDraft) (uint, error) {
	db := s.DB.WithContext(ctx)
	if !hasTables(db, "campaigns") {
		return 0, Errorf(ECONFLICT, "campaigns are not installed on this server, so a draft cannot be started")
	}
	audience, err := json.Marshal(map[string]any{"organisation_ids": []uint{in.OrganisationID},
		"staff_groups": []string{in.StaffGroup}, "job_roles": []string{}})
	if err != nil {
		return 0, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return 0, err
	}
	now := time.Now().UTC()
	var id uint
	err = db.Raw(`INSERT INTO campaigns (name, subject, body_markdown, kind, audience, status, version, author_id,
 unsub_key, created_at, updated_at) VALUES (?, ?, ?, 'newsletter', ?, 'draft', 1, ?, ?, ?, ?) RETURNING id`,
		d.Name, d.Subject, d.Body, string(audience), authorID, hex.EncodeToString(key), now, now).Scan(&id).Error
	return id, err
}
