package feedback

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// FeedbackReply is the programme's answer to a post (public, or private to the poster), or
// the poster's answer back through their follow-up link (FromPoster, never public).
type FeedbackReply struct {
	ID         uint `gorm:"primaryKey"`
	PostID     uint
	Body       string
	Public     bool
	FromPoster bool
	AuthorID   *uint
	AuthorName string
	CreatedAt  time.Time
}

// FeedbackTag is one theme on a post.
type FeedbackTag struct {
	ID     uint `gorm:"primaryKey"`
	PostID uint
	Tag    string
}

// TeamPostFilter narrows the triage queue.
type TeamPostFilter struct {
	ChannelID  uint
	Status     string
	Tag        string
	Visibility string // "", "public", "pending" (awaiting approval) or "hidden"
	models.Page
}

// ListTeamPosts returns one page of the triage queue (every post, public or not), newest
// first, with channel, organisation and tags, and the total matching.
func (s *Store) ListTeamPosts(ctx context.Context, f TeamPostFilter) ([]FeedbackPost, int64, error) {
	q := s.DB.WithContext(ctx).Model(&FeedbackPost{})
	if f.ChannelID != 0 {
		q = q.Where("channel_id = ?", f.ChannelID)
	}
	q, err := filterStatusTag(q, f.Status, f.Tag)
	if err != nil {
		return nil, 0, err
	}
	switch f.Visibility {
	case "":
	case "public":
		q = q.Where("public = ?", true)
	case "pending":
		q = q.Where("approved = ? AND hidden = ?", false, false)
	case "hidden":
		q = q.Where("hidden = ?", true)
	default:
		return nil, 0, models.Invalid("visibility", "visibility must be public, pending or hidden")
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	p := f.Page.Normalise()
	var out []FeedbackPost
	err = q.Preload("Channel").Preload("Organisation").
		Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("tag") }).
		Order("id DESC").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, err
}

// Author is the team member acting, for replies and the audit trail.
type Author struct {
	ID   uint
	Name string
}

// ReplyInput is a reply to a post.
type ReplyInput struct {
	Body   string
	Public bool
}

// AddTeamReply stores the programme's reply. A reply to a post still new or acknowledged
// moves it to answered.
func (s *Store) AddTeamReply(ctx context.Context, postID uint, in ReplyInput, by Author) (*FeedbackReply, error) {
	body, err := requiredText("body", in.Body, MaxReplyBody)
	if err != nil {
		return nil, err
	}
	r := &FeedbackReply{PostID: postID, Body: body, Public: in.Public, AuthorID: &by.ID, AuthorName: by.Name}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&FeedbackPost{}).Where("id = ?", postID).Update("updated_at", time.Now().UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return models.NotFound("post")
		}
		if err := tx.Create(r).Error; err != nil {
			return err
		}
		return tx.Model(&FeedbackPost{}).Where("id = ? AND status IN ?", postID,
			[]string{StatusNew, StatusAcknowledged}).Update("status", StatusAnswered).Error
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// AddPosterReply stores the poster's answer back, through their follow-up link. It is
// private: the poster and the programme team see it.
func (s *Store) AddPosterReply(ctx context.Context, followToken, body string) (*FeedbackPost, *FeedbackReply, error) {
	body, err := requiredText("body", body, MaxReplyBody)
	if err != nil {
		return nil, nil, err
	}
	post, err := s.PostForFollowToken(ctx, followToken)
	if err != nil {
		return nil, nil, err
	}
	r := &FeedbackReply{PostID: post.ID, Body: body, FromPoster: true}
	if err := s.DB.WithContext(ctx).Create(r).Error; err != nil {
		return nil, nil, err
	}
	return post, r, nil
}

// TriageInput is what the team may change on a post; nil leaves a field as it is.
type TriageInput struct {
	Status      *string
	Tags        *[]string
	ActionTaken *string
}

// parseTags trims, lower-cases and de-duplicates tags, within the limits.
func parseTags(tags []string) ([]string, error) {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range tags {
		t, err := cleanLine("tags", strings.ToLower(t), MaxTagLength)
		if err != nil {
			return nil, err
		}
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, models.Invalid("tags", "at most %d tags on a post", MaxTags)
	}
	return out, nil
}

// TriagePost applies a triage change. Marking a post actioned needs action_taken (given
// now or already stored): that is what "You said, we did" shows.
func (s *Store) TriagePost(ctx context.Context, postID uint, in TriageInput) (*FeedbackPost, error) {
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var p FeedbackPost
		if err := tx.First(&p, postID).Error; err != nil {
			return models.OrNotFound(err, "post")
		}
		updates := map[string]any{"updated_at": time.Now().UTC()}
		if in.ActionTaken != nil {
			a, err := cleanText("action_taken", *in.ActionTaken, MaxActionTaken)
			if err != nil {
				return err
			}
			p.ActionTaken, updates["action_taken"] = a, a
		}
		if in.Status != nil {
			st := strings.TrimSpace(*in.Status)
			if !slices.Contains(PostStatuses, st) {
				return models.Invalid("status", "status must be one of: %s", strings.Join(PostStatuses, ", "))
			}
			if st == StatusActioned && p.ActionTaken == "" {
				return models.Invalid("action_taken", "say what was done (action_taken) when marking a post actioned")
			}
			if st == StatusActioned && p.Status != StatusActioned {
				updates["actioned_at"] = time.Now().UTC()
			}
			updates["status"] = st
		}
		if in.Tags != nil {
			tags, err := parseTags(*in.Tags)
			if err != nil {
				return err
			}
			if err := setTags(tx, postID, tags); err != nil {
				return err
			}
		}
		return tx.Model(&FeedbackPost{}).Where("id = ?", postID).Updates(updates).Error
	})
	if err != nil {
		return nil, err
	}
	return s.GetPost(ctx, postID)
}

func setTags(tx *gorm.DB, postID uint, tags []string) error {
	if err := tx.Where("post_id = ?", postID).Delete(&FeedbackTag{}).Error; err != nil {
		return err
	}
	for _, t := range tags {
		if err := tx.Create(&FeedbackTag{PostID: postID, Tag: t}).Error; err != nil {
			return err
		}
	}
	return nil
}

// ListTags returns every tag in use, with how many posts carry it, most used first.
func (s *Store) ListTags(ctx context.Context) ([]TagCount, error) {
	var out []TagCount
	err := s.DB.WithContext(ctx).Model(&FeedbackTag{}).Select("tag, COUNT(*) AS posts").
		Group("tag").Order("posts DESC, tag").Limit(200).Scan(&out).Error
	return out, err
}

// TagCount is a tag and how many posts carry it.
type TagCount struct {
	Tag   string
	Posts int64
}

// GetReply returns one reply.
func (s *Store) GetReply(ctx context.Context, id uint) (*FeedbackReply, error) {
	var r FeedbackReply
	if err := s.DB.WithContext(ctx).First(&r, id).Error; err != nil {
		return nil, models.OrNotFound(err, "reply")
	}
	return &r, nil
}

// PostChannelID returns the channel a post is in (one indexed read, for live updates).
func (s *Store) PostChannelID(ctx context.Context, postID uint) (uint, error) {
	var p FeedbackPost
	if err := s.DB.WithContext(ctx).Select("id", "channel_id").First(&p, postID).Error; err != nil {
		return 0, models.OrNotFound(err, "post")
	}
	return p.ChannelID, nil
}

// ReplyPostID returns the post a reply belongs to.
func (s *Store) ReplyPostID(ctx context.Context, replyID uint) (uint, error) {
	var r FeedbackReply
	if err := s.DB.WithContext(ctx).Select("id", "post_id").First(&r, replyID).Error; err != nil {
		return 0, models.OrNotFound(err, "reply")
	}
	return r.PostID, nil
}
