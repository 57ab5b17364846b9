package feedback

import (
	"github.com/confer-nhs/confer/server/web"

	"time"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// The feedback API has three views of a post, each its own struct, so that adding a
// column can never leak it: the public view (no poster details, public replies only), the
// poster's own view through their follow-up link, and the programme team's view.

type ChannelResponse struct {
	ID              uint      `json:"id"`
	Name            string    `json:"name"`
	Description     string    `json:"description"`
	Audience        string    `json:"audience"`
	AllowAnonymous  bool      `json:"allow_anonymous"`
	RequireApproval bool      `json:"require_approval"`
	PublicPosts     int64     `json:"public_posts"`
	CreatedAt       time.Time `json:"created_at"`
}

func toChannel(ch *feedbackmodel.FeedbackChannel) ChannelResponse {
	return ChannelResponse{ID: ch.ID, Name: ch.Name, Description: ch.Description, Audience: ch.Audience,
		AllowAnonymous: ch.AllowAnonymous, RequireApproval: ch.RequireApproval,
		PublicPosts: ch.PublicPosts, CreatedAt: ch.CreatedAt}
}

type channelRef struct {
	ID   uint   `json:"id"`
	Name string `json:"name"`
}

func toChannelRef(ch *feedbackmodel.FeedbackChannel) *channelRef {
	if ch == nil {
		return nil
	}
	return &channelRef{ID: ch.ID, Name: ch.Name}
}

// publicReply is a public reply from the programme, as anyone sees it.
type publicReply struct {
	ID        uint      `json:"id"`
	Body      string    `json:"body"`
	From      string    `json:"from"` // always "team"
	CreatedAt time.Time `json:"created_at"`
}

// publicPost is a post as anyone sees it: what was said and what came of it, never who
// said it.
type publicPost struct {
	ID          uint          `json:"id"`
	ChannelID   uint          `json:"channel_id"`
	Channel     *channelRef   `json:"channel,omitempty"`
	Kind        string        `json:"kind"`
	Body        string        `json:"body"`
	Status      string        `json:"status"`
	Tags        []string      `json:"tags"`
	MetooCount  int           `json:"metoo_count"`
	ActionTaken string        `json:"action_taken"`
	ActionedAt  *time.Time    `json:"actioned_at"`
	Replies     []publicReply `json:"replies"`
	CreatedAt   time.Time     `json:"created_at"`
}

func toPublicPost(p *feedbackmodel.FeedbackPost) publicPost {
	out := publicPost{ID: p.ID, ChannelID: p.ChannelID, Channel: toChannelRef(p.Channel), Kind: p.Kind,
		Body: p.Body, Status: p.Status, Tags: p.TagList(), MetooCount: p.MetooCount,
		Replies: []publicReply{}, CreatedAt: postHour(p.CreatedAt)}
	if p.Status == feedbackmodel.StatusActioned {
		out.ActionTaken, out.ActionedAt = p.ActionTaken, p.ActionedAt
	}
	for i := range p.Replies {
		if r := &p.Replies[i]; r.Public && !r.FromPoster {
			out.Replies = append(out.Replies, toPublicReply(r))
		}
	}
	return out
}

// postHour is a post's time as public views show it, and the export for anonymous posts:
// to the hour, since an exact time can be matched to who was at a keyboard when. Public
// views round every post, so a round time does not mark a post as anonymous; the poster's
// follow-up page and the team's triage keep the exact time.
func postHour(t time.Time) time.Time { return t.UTC().Truncate(time.Hour) }

func toPublicReply(r *feedbackmodel.FeedbackReply) publicReply {
	return publicReply{ID: r.ID, Body: r.Body, From: "team", CreatedAt: r.CreatedAt}
}

// followReply is a reply as the poster sees it on their follow-up page: the team's
// (public or private to them) and their own.
type followReply struct {
	ID        uint      `json:"id"`
	Body      string    `json:"body"`
	From      string    `json:"from"` // "team" or "you"
	Public    bool      `json:"public"`
	CreatedAt time.Time `json:"created_at"`
}

func toFollowReply(r *feedbackmodel.FeedbackReply) followReply {
	from := "team"
	if r.FromPoster {
		from = "you"
	}
	return followReply{ID: r.ID, Body: r.Body, From: from, Public: r.Public, CreatedAt: r.CreatedAt}
}

// followResponse is the poster's own view of their post.
type followResponse struct {
	ID           uint          `json:"id"`
	Channel      *channelRef   `json:"channel"`
	Kind         string        `json:"kind"`
	Body         string        `json:"body"`
	Anonymous    bool          `json:"anonymous"`
	Name         string        `json:"name"`
	Status       string        `json:"status"`
	Tags         []string      `json:"tags"`
	MetooCount   int           `json:"metoo_count"`
	ActionTaken  string        `json:"action_taken"`
	Visibility   string        `json:"visibility"` // public, awaiting_approval or hidden
	HiddenReason string        `json:"hidden_reason"`
	Replies      []followReply `json:"replies"`
	CreatedAt    time.Time     `json:"created_at"`
}

func visibility(p *feedbackmodel.FeedbackPost) string {
	switch {
	case p.Hidden:
		return "hidden"
	case !p.Approved:
		return "awaiting_approval"
	}
	return "public"
}

func toFollow(p *feedbackmodel.FeedbackPost) followResponse {
	out := followResponse{ID: p.ID, Channel: toChannelRef(p.Channel), Kind: p.Kind, Body: p.Body,
		Anonymous: p.Anonymous, Name: p.Name, Status: p.Status, Tags: p.TagList(), MetooCount: p.MetooCount,
		ActionTaken: p.ActionTaken, Visibility: visibility(p), HiddenReason: p.HiddenReason,
		Replies: []followReply{}, CreatedAt: p.CreatedAt}
	for i := range p.Replies {
		out.Replies = append(out.Replies, toFollowReply(&p.Replies[i]))
	}
	return out
}

// teamReply is a reply as the programme team sees it.
type teamReply struct {
	ID         uint      `json:"id"`
	Body       string    `json:"body"`
	Public     bool      `json:"public"`
	From       string    `json:"from"` // "team" or "poster"
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

func toTeamReply(r *feedbackmodel.FeedbackReply) teamReply {
	from := "team"
	if r.FromPoster {
		from = "poster"
	}
	return teamReply{ID: r.ID, Body: r.Body, Public: r.Public, From: from, AuthorName: r.AuthorName, CreatedAt: r.CreatedAt}
}

// teamPost is a post as the programme team sees it in triage.
type teamPost struct {
	ID             uint                 `json:"id"`
	ChannelID      uint                 `json:"channel_id"`
	Channel        *channelRef          `json:"channel"`
	Kind           string               `json:"kind"`
	Body           string               `json:"body"`
	Anonymous      bool                 `json:"anonymous"`
	Name           string               `json:"name"`
	Email          string               `json:"email"`
	OrganisationID *uint                `json:"organisation_id"`
	Organisation   *web.OrganisationRef `json:"organisation"`
	StaffGroup     string               `json:"staff_group"`
	Status         string               `json:"status"`
	Tags           []string             `json:"tags"`
	ActionTaken    string               `json:"action_taken"`
	ActionedAt     *time.Time           `json:"actioned_at"`
	Approved       bool                 `json:"approved"`
	Hidden         bool                 `json:"hidden"`
	HiddenReason   string               `json:"hidden_reason"`
	Visibility     string               `json:"visibility"`
	MetooCount     int                  `json:"metoo_count"`
	Replies        []teamReply          `json:"replies,omitempty"`
	CreatedAt      time.Time            `json:"created_at"`
	UpdatedAt      time.Time            `json:"updated_at"`
}

func toTeamPost(p *feedbackmodel.FeedbackPost) teamPost {
	out := teamPost{ID: p.ID, ChannelID: p.ChannelID, Channel: toChannelRef(p.Channel), Kind: p.Kind, Body: p.Body,
		Anonymous: p.Anonymous, Name: p.Name, Email: p.Email, OrganisationID: p.OrganisationID,
		StaffGroup: p.StaffGroup, Status: p.Status, Tags: p.TagList(), ActionTaken: p.ActionTaken,
		ActionedAt: p.ActionedAt, Approved: p.Approved, Hidden: p.Hidden, HiddenReason: p.HiddenReason,
		Visibility: visibility(p), MetooCount: p.MetooCount, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if o := p.Organisation; o != nil {
		out.Organisation = &web.OrganisationRef{ID: o.ID, Name: o.Name, Code: o.Code}
	}
	for i := range p.Replies {
		out.Replies = append(out.Replies, toTeamReply(&p.Replies[i]))
	}
	return out
}

// moderationEntry is one row of a post's audit trail.
type moderationEntry struct {
	ID        uint      `json:"id"`
	Action    string    `json:"action"`
	Reason    string    `json:"reason"`
	ActorName string    `json:"actor_name"`
	CreatedAt time.Time `json:"created_at"`
}

func toModeration(m *feedbackmodel.FeedbackModeration) moderationEntry {
	return moderationEntry{ID: m.ID, Action: m.Action, Reason: m.Reason, ActorName: m.ActorName, CreatedAt: m.CreatedAt}
}

// pageOf is a page of a listing with no total (counting a busy channel costs a scan).
type pageOf[T any] struct {
	Items   []T  `json:"items"`
	Page    int  `json:"page"`
	PerPage int  `json:"per_page"`
	HasMore bool `json:"has_more"`
}
