package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

func (s *Server) registerHealthRoutes(r fiber.Router) {
	s.route(r, fiber.MethodGet, "/healthz", Public, s.healthz)
	s.route(r, fiber.MethodGet, "/readyz", Public, s.readyz)
}

// site names the programme and the ICS for the header of every page, signed in or not.
func (s *Server) site(c *fiber.Ctx) error {
	return c.JSON(s.cfg.Site)
}

// healthz says the process is up.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz says the database answers.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "database unreachable"})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}
