package web

import "github.com/gofiber/fiber/v2"

// NoStore keeps Confer out of shared browsers' caches (ward PCs, where the next person to
// sit down opens the same browser). Every response defaults to Cache-Control: no-store —
// the SPA's page at a manage or follow-up link, token-bearing API answers, errors — and a
// handler may replace it only for public, anonymous content (hashed assets, the public
// programme). A response to a signed-in user is no-store whatever the handler chose,
// since it may hold what only they may see.
func (s *Kit) NoStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	err := c.Next()
	if CurrentUser(c) != nil {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return err
}
