package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/notifications"

	"github.com/confer-nhs/confer/server/web"
)

func (s *Server) registerHealthRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/healthz", web.Public, s.healthz)
	s.Route(r, fiber.MethodGet, "/readyz", web.Public, s.readyz)
}

// siteResponse is the site settings and where mail goes: "sendgrid", or "outbox" when no
// SendGrid key is set and mail waits in the outbox for an admin to read (the sign-in
// page says so, rather than promise an email that never comes).
type siteResponse struct {
	web.SiteConfig
	Mail string `json:"mail"`
}

// site names the programme and the ICS for the header of every page, signed in or not.
func (s *Server) site(c *fiber.Ctx) error {
	return c.JSON(siteResponse{SiteConfig: s.Cfg.Site, Mail: s.mailProvider()})
}

// mailProvider is "outbox" when mail waits for an admin to read it, else "sendgrid".
func (s *Server) mailProvider() string {
	if _, ok := s.Mail.(*notifications.Outbox); ok {
		return "outbox"
	}
	return "sendgrid"
}

// healthz says the process is up.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz says the database answers and, with several instances, that this one hears the
// others (until then a phone joining here could miss what a facilitator did on another);
// and not while the instance is draining to shut down (Drain).
func (s *Server) readyz(c *fiber.Ctx) error {
	if s.draining.Load() {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "draining: shutting down"})
	}
	select {
	case <-s.Hub.Listening():
	default:
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "not yet listening to other instances"})
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		s.Log.Warn("readiness check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "database unreachable"})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}
