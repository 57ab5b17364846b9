package feedback

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// The programme team's side of feedback: the queue, one post in full, triage changes,
// replies and (admins) moderation.

type queueResponse struct {
	Items   []teamPost `json:"items"`
	Total   int64      `json:"total"`
	Page    int        `json:"page"`
	PerPage int        `json:"per_page"`
}

func (s *Area) listQueue(c *fiber.Ctx) error {
	channelID, err := web.QueryUint(c, "channel_id")
	if err != nil {
		return err
	}
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	f := feedbackmodel.TeamPostFilter{ChannelID: channelID, Status: strings.Clone(c.Query("status")),
		Tag: strings.Clone(c.Query("tag")), Visibility: strings.Clone(c.Query("visibility")), Page: page}
	posts, total, err := s.db.ListTeamPosts(c.UserContext(), f)
	if err != nil {
		return err
	}
	out := queueResponse{Items: make([]teamPost, len(posts)), Total: total, Page: page.Page, PerPage: page.PerPage}
	for i := range posts {
		out.Items[i] = toTeamPost(&posts[i])
	}
	return c.JSON(out)
}

func (s *Area) listTags(c *fiber.Ctx) error {
	tags, err := s.db.ListTags(c.UserContext())
	if err != nil {
		return err
	}
	type tagResponse struct {
		Tag   string `json:"tag"`
		Posts int64  `json:"posts"`
	}
	out := make([]tagResponse, len(tags))
	for i, t := range tags {
		out[i] = tagResponse{Tag: t.Tag, Posts: t.Posts}
	}
	return c.JSON(out)
}

// teamPostDetail is one post in full for the team, with its moderation audit trail.
type teamPostDetail struct {
	teamPost
	Replies    []teamReply       `json:"replies"` // always present here, unlike in the queue
	Moderation []moderationEntry `json:"moderation"`
}

func (s *Area) renderTeamPost(c *fiber.Ctx, id uint) error {
	post, err := s.db.GetPost(c.UserContext(), id)
	if err != nil {
		return err
	}
	trail, err := s.db.ModerationTrail(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := teamPostDetail{teamPost: toTeamPost(post), Moderation: make([]moderationEntry, len(trail))}
	out.Replies = append([]teamReply{}, out.teamPost.Replies...)
	for i := range trail {
		out.Moderation[i] = toModeration(&trail[i])
	}
	return c.JSON(out)
}

func (s *Area) getTeamPost(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	return s.renderTeamPost(c, id)
}

type triageRequest struct {
	Status      *string   `json:"status"`
	Tags        *[]string `json:"tags"`
	ActionTaken *string   `json:"action_taken"`
}

func (s *Area) triagePost(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req triageRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in := feedbackmodel.TriageInput{Status: req.Status, Tags: req.Tags, ActionTaken: req.ActionTaken}
	if _, err := s.db.TriagePost(c.UserContext(), id, in); err != nil {
		return err
	}
	s.touchPost(id)
	return s.renderTeamPost(c, id)
}

type replyRequest struct {
	Body   string `json:"body"`
	Public *bool  `json:"public"`
}

func author(c *fiber.Ctx) feedbackmodel.Author {
	u := web.CurrentUser(c)
	return feedbackmodel.Author{ID: u.ID, Name: u.Name}
}

// addTeamReply stores the programme's reply; a named poster with an email is told by mail.
func (s *Area) addTeamReply(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req replyRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.Public == nil {
		return models.Invalid("public", "public is required: true to show the reply to everyone, false for the poster only")
	}
	reply, err := s.db.AddTeamReply(c.UserContext(), id, feedbackmodel.ReplyInput{Body: req.Body, Public: *req.Public}, author(c))
	if err != nil {
		return err
	}
	s.announceReply(id, reply.ID)
	s.touchPost(id)
	s.mailReply(id, reply.ID)
	return c.Status(fiber.StatusCreated).JSON(toTeamReply(reply))
}

type moderationRequest struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
}

func (s *Area) moderatePost(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req moderationRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	post, err := s.db.ModeratePost(c.UserContext(), id, feedbackmodel.ModerationInput{Action: req.Action, Reason: req.Reason}, author(c))
	if err != nil {
		return err
	}
	if post.Public {
		s.touchPost(id)
	} else {
		s.removePost(id)
	}
	return s.renderTeamPost(c, id)
}
