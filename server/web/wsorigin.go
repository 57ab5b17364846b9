package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// foreignOrigin refuses a socket opened by a page on another site with 403 before anything
// else runs (the websocket library would answer 426, "upgrade required", which tells the
// client to retry differently rather than that it may not). Requests with no Origin come
// from non-browser clients, which cannot be used for cross-site hijacking, and pass.
func (s *Kit) foreignOrigin(c *fiber.Ctx) error {
	if o := c.Get(fiber.HeaderOrigin); o != "" && !slices.Contains(s.Cfg.AllowedOrigins, o) {
		return &models.Error{Code: models.EFORBIDDEN, Message: "pages on " + o + " may not open Confer's sockets"}
	}
	return nil
}

// CheckOrigin is foreignOrigin as a route step, for sockets that do work before upgrading.
func (s *Kit) CheckOrigin(c *fiber.Ctx) error {
	if err := s.foreignOrigin(c); err != nil {
		return err
	}
	return c.Next()
}
