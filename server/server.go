// Package server is Confer's HTTP and websocket layer: the Fiber app, its middleware, the
// error handler and one file per resource that registers its own routes.
package server

import (
	"context"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/polls"

	"github.com/confer-nhs/confer/server/feedback"

	"github.com/confer-nhs/confer/server/booking"

	"github.com/confer-nhs/confer/server/campaigns"

	"github.com/confer-nhs/confer/server/people"

	"github.com/confer-nhs/confer/server/coverage"

	"github.com/confer-nhs/confer/server/home"

	"github.com/confer-nhs/confer/server/privacy"

	"github.com/confer-nhs/confer/server/audit"

	"github.com/confer-nhs/confer/server/decisions"

	"github.com/confer-nhs/confer/server/readiness"
)

// Server owns the Fiber app and what its handlers need.
type Server struct {
	*web.Kit
	app   *fiber.App
	areas []web.Area // every area, in the order their routes are registered

	polls     *polls.Area
	feedback  *feedback.Area
	booking   *booking.Area
	campaign  *campaigns.Area
	people    *people.Area
	coverage  *coverage.Area
	home      *home.Area
	privacy   *privacy.Area
	audit     *audit.Area
	decision  *decisions.Area
	readiness *readiness.Area

	workers []func(ctx context.Context) // long-running jobs started by Start

	draining atomic.Bool // set by Drain: /readyz fails so balancers move clients away
}

// New builds the server and registers every route.
func New(cfg web.Config, store *models.Store, mail notifications.Sender, log *slog.Logger) *Server {
	s := &Server{Kit: web.NewKit(cfg, store, mail, log)}
	s.workers = append(s.workers, s.Hub.Run)
	s.polls = polls.New(s.Kit)
	s.feedback = feedback.New(s.Kit)
	s.booking = booking.New(s.Kit)
	s.campaign = campaigns.New(s.Kit)
	s.people, s.coverage, s.home = people.New(s.Kit), coverage.New(s.Kit), home.New(s.Kit)
	s.privacy = privacy.New(s.Kit)
	s.audit = audit.New(s.Kit)
	s.decision = decisions.New(s.Kit)
	s.readiness = readiness.New(s.Kit)
	s.areas = []web.Area{s.people, s.feedback, s.booking, s.campaign, s.polls, s.coverage, s.home, s.privacy, s.audit, s.decision, s.readiness}
	for _, a := range s.areas {
		s.workers = append(s.workers, a.Workers()...)
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "confer",
		DisableStartupMessage: true,
		ErrorHandler:          s.ErrorHandler,
		// Bodies are streamed: nothing is read before a route's size check (bodylimit.go)
		// and its own checks have passed, and then only up to the route's limit.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		BodyLimit:                    web.MaxRouteBody,
		// X-Forwarded-Proto and -Host are believed only from CONFER_TRUSTED_PROXIES.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          web.PrefixStrings(cfg.Clients.TrustedProxies),
		ReadTimeout:             30 * time.Second,
		WriteTimeout:            60 * time.Second,
		IdleTimeout:             120 * time.Second,
		ReadBufferSize:          16 << 10,
	})
	s.app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: s.LogPanic}))
	s.app.Use(requestid.New())
	s.app.Use(s.logRequests)
	s.app.Use(s.RefuseLargeBodies)
	s.app.Use(s.securityHeaders)
	s.app.Use(s.NoStore)
	s.registerRoutes()
	return s
}

// registerRoutes is the one visible list of route groups.
func (s *Server) registerRoutes() {
	s.registerHealthRoutes(s.app)
	api := s.app.Group("/api/v1", s.Identify)
	ws := s.app.Group("/ws", s.Identify)
	s.Route(api, fiber.MethodGet, "/site", web.Public, s.site)
	s.Route(api, fiber.MethodGet, "/notices", web.Public, s.notices)
	for _, a := range s.areas {
		a.Routes(web.Routers{App: s.app, API: api, WS: ws})
	}
	api.Use(s.APINotFound)
	s.registerSPARoutes(s.app)
}

// App exposes the Fiber app (tests use app.Test and walk its routes).
func (s *Server) App() *fiber.App { return s.app }

// Start launches the background workers (reminders, dispatchers, listeners).
func (s *Server) Start() {
	for _, w := range s.workers {
		s.Go(w)
	}
}

// Serve listens on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	return s.app.Listener(ln)
}

// Drain marks the instance as leaving: /readyz answers 503 from now on, so a load
// balancer's health checks stop sending it new clients while it still answers the ones it
// has, and the campaign dispatcher claims no more batches (it finishes those in flight and
// hands back any it has not sent). serve drains for CONFER_DRAIN_WAIT before Shutdown.
func (s *Server) Drain() {
	s.draining.Store(true)
	s.campaign.Drain()
}

// socketsClose bounds how long Shutdown waits for websockets to say goodbye.
const socketsClose = 5 * time.Second

// Shutdown stops accepting connections, drains requests in flight, closes every websocket
// with 1012 (service restart: reconnect now), then stops workers and waits for background
// mail. The sockets close after the listener, so a client's immediate reconnect cannot
// land here again: the balancer (or the client's next try) finds another instance.
func (s *Server) Shutdown(timeout time.Duration) error {
	err := s.app.ShutdownWithTimeout(timeout)
	s.CloseSockets(socketsClose)
	s.Stop(timeout)
	return err
}
