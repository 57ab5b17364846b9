package web

import (
	"context"

	"github.com/gofiber/fiber/v2"
)

// Area is one part of Confer (polls, feedback, booking, campaigns, people, coverage). Its
// constructor builds what it keeps (caches, writers, hub renderers); Routes only
// registers routes; Workers are the
// long-running jobs the server starts with it.
type Area interface {
	Routes(r Routers)
	Workers() []func(ctx context.Context)
}

// Routers are where an area registers: the API group (/api/v1), the websocket group (/ws)
// and, for the few pages served outside both (an email's unsubscribe link), the app.
type Routers struct {
	App, API, WS fiber.Router
}
