package decisions

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"

	decisionmodel "github.com/confer-nhs/confer/models/decisions"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// publishResponse is the decision as published, and how many people are being told.
type publishResponse struct {
	decisionResponse
	Notified int `json:"notified"`
}

// publish puts a decided decision on the public register and closes the loop: everyone
// whose contribution it links and who can be reached hears once (one email per address,
// however many of their contributions it links). Anonymous posters see it on their
// follow-up page instead (GET /api/v1/follow/{token}/decisions). A second publish is a
// conflict and sends nothing.
func (s *Area) publish(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	web.AuditObject(c, "decision", id)
	d, to, err := s.db.PublishDecision(c.UserContext(), id)
	if err != nil {
		return err
	}
	web.AuditSummary(c, "notified %d", len(to))
	link := s.Cfg.BaseURL + publicPath(d.ID)
	data := notifications.DecisionPublishedData{Title: d.Title, Decided: d.Decided, Link: link}
	s.Background("decision-published-mail", func(ctx context.Context) error { return s.mailPublished(ctx, to, data) })
	view, err := s.teamView(c, d)
	if err != nil {
		return err
	}
	return c.JSON(publishResponse{decisionResponse: view, Notified: len(to)})
}

// mailPublished sends the "decision_published" email to each recipient. One failure does
// not stop the rest; the error names how many failed, never an address.
func (s *Area) mailPublished(ctx context.Context, to []decisionmodel.Recipient, data notifications.DecisionPublishedData) error {
	failed := 0
	for _, r := range to {
		data.Name = r.Name
		m, err := s.Emails.NewMessage("decision_published", r.Email, r.Name, data)
		if err != nil {
			return err
		}
		m.Categories = []string{"decision-published"}
		if err := s.Mail.Send(ctx, m); err != nil {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("sending a published decision: %d of %d messages failed", failed, len(to))
	}
	return nil
}
