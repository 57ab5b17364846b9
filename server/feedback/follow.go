package feedback

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// The follow-up link is how an anonymous poster hears back: the token in the path is the
// only key (the request log prints the route pattern, never the path).

func (s *Area) getFollow(c *fiber.Ctx) error {
	post, err := s.db.PostForFollowToken(c.UserContext(), strings.Clone(c.Params("token")))
	if err != nil {
		return err
	}
	return c.JSON(toFollow(post))
}

type posterReplyRequest struct {
	Body string `json:"body"`
}

func (s *Area) addPosterReply(c *fiber.Ctx) error {
	var req posterReplyRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	post, reply, err := s.db.AddPosterReply(c.UserContext(), strings.Clone(c.Params("token")), req.Body)
	if err != nil {
		return err
	}
	s.announceReply(post.ID, reply.ID)
	return c.Status(fiber.StatusCreated).JSON(toFollowReply(reply))
}
