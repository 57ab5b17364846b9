package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0003Feedback adds the two-way feedback channels: channels, posts, replies, tags, "me
// too" votes, follow-up links and the moderation audit trail.
func m0003Feedback() *gormigrate.Migration {
	type FeedbackChannel struct {
		ID              uint   `gorm:"primaryKey"`
		Name            string `gorm:"size:120;not null;uniqueIndex"`
		Description     string `gorm:"type:text;not null;default:''"`
		Audience        string `gorm:"size:10;not null"`
		AllowAnonymous  bool   `gorm:"not null;default:true"`
		RequireApproval bool   `gorm:"not null;default:false"`
		CreatedAt       time.Time
		UpdatedAt       time.Time
	}
	// FeedbackPost: Name and Email stay empty for anonymous posts; nothing else about the
	// poster (IP address, user agent) is ever stored. Public is Approved && !Hidden, kept
	// as a column so one index serves the public listings.
	type FeedbackPost struct {
		ID             uint `gorm:"primaryKey"`
		ChannelID      uint `gorm:"not null"`
		Channel        *FeedbackChannel
		Kind           string `gorm:"size:10;not null"`
		Body           string `gorm:"type:text;not null"`
		Anonymous      bool   `gorm:"not null"`
		Name           string `gorm:"size:200;not null;default:''"`
		Email          string `gorm:"size:320;not null;default:'';index"`
		OrganisationID *uint  `gorm:"index"`
		StaffGroup     string `gorm:"size:60;not null;default:'';index"`
		Status         string `gorm:"size:15;not null;default:'new';index"`
		ActionTaken    string `gorm:"type:text;not null;default:''"`
		Approved       bool   `gorm:"not null"`
		Hidden         bool   `gorm:"not null;default:false"`
		HiddenReason   string `gorm:"type:text;not null;default:''"`
		Public         bool   `gorm:"not null"`
		MetooCount     int    `gorm:"not null;default:0"`
		CreatedAt      time.Time
		UpdatedAt      time.Time
		ActionedAt     *time.Time `gorm:"index"`
	}
	type FeedbackFollowLink struct {
		ID        uint `gorm:"primaryKey"`
		PostID    uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Post      *FeedbackPost
		Hash      string `gorm:"size:64;not null;uniqueIndex"`
		CreatedAt time.Time
	}
	type FeedbackReply struct {
		ID         uint `gorm:"primaryKey"`
		PostID     uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Post       *FeedbackPost
		Body       string `gorm:"type:text;not null"`
		Public     bool   `gorm:"not null"`
		FromPoster bool   `gorm:"not null;default:false"`
		AuthorID   *uint  `gorm:"index"`
		AuthorName string `gorm:"size:200;not null;default:''"`
		CreatedAt  time.Time
	}
	type FeedbackTag struct {
		ID     uint `gorm:"primaryKey"`
		PostID uint `gorm:"not null;uniqueIndex:idx_feedback_tags_post_tag,priority:1;constraint:OnDelete:CASCADE"`
		Post   *FeedbackPost
		Tag    string `gorm:"size:40;not null;uniqueIndex:idx_feedback_tags_post_tag,priority:2;index"`
	}
	type FeedbackMetoo struct {
		ID        uint `gorm:"primaryKey"`
		PostID    uint `gorm:"not null;uniqueIndex:idx_feedback_metoos_post_voter,priority:1;constraint:OnDelete:CASCADE"`
		Post      *FeedbackPost
		VoterHash string `gorm:"size:64;not null;uniqueIndex:idx_feedback_metoos_post_voter,priority:2"`
		CreatedAt time.Time
	}
	type FeedbackModeration struct {
		ID        uint `gorm:"primaryKey"`
		PostID    uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Post      *FeedbackPost
		Action    string `gorm:"size:20;not null"`
		Reason    string `gorm:"type:text;not null;default:''"`
		ActorID   *uint  `gorm:"index"`
		ActorName string `gorm:"size:200;not null;default:''"`
		CreatedAt time.Time
	}
	tables := []any{&FeedbackChannel{}, &FeedbackPost{}, &FeedbackFollowLink{}, &FeedbackReply{},
		&FeedbackTag{}, &FeedbackMetoo{}, &FeedbackModeration{}}
	return &gormigrate.Migration{
		ID: "0003_feedback",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(tables...); err != nil {
				return err
			}
			// The public listings: "top" is ORDER BY metoo_count DESC, id DESC and "new"
			// is ORDER BY id DESC, each within one channel's public posts, read straight
			// off these indexes with no sort (see docs/PERFORMANCE.md).
			for _, sql := range []string{
				"CREATE INDEX idx_feedback_posts_top ON feedback_posts (channel_id, public, metoo_count DESC, id DESC)",
				"CREATE INDEX idx_feedback_posts_new ON feedback_posts (channel_id, public, id DESC)",
				"CREATE INDEX idx_feedback_posts_queue ON feedback_posts (channel_id, status, id DESC)",
			} {
				if err := tx.Exec(sql).Error; err != nil {
					return err
				}
			}
			return nil
		},
		Rollback: func(tx *gorm.DB) error {
			for i := len(tables) - 1; i >= 0; i-- {
				if err := tx.Migrator().DropTable(tables[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
