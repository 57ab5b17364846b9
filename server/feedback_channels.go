package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// registerFeedbackRoutes registers the two-way feedback channels (issue 4): channels and
// public posting, "me too", follow-up links, the team's triage queue, moderation, "You
// said, we did" and CSV export.
func (s *Server) registerFeedbackRoutes(r fiber.Router) {
	s.route(r, fiber.MethodGet, "/channels", Public, s.listChannels)
	s.route(r, fiber.MethodPost, "/channels", AdminOnly, s.createChannel)
	s.route(r, fiber.MethodGet, "/channels/:id", Public, s.getChannel)
	s.route(r, fiber.MethodPatch, "/channels/:id", AdminOnly, s.updateChannel)
	s.route(r, fiber.MethodGet, "/channels/:id/posts", Public, s.listPublicPosts)
	s.route(r, fiber.MethodPost, "/channels/:id/posts", Public, s.createPost)
	s.route(r, fiber.MethodPost, "/posts/:id/metoo", Public, s.addMetoo)
	s.route(r, fiber.MethodGet, "/you-said-we-did", Public, s.youSaidWeDid)
	s.route(r, fiber.MethodGet, "/follow/:token", Public, s.getFollow)
	s.route(r, fiber.MethodPost, "/follow/:token/replies", Public, s.addPosterReply)
	s.route(r, fiber.MethodPost, "/follow/:token/email", Public, s.emailFollowLink)

	s.route(r, fiber.MethodGet, "/feedback/queue", Team, s.listQueue)
	s.route(r, fiber.MethodGet, "/feedback/tags", Team, s.listTags)
	s.route(r, fiber.MethodGet, "/feedback/export/channels.csv", Team, s.exportChannels)
	s.route(r, fiber.MethodGet, "/feedback/export/posts.csv", Team, s.exportPosts)
	s.route(r, fiber.MethodGet, "/posts/:id", Team, s.getTeamPost)
	s.route(r, fiber.MethodPatch, "/posts/:id", Team, s.triagePost)
	s.route(r, fiber.MethodPost, "/posts/:id/replies", Team, s.addTeamReply)
	s.route(r, fiber.MethodPost, "/posts/:id/moderation", AdminOnly, s.moderatePost)
	s.registerFeedbackRenderers()
}

// registerFeedbackSockets registers the live feedback sockets (docs/realtime.md).
func (s *Server) registerFeedbackSockets(ws fiber.Router) {
	s.route(ws, fiber.MethodGet, "/channels/:id", Public, s.upgrade(s.channelSocket))
	s.route(ws, fiber.MethodGet, "/follow/:token", Public, s.upgrade(s.followSocket))
	s.route(ws, fiber.MethodGet, "/feedback/team", Team, s.upgrade(s.teamSocket))
}

type channelRequest struct {
	Name            *string `json:"name"`
	Description     *string `json:"description"`
	Audience        *string `json:"audience"`
	AllowAnonymous  *bool   `json:"allow_anonymous"`
	RequireApproval *bool   `json:"require_approval"`
}

func (r channelRequest) input() models.ChannelInput {
	return models.ChannelInput{Name: r.Name, Description: r.Description, Audience: r.Audience,
		AllowAnonymous: r.AllowAnonymous, RequireApproval: r.RequireApproval}
}

func (s *Server) listChannels(c *fiber.Ctx) error {
	chans, err := s.Store.ListChannels(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]channelResponse, len(chans))
	for i := range chans {
		out[i] = toChannel(&chans[i])
	}
	return c.JSON(out)
}

func (s *Server) getChannel(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ch, err := s.Store.GetChannel(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toChannel(ch))
}

func (s *Server) createChannel(c *fiber.Ctx) error {
	var req channelRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := required("name", req.Name, "audience", req.Audience); err != nil {
		return err
	}
	ch, err := s.Store.CreateChannel(c.UserContext(), req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toChannel(ch))
}

func (s *Server) updateChannel(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var req channelRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ch, err := s.Store.UpdateChannel(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	return c.JSON(toChannel(ch))
}
