package readiness

import "github.com/gofiber/fiber/v2"

// pulseRoutes registers the team's pulse routes and the public personal and open links.
func (s *Area) pulseRoutes(r fiber.Router) {}
