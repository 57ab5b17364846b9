package feedback

import (
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

func (s *Area) exportChannels(c *fiber.Ctx) error {
	chans, err := s.db.ListChannels(c.UserContext())
	if err != nil {
		return err
	}
	return web.CSVDownload(c, "feedback-channels.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"id", "name", "description", "audience", "allow_anonymous", "require_approval", "public_posts", "created_at"})
		for _, ch := range chans {
			created := ch.CreatedAt
			_ = w.Write(web.SafeRow(strconv.FormatUint(uint64(ch.ID), 10), ch.Name, ch.Description, ch.Audience,
				strconv.FormatBool(ch.AllowAnonymous), strconv.FormatBool(ch.RequireApproval),
				strconv.FormatInt(ch.PublicPosts, 10), web.CSVTime(&created)))
		}
		return nil
	})
}

// exportPosts writes every post (of channel_id, or all) for the team, with the poster's
// name and email where they gave them.
func (s *Area) exportPosts(c *fiber.Ctx) error {
	channelID, err := web.QueryUint(c, "channel_id")
	if err != nil {
		return err
	}
	return web.CSVDownload(c, "feedback-posts.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"id", "channel", "kind", "body", "anonymous", "name", "email", "organisation",
			"staff_group", "status", "tags", "action_taken", "visibility", "metoo_count", "created_at", "actioned_at"})
		return s.db.EachPost(c.UserContext(), channelID, func(p *feedbackmodel.FeedbackPost) error {
			org, channel := "", ""
			if p.Organisation != nil {
				org = p.Organisation.Name
			}
			if p.Channel != nil {
				channel = p.Channel.Name
			}
			created := p.CreatedAt
			if p.Anonymous {
				created = postHour(created)
			}
			return w.Write(web.SafeRow(strconv.FormatUint(uint64(p.ID), 10), channel, p.Kind, p.Body,
				strconv.FormatBool(p.Anonymous), p.Name, p.Email, org, p.StaffGroup, p.Status,
				strings.Join(p.TagList(), "; "), p.ActionTaken, visibility(p), strconv.Itoa(p.MetooCount),
				web.CSVTime(&created), web.CSVTime(p.ActionedAt)))
		})
	})
}
