package server

import (
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// csvSafe guards a cell against formula injection: spreadsheet programs run a cell that
// starts with =, +, -, @, tab or carriage return as a formula, so such a cell gets a
// leading apostrophe (OWASP's advice), which the programs show as text.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) csvDownload(c *fiber.Ctx, name string, write func(w *csv.Writer) error) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := write(w); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return c.SendString(b.String())
}

func safeRow(cells ...string) []string {
	for i := range cells {
		cells[i] = csvSafe(cells[i])
	}
	return cells
}

func (s *Server) exportChannels(c *fiber.Ctx) error {
	chans, err := s.Store.ListChannels(c.UserContext())
	if err != nil {
		return err
	}
	return s.csvDownload(c, "feedback-channels.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"id", "name", "description", "audience", "allow_anonymous", "require_approval", "public_posts", "created_at"})
		for _, ch := range chans {
			created := ch.CreatedAt
			_ = w.Write(safeRow(strconv.FormatUint(uint64(ch.ID), 10), ch.Name, ch.Description, ch.Audience,
				strconv.FormatBool(ch.AllowAnonymous), strconv.FormatBool(ch.RequireApproval),
				strconv.FormatInt(ch.PublicPosts, 10), csvTime(&created)))
		}
		return nil
	})
}

// exportPosts writes every post (of channel_id, or all) for the team, with the poster's
// name and email where they gave them.
func (s *Server) exportPosts(c *fiber.Ctx) error {
	channelID, err := web.QueryUint(c, "channel_id")
	if err != nil {
		return err
	}
	return s.csvDownload(c, "feedback-posts.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"id", "channel", "kind", "body", "anonymous", "name", "email", "organisation",
			"staff_group", "status", "tags", "action_taken", "visibility", "metoo_count", "created_at", "actioned_at"})
		return s.Store.EachPost(c.UserContext(), channelID, func(p *models.FeedbackPost) error {
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
			return w.Write(safeRow(strconv.FormatUint(uint64(p.ID), 10), channel, p.Kind, p.Body,
				strconv.FormatBool(p.Anonymous), p.Name, p.Email, org, p.StaffGroup, p.Status,
				strings.Join(p.TagList(), "; "), p.ActionTaken, visibility(p), strconv.Itoa(p.MetooCount),
				csvTime(&created), csvTime(p.ActionedAt)))
		})
	})
}
