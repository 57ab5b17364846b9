package people

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerOutboxRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/outbox", web.AdminOnly, s.listOutbox)
	s.Route(r, fiber.MethodGet, "/outbox/:id", web.AdminOnly, s.getOutboxMessage)
	s.Route(r, fiber.MethodGet, "/outbox/:id/html", web.AdminOnly, s.getOutboxHTML)
	s.Route(r, fiber.MethodGet, "/outbox/:id/attachments/:n", web.AdminOnly, s.getOutboxAttachment)
}

type outboxAttachment struct {
	Filename    string `json:"filename,omitempty"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

type outboxResponse struct {
	ID          uint               `json:"id"`
	To          string             `json:"to"`
	ToName      string             `json:"to_name"`
	From        string             `json:"from"`
	Subject     string             `json:"subject"`
	Text        string             `json:"text"`
	HTML        string             `json:"html"`
	Headers     map[string]string  `json:"headers"`
	Category    string             `json:"category"`
	CreatedAt   time.Time          `json:"created_at"`
	Attachments []outboxAttachment `json:"attachments"`
	// Alternatives are the bodies beside text and HTML, e.g. an invite's text/calendar part.
	Alternatives []outboxAttachment `json:"alternatives"`
}

func toOutbox(m *models.OutboxMessage) outboxResponse {
	r := outboxResponse{ID: m.ID, To: m.To, ToName: m.ToName, From: m.From, Subject: m.Subject,
		Text: m.Text, HTML: m.HTML, Headers: m.Headers, Category: m.Category, CreatedAt: m.CreatedAt,
		Attachments: make([]outboxAttachment, len(m.Attachments)), Alternatives: make([]outboxAttachment, len(m.Alternatives))}
	for i, a := range m.Attachments {
		r.Attachments[i] = outboxAttachment{Filename: a.Filename, ContentType: a.ContentType, Size: len(a.Content)}
	}
	for i, a := range m.Alternatives {
		r.Alternatives[i] = outboxAttachment{ContentType: a.ContentType, Size: len(a.Content)}
	}
	return r
}

func (s *Area) listOutbox(c *fiber.Ctx) error {
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	msgs, total, err := s.Store.ListOutbox(c.UserContext(), strings.ToLower(strings.TrimSpace(c.Query("to"))), page)
	if err != nil {
		return err
	}
	items := make([]outboxResponse, len(msgs))
	for i := range msgs {
		items[i] = toOutbox(&msgs[i])
	}
	return c.JSON(fiber.Map{"items": items, "total": total, "page": page.Page, "per_page": page.PerPage})
}

// outboxMessage loads the message named by the :id parameter.
func (s *Area) outboxMessage(c *fiber.Ctx) (*models.OutboxMessage, error) {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return nil, err
	}
	return s.Store.GetOutboxMessage(c.UserContext(), id)
}

func (s *Area) getOutboxMessage(c *fiber.Ctx) error {
	m, err := s.outboxMessage(c)
	if err != nil {
		return err
	}
	return c.JSON(toOutbox(m))
}

// getOutboxAttachment downloads one attachment (n counts from 0), e.g. a calendar invite.
func (s *Area) getOutboxAttachment(c *fiber.Ctx) error {
	n, err := c.ParamsInt("n")
	if err != nil || n < 0 {
		return &models.Error{Code: models.EBADREQUEST, Field: "n", Message: "n must be an attachment number from 0"}
	}
	m, err := s.outboxMessage(c)
	if err != nil {
		return err
	}
	if n >= len(m.Attachments) {
		return models.NotFound("attachment")
	}
	a := m.Attachments[n]
	c.Attachment(a.Filename)
	c.Set(fiber.HeaderContentType, a.ContentType)
	return c.Send(a.Content)
}

// getOutboxHTML serves a message's HTML part for the preview iframe, under a policy of its own.
func (s *Area) getOutboxHTML(c *fiber.Ctx) error {
	m, err := s.outboxMessage(c)
	if err != nil {
		return err
	}
	c.Set("Content-Security-Policy", web.MailPreviewPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	return c.SendString(m.HTML)
}
