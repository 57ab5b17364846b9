package feedback

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"

	"github.com/confer-nhs/confer/server/web"
)

// followMailPerHour bounds the follow-up links one client can have emailed in an hour:
// enough for a poster who mistypes their address, too few to use Confer to mail strangers.
// It holds whatever CONFER_RATE_LIMIT says, as the sign-in mail cap does.
const FollowMailPerHour = 5

type followMailRequest struct {
	Email string `json:"email"`
}

// emailFollowLink mails a follow-up link to the address given, once. The address is used
// for this one message and kept nowhere else: not on the post (an anonymous post has no
// email), not in the follow-up link's row, not in any log line. The mail holds the link
// and nothing more about the post (feedback_link template), so the outbox or SendGrid
// knows no more about who posted what than the link itself tells.
func (s *Area) emailFollowLink(c *fiber.Ctx) error {
	if ok, wait := s.followMail.Allow(s.ClientKey(c)); !ok {
		return web.TooMany(c, wait, "emailed links from your network")
	}
	var req followMailRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	email, err := models.ParseEmail("email", req.Email)
	if err != nil {
		return err
	}
	token := strings.Clone(c.Params("token"))
	if _, err := s.db.PostForFollowToken(c.UserContext(), token); err != nil {
		return err
	}
	link := s.followURL(token)
	s.Background("feedback-link-mail", func(ctx context.Context) error { return s.sendFollowLink(ctx, email, link) })
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"message": "We are sending the link to the address you gave."})
}

// sendFollowLink sends the "feedback_link" email. A failure is logged without the
// address: a sender's error may quote it.
func (s *Area) sendFollowLink(ctx context.Context, email, link string) error {
	m, err := s.Emails.NewMessage("feedback_link", email, "", notifications.FeedbackLinkData{Link: link})
	if err != nil {
		return err
	}
	m.Categories = []string{"feedback-link"}
	if err := s.Mail.Send(ctx, m); err != nil {
		return errors.New("sending a follow-up link: " + strings.ReplaceAll(err.Error(), email, "[address]"))
	}
	return nil
}
