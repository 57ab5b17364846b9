package feedback

import (
	"context"

	"gorm.io/gorm"
)

// EachPost calls fn for every post (of one channel, or all when channelID is 0) in id
// order, with channel, organisation and tags, a batch at a time, for the CSV export.
func (s *Store) EachPost(ctx context.Context, channelID uint, fn func(p *FeedbackPost) error) error {
	q := s.DB.WithContext(ctx).Preload("Channel").Preload("Organisation").
		Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("tag") })
	if channelID != 0 {
		q = q.Where("channel_id = ?", channelID)
	}
	var batch []FeedbackPost
	var inner error
	res := q.Order("id").FindInBatches(&batch, 500, func(tx *gorm.DB, _ int) error {
		for i := range batch {
			if inner = fn(&batch[i]); inner != nil {
				return inner
			}
		}
		return nil
	})
	if inner != nil {
		return inner
	}
	return res.Error
}
