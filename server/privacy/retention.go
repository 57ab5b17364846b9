package privacy

import "github.com/gofiber/fiber/v2"

// registerRetentionRoutes registers the retention policy and "What Confer keeps".
func (s *Area) registerRetentionRoutes(r fiber.Router) {}
