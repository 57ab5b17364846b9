package server

import (
	"io/fs"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/frontend"
)

// placeholderPage is served when the binary was built before the SPA (no npm step).
const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confer</title></head>
<body><main><h1>Confer</h1><p>The web interface was not built into this binary. Run <code>make build</code> (needs Node.js), or use the JSON API under /api/v1.</p></main></body></html>`

// registerSPARoutes serves the embedded SPA: hashed assets cached for a year (and sent
// compressed, see serveAssets), robots.txt, and everything else falling back to
// index.html, which is never stored: its address may hold a manage or follow-up token
// (and it is sent whole each time anyway, having no validator).
func (s *Server) registerSPARoutes(app *fiber.App) {
	dist := frontend.Dist()
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		index = []byte(placeholderPage)
	}
	app.Get("/assets/*", serveAssets(dist))
	app.Get("/robots.txt", serveRobots)
	app.Use(func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return fiber.ErrNotFound
		}
		p := strings.TrimPrefix(path.Clean(c.Path()), "/")
		if p == "assets" || strings.HasPrefix(p, "assets/") {
			return fiber.ErrNotFound // a missing asset is not a page
		}
		if p != "" && p != "index.html" && !strings.HasPrefix(p, "ws/") {
			if data, err := fs.ReadFile(dist, p); err == nil { // favicon
				c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
				c.Type(path.Ext(p))
				return c.Send(data)
			}
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		c.Type("html", "utf-8")
		return c.Send(index)
	})
}

// robotsTxt lets search engines index the public pages (home, booking, feedback, the
// programme, "you said, we did", joining a workshop) and keeps them out of the API,
// the sockets, staff areas and the pages whose address carries a secret (manage,
// follow-up, confirm, unsubscribe and pulse links). Prefixes: "/bookings/" does not cover "/book".
const robotsTxt = `# Confer: public pages may be indexed; staff areas, the API and links that carry a secret may not.
User-agent: *
Allow: /
Disallow: /api/
Disallow: /ws/
Disallow: /signin
Disallow: /bookings/
Disallow: /feedback/follow/
Disallow: /feedback/triage
Disallow: /feedback/manage
Disallow: /unsubscribe/
Disallow: /join/
Disallow: /organisations
Disallow: /people
Disallow: /tokens
Disallow: /outbox
Disallow: /sessions
Disallow: /contacts
Disallow: /campaigns
Disallow: /workshops
Disallow: /coverage
Disallow: /pulse
Disallow: /readiness
`

// serveRobots answers /robots.txt as plain text (the SPA fallback would send HTML).
func serveRobots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Type("txt", "utf-8")
	return c.SendString(robotsTxt)
}
