package feedback

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// ChannelAudiences are who a feedback channel is for.
var ChannelAudiences = []string{"staff", "public", "both"}

// FeedbackChannel is one open channel the programme runs for concerns, ideas and questions.
type FeedbackChannel struct {
	ID              uint `gorm:"primaryKey"`
	Name            string
	Description     string
	Audience        string
	AllowAnonymous  bool
	RequireApproval bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// PublicPosts is filled by ListChannels: how many posts show publicly.
	PublicPosts int64 `gorm:"-"`
}

// ChannelInput is what an admin may set on a channel.
type ChannelInput struct {
	Name            *string
	Description     *string
	Audience        *string
	AllowAnonymous  *bool
	RequireApproval *bool
}

func (in ChannelInput) apply(ch *FeedbackChannel, creating bool) error {
	if in.Name != nil || creating {
		name, err := cleanLine("name", models.Deref(in.Name), MaxChannelName)
		if err == nil && name == "" {
			err = models.Invalid("name", "name is required (at most %d characters)", MaxChannelName)
		}
		if err != nil {
			return err
		}
		ch.Name = name
	}
	if in.Description != nil {
		d, err := cleanText("description", *in.Description, MaxChannelDescription)
		if err != nil {
			return err
		}
		ch.Description = d
	}
	if in.Audience != nil || creating {
		a := strings.TrimSpace(models.Deref(in.Audience))
		if !slices.Contains(ChannelAudiences, a) {
			return models.Invalid("audience", "audience must be one of: %s", strings.Join(ChannelAudiences, ", "))
		}
		ch.Audience = a
	}
	if in.AllowAnonymous != nil {
		ch.AllowAnonymous = *in.AllowAnonymous
	} else if creating {
		ch.AllowAnonymous = true
	}
	if in.RequireApproval != nil {
		ch.RequireApproval = *in.RequireApproval
	}
	return nil
}

// ListChannels returns every channel by name, with its count of public posts.
func (s *Store) ListChannels(ctx context.Context) ([]FeedbackChannel, error) {
	db := s.DB.WithContext(ctx)
	var out []FeedbackChannel
	if err := db.Order("name, id").Find(&out).Error; err != nil {
		return nil, err
	}
	var counts []struct {
		ChannelID uint
		N         int64
	}
	if err := db.Model(&FeedbackPost{}).Select("channel_id, COUNT(*) AS n").
		Where("public = ?", true).Group("channel_id").Scan(&counts).Error; err != nil {
		return nil, err
	}
	byID := map[uint]int64{}
	for _, c := range counts {
		byID[c.ChannelID] = c.N
	}
	for i := range out {
		out[i].PublicPosts = byID[out[i].ID]
	}
	return out, nil
}

// GetChannel returns one channel.
func (s *Store) GetChannel(ctx context.Context, id uint) (*FeedbackChannel, error) {
	return getChannel(s.DB.WithContext(ctx), id)
}

func getChannel(tx *gorm.DB, id uint) (*FeedbackChannel, error) {
	var ch FeedbackChannel
	if err := tx.First(&ch, id).Error; err != nil {
		return nil, models.OrNotFound(err, "channel")
	}
	return &ch, nil
}

// CreateChannel validates and stores a new channel.
func (s *Store) CreateChannel(ctx context.Context, in ChannelInput) (*FeedbackChannel, error) {
	ch := &FeedbackChannel{}
	if err := in.apply(ch, true); err != nil {
		return nil, err
	}
	if err := s.DB.WithContext(ctx).Create(ch).Error; err != nil {
		return nil, channelConflict(err)
	}
	return ch, nil
}

// UpdateChannel applies a partial update. Turning approval off later does not publish
// posts still waiting: each needs approving.
func (s *Store) UpdateChannel(ctx context.Context, id uint, in ChannelInput) (*FeedbackChannel, error) {
	var ch *FeedbackChannel
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var err error
		if ch, err = getChannel(tx, id); err != nil {
			return err
		}
		if err := in.apply(ch, false); err != nil {
			return err
		}
		return channelConflict(tx.Save(ch).Error)
	})
	return ch, err
}

func channelConflict(err error) error {
	if models.IsDuplicate(err) {
		return models.Conflict("name", "a channel with this name already exists")
	}
	return err
}
