package feedback

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// registerFeedbackRoutes registers the two-way feedback channels (issue 4): channels and
// public posting, "me too", follow-up links, the team's triage queue, moderation, "You
// said, we did" and CSV export.
func (s *Area) registerFeedbackRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/channels", web.Public, s.listChannels)
	s.Route(r, fiber.MethodPost, "/channels", web.AdminOnly, s.createChannel)
	s.Route(r, fiber.MethodGet, "/channels/:id", web.Public, s.getChannel)
	s.Route(r, fiber.MethodPatch, "/channels/:id", web.AdminOnly, s.updateChannel)
	s.Route(r, fiber.MethodGet, "/channels/:id/posts", web.Public, s.listPublicPosts)
	s.Route(r, fiber.MethodPost, "/channels/:id/posts", web.Public, s.createPost)
	s.Route(r, fiber.MethodPost, "/posts/:id/metoo", web.Public, s.addMetoo)
	s.Route(r, fiber.MethodGet, "/you-said-we-did", web.Public, s.youSaidWeDid)
	s.Route(r, fiber.MethodGet, "/follow/:token", web.Public, s.getFollow)
	s.Route(r, fiber.MethodPost, "/follow/:token/replies", web.Public, s.addPosterReply)
	s.Route(r, fiber.MethodPost, "/follow/:token/email", web.Public, s.emailFollowLink)

	s.Route(r, fiber.MethodGet, "/feedback/queue", web.Team, s.listQueue)
	s.Route(r, fiber.MethodGet, "/feedback/tags", web.Team, s.listTags)
	s.Route(r, fiber.MethodGet, "/feedback/export/channels.csv", web.Team, s.exportChannels)
	s.Route(r, fiber.MethodGet, "/feedback/export/posts.csv", web.Team, s.exportPosts)
	s.Route(r, fiber.MethodGet, "/posts/:id", web.Team, s.getTeamPost)
	s.Route(r, fiber.MethodPatch, "/posts/:id", web.Team, s.triagePost)
	s.Route(r, fiber.MethodPost, "/posts/:id/replies", web.Team, s.addTeamReply)
	s.Route(r, fiber.MethodPost, "/posts/:id/moderation", web.AdminOnly, s.moderatePost)
}

// registerFeedbackSockets registers the live feedback sockets (docs/realtime.md).
func (s *Area) registerFeedbackSockets(ws fiber.Router) {
	s.Route(ws, fiber.MethodGet, "/channels/:id", web.Public, s.Upgrade(s.channelSocket))
	s.Route(ws, fiber.MethodGet, "/follow/:token", web.Public, s.Upgrade(s.followSocket))
	s.Route(ws, fiber.MethodGet, "/feedback/team", web.Team, s.Upgrade(s.teamSocket))
}

type channelRequest struct {
	Name            *string `json:"name"`
	Description     *string `json:"description"`
	Audience        *string `json:"audience"`
	AllowAnonymous  *bool   `json:"allow_anonymous"`
	RequireApproval *bool   `json:"require_approval"`
}

func (r channelRequest) input() feedbackmodel.ChannelInput {
	return feedbackmodel.ChannelInput{Name: r.Name, Description: r.Description, Audience: r.Audience,
		AllowAnonymous: r.AllowAnonymous, RequireApproval: r.RequireApproval}
}

func (s *Area) listChannels(c *fiber.Ctx) error {
	chans, err := s.db.ListChannels(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]ChannelResponse, len(chans))
	for i := range chans {
		out[i] = toChannel(&chans[i])
	}
	return c.JSON(out)
}

func (s *Area) getChannel(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	ch, err := s.db.GetChannel(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toChannel(ch))
}

func (s *Area) createChannel(c *fiber.Ctx) error {
	var req channelRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("name", req.Name, "audience", req.Audience); err != nil {
		return err
	}
	ch, err := s.db.CreateChannel(c.UserContext(), req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toChannel(ch))
}

func (s *Area) updateChannel(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req channelRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	ch, err := s.db.UpdateChannel(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	return c.JSON(toChannel(ch))
}
