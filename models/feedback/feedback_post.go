package feedback

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// PostKinds are what a post can be.
var PostKinds = []string{"concern", "idea", "question"}

// PostStatuses are the triage states, in the order a post usually moves through them.
var PostStatuses = []string{"new", "acknowledged", "answered", "actioned", "closed"}

// Post statuses by name.
const (
	StatusNew          = "new"
	StatusAcknowledged = "acknowledged"
	StatusAnswered     = "answered"
	StatusActioned     = "actioned"
	StatusClosed       = "closed"
)

// FeedbackPost is one concern, idea or question. An anonymous post keeps Name and Email
// empty, and no post ever stores the poster's IP address or user agent. Public is
// Approved && !Hidden, kept as a column so the listing indexes can serve it.
type FeedbackPost struct {
	ID        uint `gorm:"primaryKey"`
	ChannelID uint
	Channel   *FeedbackChannel
	Kind      string
	Body      string
	Anonymous bool
	Name      string
	Email     string
	models.Attribution
	Organisation *models.Organisation `gorm:"foreignKey:OrganisationID"`
	Status       string
	ActionTaken  string
	Approved     bool
	Hidden       bool
	HiddenReason string
	Public       bool
	MetooCount   int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	ActionedAt   *time.Time

	Tags    []FeedbackTag   `gorm:"foreignKey:PostID"`
	Replies []FeedbackReply `gorm:"foreignKey:PostID"`
}

// TagList returns the post's tags in the order stored.
func (p *FeedbackPost) TagList() []string {
	out := make([]string, 0, len(p.Tags))
	for _, t := range p.Tags {
		out = append(out, t.Tag)
	}
	return out
}

// FeedbackFollowLink is a follow-up link's secret, stored hashed. A post gets one when it
// is made and another with each reply mailed to a named poster.
type FeedbackFollowLink struct {
	ID        uint `gorm:"primaryKey"`
	PostID    uint
	Hash      string
	CreatedAt time.Time
}

// PostInput is a post as submitted, before validation.
type PostInput struct {
	Kind           string
	Body           string
	OrganisationID *uint
	StaffGroup     string
	Anonymous      bool
	Name           string
	Email          string
}

// ParsedPost is a PostInput that passed validation (all but the organisation, which needs
// the database).
type ParsedPost struct {
	Kind, Body, Name, Email, StaffGroup string
	Anonymous                           bool
}

// Parse validates a post without the database. An anonymous post must leave name and
// email empty, so nothing identifying can be stored by mistake; a named post needs a
// name, and its email (optional) is kept lower-cased.
func (in PostInput) Parse() (ParsedPost, error) {
	var p ParsedPost
	p.Kind = strings.ToLower(strings.TrimSpace(in.Kind))
	if !slices.Contains(PostKinds, p.Kind) {
		return p, models.Invalid("kind", "kind must be one of: %s", strings.Join(PostKinds, ", "))
	}
	var err error
	if p.Body, err = requiredText("body", in.Body, MaxPostBody); err != nil {
		return p, err
	}
	if p.StaffGroup, err = models.ParseStaffGroup("staff_group", in.StaffGroup); err != nil {
		return p, err
	}
	p.Anonymous = in.Anonymous
	if in.Anonymous {
		if strings.TrimSpace(in.Name) != "" {
			return p, models.Invalid("name", "leave name empty for an anonymous post (or set anonymous to false)")
		}
		if strings.TrimSpace(in.Email) != "" {
			return p, models.Invalid("email", "leave email empty for an anonymous post (or set anonymous to false)")
		}
		return p, nil
	}
	if p.Name, err = cleanLine("name", in.Name, MaxPosterName); err != nil {
		return p, err
	}
	if p.Name == "" {
		return p, models.Invalid("name", "name is required unless the post is anonymous (at most %d characters)", MaxPosterName)
	}
	if strings.TrimSpace(in.Email) != "" {
		email, err := models.ParseEmail("email", in.Email)
		if err != nil {
			return p, err
		}
		p.Email = models.NormaliseEmail(email)
	}
	return p, nil
}

// CreatePost stores a post in a channel and returns it with its follow-up token (given
// to the poster once; only its hash is stored). Nothing is stored when validation fails.
func (s *Store) CreatePost(ctx context.Context, channelID uint, in PostInput) (*FeedbackPost, string, error) {
	parsed, err := in.Parse()
	if err != nil {
		return nil, "", err
	}
	var post *FeedbackPost
	var raw string
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		ch, err := getChannel(tx, channelID)
		if err != nil {
			return err
		}
		if parsed.Anonymous && !ch.AllowAnonymous {
			return models.Invalid("anonymous", "this channel does not take anonymous posts: give your name, or post in another channel")
		}
		attr, err := models.ParseAttribution(tx, in.OrganisationID, parsed.StaffGroup)
		if err != nil {
			return err
		}
		post = &FeedbackPost{ChannelID: ch.ID, Kind: parsed.Kind, Body: parsed.Body,
			Anonymous: parsed.Anonymous, Name: parsed.Name, Email: parsed.Email, Attribution: attr,
			Status: StatusNew, Approved: !ch.RequireApproval, Public: !ch.RequireApproval}
		if err := tx.Omit("Channel", "Organisation", "Tags", "Replies").Create(post).Error; err != nil {
			return err
		}
		post.Channel = ch
		raw, err = newFollowLink(tx, post.ID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return post, raw, nil
}

func newFollowLink(tx *gorm.DB, postID uint) (string, error) {
	raw, hash := models.NewSecret("fb_")
	return raw, tx.Create(&FeedbackFollowLink{PostID: postID, Hash: hash}).Error
}

// NewFollowLink issues another follow-up link for a post (for a reply mailed to its poster).
func (s *Store) NewFollowLink(ctx context.Context, postID uint) (string, error) {
	return newFollowLink(s.DB.WithContext(ctx), postID)
}

// PostForFollowToken returns the post a follow-up token belongs to, with its channel,
// tags and every reply (public, private and the poster's own).
func (s *Store) PostForFollowToken(ctx context.Context, raw string) (*FeedbackPost, error) {
	var link FeedbackFollowLink
	err := s.DB.WithContext(ctx).Where("hash = ?", models.HashSecret(strings.TrimSpace(raw))).First(&link).Error
	if err != nil {
		return nil, models.OrNotFound(err, "follow-up link")
	}
	return s.GetPost(ctx, link.PostID)
}

// GetPost returns one post with its channel, organisation, tags and every reply.
func (s *Store) GetPost(ctx context.Context, id uint) (*FeedbackPost, error) {
	var p FeedbackPost
	err := s.DB.WithContext(ctx).Preload("Channel").Preload("Organisation").
		Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("tag") }).
		Preload("Replies", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		First(&p, id).Error
	if err != nil {
		return nil, models.OrNotFound(err, "post")
	}
	return &p, nil
}

// PublicPostFilter narrows a channel's public listing.
type PublicPostFilter struct {
	Status string
	Tag    string
	Sort   string // "top" (most "me too" first) or "new"
	models.Page
}

// ListPublicPosts returns one page of a channel's public posts with their tags and public
// replies, and whether there are more. It reads the listing straight off
// idx_feedback_posts_top or idx_feedback_posts_new, and counts nothing.
func (s *Store) ListPublicPosts(ctx context.Context, channelID uint, f PublicPostFilter) ([]FeedbackPost, bool, error) {
	if _, err := s.GetChannel(ctx, channelID); err != nil {
		return nil, false, err
	}
	q := s.DB.WithContext(ctx).Where("channel_id = ? AND public = ?", channelID, true)
	q, err := filterStatusTag(q, f.Status, f.Tag)
	if err != nil {
		return nil, false, err
	}
	switch f.Sort {
	case "", "top":
		q = q.Order("metoo_count DESC, id DESC")
	case "new":
		q = q.Order("id DESC")
	default:
		return nil, false, models.Invalid("sort", "sort must be top or new")
	}
	p := f.Page.Normalise()
	var out []FeedbackPost
	err = q.Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("tag") }).
		Preload("Replies", "public = ?", true, func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Limit(p.PerPage + 1).Offset(p.Offset()).Find(&out).Error
	if err != nil {
		return nil, false, err
	}
	more := len(out) > p.PerPage
	if more {
		out = out[:p.PerPage]
	}
	return out, more, nil
}

func filterStatusTag(q *gorm.DB, status, tag string) (*gorm.DB, error) {
	if status != "" {
		if !slices.Contains(PostStatuses, status) {
			return nil, models.Invalid("status", "status must be one of: %s", strings.Join(PostStatuses, ", "))
		}
		q = q.Where("status = ?", status)
	}
	if tag = strings.ToLower(strings.TrimSpace(tag)); tag != "" {
		q = q.Where("id IN (?)", q.Session(&gorm.Session{NewDB: true}).Model(&FeedbackTag{}).Select("post_id").Where("tag = ?", tag))
	}
	return q, nil
}

// YouSaidWeDid returns public posts the programme has actioned, newest action first, with
// their channel and public replies.
func (s *Store) YouSaidWeDid(ctx context.Context, channelID uint, page models.Page) ([]FeedbackPost, bool, error) {
	q := s.DB.WithContext(ctx).Where("public = ? AND status = ?", true, StatusActioned)
	if channelID != 0 {
		q = q.Where("channel_id = ?", channelID)
	}
	p := page.Normalise()
	var out []FeedbackPost
	err := q.Preload("Channel").Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("tag") }).
		Preload("Replies", "public = ?", true, func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("actioned_at DESC, id DESC").Limit(p.PerPage + 1).Offset(p.Offset()).Find(&out).Error
	if err != nil {
		return nil, false, err
	}
	more := len(out) > p.PerPage
	if more {
		out = out[:p.PerPage]
	}
	return out, more, nil
}
