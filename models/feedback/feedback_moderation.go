package feedback

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Moderation actions.
const (
	ModerationHide    = "hide"
	ModerationUnhide  = "unhide"
	ModerationApprove = "approve"
)

// ModerationActions lists the actions an admin may take.
var ModerationActions = []string{ModerationHide, ModerationUnhide, ModerationApprove}

// FeedbackModeration is one entry in a post's moderation audit trail. Rows are only ever
// inserted: the trail shows who hid, restored or approved a post, when and why.
type FeedbackModeration struct {
	ID        uint `gorm:"primaryKey"`
	PostID    uint
	Action    string
	Reason    string
	ActorID   *uint
	ActorName string
	CreatedAt time.Time
}

// ModerationInput is an admin's moderation decision.
type ModerationInput struct {
	Action string
	Reason string
}

// ModeratePost hides, restores or approves a post and records it in the audit trail, in
// one transaction. Hiding needs a reason: the poster sees it on their follow-up page.
func (s *Store) ModeratePost(ctx context.Context, postID uint, in ModerationInput, by Author) (*FeedbackPost, error) {
	action := strings.TrimSpace(in.Action)
	if !slices.Contains(ModerationActions, action) {
		return nil, models.Invalid("action", "action must be one of: %s", strings.Join(ModerationActions, ", "))
	}
	reason, err := cleanText("reason", in.Reason, MaxModerationReason)
	if err != nil {
		return nil, err
	}
	if action == ModerationHide && reason == "" {
		return nil, models.Invalid("reason", "give a reason for hiding the post: the poster will see it")
	}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		var p FeedbackPost
		if err := tx.First(&p, postID).Error; err != nil {
			return models.OrNotFound(err, "post")
		}
		switch action {
		case ModerationHide:
			p.Hidden, p.HiddenReason = true, reason
		case ModerationUnhide:
			p.Hidden, p.HiddenReason = false, ""
		case ModerationApprove:
			p.Approved = true
		}
		p.Public = p.Approved && !p.Hidden
		if err := tx.Model(&FeedbackPost{}).Where("id = ?", postID).Updates(map[string]any{
			"hidden": p.Hidden, "hidden_reason": p.HiddenReason, "approved": p.Approved,
			"public": p.Public, "updated_at": time.Now().UTC(),
		}).Error; err != nil {
			return err
		}
		return tx.Create(&FeedbackModeration{PostID: postID, Action: action, Reason: reason,
			ActorID: &by.ID, ActorName: by.Name}).Error
	})
	if err != nil {
		return nil, err
	}
	return s.GetPost(ctx, postID)
}

// ModerationTrail returns a post's audit trail, oldest first.
func (s *Store) ModerationTrail(ctx context.Context, postID uint) ([]FeedbackModeration, error) {
	var out []FeedbackModeration
	err := s.DB.WithContext(ctx).Where("post_id = ?", postID).Order("id").Find(&out).Error
	return out, err
}
