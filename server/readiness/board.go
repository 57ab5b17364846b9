package readiness

import "github.com/gofiber/fiber/v2"

// boardRoutes registers the readiness board and its outreach.
func (s *Area) boardRoutes(r fiber.Router) {}
