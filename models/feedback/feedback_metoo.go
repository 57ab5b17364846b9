package feedback

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// FeedbackMetoo is one browser's "me too" on a post. The voter is the hash of a random
// browser token, never an account, address or IP; the unique index on (post, voter) makes
// "once per browser" hold however many requests race.
type FeedbackMetoo struct {
	ID        uint `gorm:"primaryKey"`
	PostID    uint
	VoterHash string
	CreatedAt time.Time
}

// AddMetoo records a "me too" from a browser (voterHash is HashSecret of its token) on a
// public post and returns the new count. The vote row and the count move together in one
// transaction; a second vote from the same browser is a conflict and changes nothing.
func (s *Store) AddMetoo(ctx context.Context, postID uint, voterHash string) (int, error) {
	var count int
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var p FeedbackPost
		if err := tx.Select("id", "public").First(&p, postID).Error; err != nil {
			return models.OrNotFound(err, "post")
		}
		if !p.Public {
			return models.NotFound("post")
		}
		if err := tx.Create(&FeedbackMetoo{PostID: postID, VoterHash: voterHash}).Error; err != nil {
			if models.IsDuplicate(err) {
				return models.Conflict("", "you have already said \"me too\" to this post")
			}
			return err
		}
		if err := tx.Model(&FeedbackPost{}).Where("id = ?", postID).
			Update("metoo_count", gorm.Expr("metoo_count + 1")).Error; err != nil {
			return err
		}
		return tx.Model(&FeedbackPost{}).Select("metoo_count").Where("id = ?", postID).Scan(&count).Error
	})
	return count, err
}
