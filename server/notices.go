package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// noticesResponse is what the public privacy notice and accessibility statement are built
// from: the organisation's settings, the address the statement covers, and who sends mail
// (SendGrid is named in the privacy notice as a processor only when it is used).
type noticesResponse struct {
	web.NoticesConfig
	Programme string `json:"programme"`
	ICS       string `json:"ics"`
	BaseURL   string `json:"base_url"`
	Mail      string `json:"mail"`
}

// notices answers GET /api/v1/notices, public: anyone may read how their data is handled
// and how accessible the service is, before they give anything.
func (s *Server) notices(c *fiber.Ctx) error {
	return c.JSON(noticesResponse{NoticesConfig: s.Cfg.Notices, Programme: s.Cfg.Site.Programme,
		ICS: s.Cfg.Site.ICS, BaseURL: s.Cfg.BaseURL, Mail: s.mailProvider()})
}
