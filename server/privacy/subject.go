package privacy

import "github.com/gofiber/fiber/v2"

// registerSubjectRoutes registers subject access, export and erasure.
func (s *Area) registerSubjectRoutes(r fiber.Router) {}
