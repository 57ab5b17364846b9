package web

import (
	"context"

	"github.com/gofiber/fiber/v2"
)

// Area is one part of Confer (polls, feedback, booking, campaigns, people, coverage). Its
// constructor builds what it keeps (caches, writers, hub renderers); Routes only
// registers routes, on the API group and the websocket group; Workers are the
// long-running jobs the server starts with it.
type Area interface {
	Routes(api, ws fiber.Router)
	Workers() []func(ctx context.Context)
}
