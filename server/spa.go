package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"github.com/confer-nhs/confer/frontend"
)

// placeholderPage is served when the binary was built before the SPA (no npm step).
const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confer</title></head>
<body><main><h1>Confer</h1><p>The web interface was not built into this binary. Run <code>make build</code> (needs Node.js), or use the JSON API under /api/v1.</p></main></body></html>`

// registerSPARoutes serves the embedded SPA: hashed assets cached for a year, everything
// else falling back to index.html, which is never stored: its address may hold a manage
// or follow-up token (and it is sent whole each time anyway, having no validator).
func (s *Server) registerSPARoutes(app *fiber.App) {
	dist := frontend.Dist()
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		index = []byte(placeholderPage)
	}
	app.Use("/assets", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		return c.Next()
	}, filesystem.New(filesystem.Config{Root: http.FS(dist), PathPrefix: "assets"}))
	app.Use(func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return fiber.ErrNotFound
		}
		p := strings.TrimPrefix(path.Clean(c.Path()), "/")
		if p != "" && p != "index.html" && !strings.HasPrefix(p, "ws/") {
			if data, err := fs.ReadFile(dist, p); err == nil { // favicon, manifest, robots
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
