package privacy

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// RemoveLeavers deletes the contacts whose staff list stopped naming them before
// leftBefore (contacts.left_at, set by an import with "mark missing as left"), and
// returns how many went. The retention job calls it with now minus the leavers' retention
// period. What a leaver did (bookings, posts, campaign emails) keeps its own retention
// and counts: only the directory entry goes, as it would from a fresh staff list.
func (s *Store) RemoveLeavers(ctx context.Context, leftBefore time.Time) (int64, error) {
	var n int64
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`DELETE FROM contacts WHERE left_at IS NOT NULL AND left_at < ?`, leftBefore.UTC())
		n = res.RowsAffected
		return res.Error
	})
	if err != nil || n == 0 {
		return n, err
	}
	return n, s.flushDisk(ctx)
}
