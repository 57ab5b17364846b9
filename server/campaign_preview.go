package server

import (
	"github.com/gofiber/fiber/v2"
)

func (s *Server) registerCampaignPreviewRoutes(r fiber.Router) {
	s.route(r, fiber.MethodGet, "/campaigns/:id/preview", CommsTeam, s.previewCampaign)
	s.route(r, fiber.MethodGet, "/campaigns/:id/preview.html", CommsTeam, s.previewCampaignHTML)
}

type previewResponse struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

func (s *Server) renderPreview(c *fiber.Ctx) (*previewResponse, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	camp, err := s.store.GetCampaign(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	m, err := s.emails.Campaign(camp)
	if err != nil {
		return nil, err
	}
	subject, text, html := m.Personalise(s.previewFields(c.UserContext(), currentUser(c)))
	return &previewResponse{Subject: subject, Text: text, HTML: html}, nil
}

// previewCampaign returns the email as the caller would receive it: subject, plain-text
// twin and HTML.
func (s *Server) previewCampaign(c *fiber.Ctx) error {
	p, err := s.renderPreview(c)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// previewCampaignHTML serves the HTML email for the editor's sandboxed preview frame,
// under the mail preview policy (no scripts, no requests, framed only by our pages).
func (s *Server) previewCampaignHTML(c *fiber.Ctx) error {
	p, err := s.renderPreview(c)
	if err != nil {
		return err
	}
	c.Set("Content-Security-Policy", mailPreviewPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	return c.SendString(p.HTML)
}
