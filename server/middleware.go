package server

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// logRequests writes one line per request: method, route pattern (never the raw path, which
// may carry a manage or follow-up token), status, duration and request ID. Query strings,
// cookies and headers are never logged.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := s.app.ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	route := c.Route().Path
	if route == "/" && c.Path() != "/" || route == "/*" {
		route = "(spa or static)"
	}
	took, status := time.Since(start), c.Response().StatusCode()
	s.Log.Info("request", "method", c.Method(), "route", route, "status", status,
		"duration_ms", float64(took.Microseconds())/1000,
		"request_id", c.GetRespHeader(fiber.HeaderXRequestID))
	// A metric keeps its label strings: copy the method out of fasthttp's reused buffer.
	s.Metrics.ObserveRequest(route, strings.Clone(c.Method()), status, took)
	return nil
}

// contentSecurityPolicy allows only our own scripts, styles, images and connections.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer") // manage and follow-up links carry secrets
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if s.Cfg.Secure() || c.Protocol() == "https" {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}
