package models

import (
	"context"
	"time"
)

// ListSessions returns a person's live browser sessions, most recently used first. A
// session past its idle limit is no longer live, so it is not listed.
func (s *Store) ListSessions(ctx context.Context, personID uint, idle time.Duration) ([]WebSession, error) {
	now := time.Now().UTC()
	var out []WebSession
	err := s.DB.WithContext(ctx).
		Where("person_id = ? AND expires_at > ? AND last_seen_at > ?", personID, now, now.Add(-idle)).
		Order("last_seen_at DESC, id DESC").Find(&out).Error
	return out, err
}

// EndSession ends one of a person's sessions. Another person's session is "not found",
// the same as one that does not exist, so its number tells nobody anything.
func (s *Store) EndSession(ctx context.Context, id, personID uint) error {
	res := s.DB.WithContext(ctx).Where("id = ? AND person_id = ?", id, personID).Delete(&WebSession{})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return NotFound("session")
	}
	return nil
}

// EndOtherSessions ends every session of a person but the one they are using, and says
// how many it ended.
func (s *Store) EndOtherSessions(ctx context.Context, personID, keepID uint) (int64, error) {
	res := s.DB.WithContext(ctx).Where("person_id = ? AND id <> ?", personID, keepID).Delete(&WebSession{})
	return res.RowsAffected, res.Error
}
