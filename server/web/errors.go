package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// retryAfterBusy is the Retry-After, in seconds, of a 503 for a busy database: long
// enough for a chunk of an import to commit, short enough that a person hardly waits.
const retryAfterBusy = "2"

var statusByCode = map[string]int{
	models.EBADREQUEST:   fiber.StatusBadRequest,
	models.EINVALID:      fiber.StatusUnprocessableEntity,
	models.ENOTFOUND:     fiber.StatusNotFound,
	models.ECONFLICT:     fiber.StatusConflict,
	models.EUNAUTHORISED: fiber.StatusUnauthorized,
	models.EFORBIDDEN:    fiber.StatusForbidden,
	models.EGONE:         fiber.StatusGone,
	models.ETOOMANY:      fiber.StatusTooManyRequests,
	models.EUNAVAILABLE:  fiber.StatusServiceUnavailable,
	models.EINTERNAL:     fiber.StatusInternalServerError,
}

// ErrorBody is the one error shape: {"error": "...", "field": "..."}.
type ErrorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// ErrorHandler turns any error a handler returns into a status and a JSON error. Internal
// errors are logged once here and shown to users only as "internal error".
//
// A refused request's unread body is dropped as it arrives (never held, at most the
// Route's limit), so a client still sending it reads this answer rather than a connection
// reset; a body refused as too large is not read at all.
func (s *Kit) ErrorHandler(c *fiber.Ctx, err error) error {
	var fe *fiber.Error
	if !errors.As(err, &fe) || fe.Code != fiber.StatusRequestEntityTooLarge {
		discardBody(c, bodyLimitFor(c.Path()))
	}
	if errors.As(err, &fe) {
		body := ErrorBody{Error: fe.Message}
		switch fe.Code {
		case fiber.StatusRequestEntityTooLarge:
			body.Field = "body"
			if !strings.HasPrefix(fe.Message, "request body too large") {
				body.Error = "request body too large" // Fiber's own words name no limit
			}
		case fiber.StatusUnsupportedMediaType:
			body.Field = fiber.HeaderContentEncoding
		}
		return c.Status(fe.Code).JSON(body)
	}
	code := models.ErrorCode(err)
	status, ok := statusByCode[code]
	if !ok {
		status = fiber.StatusInternalServerError
	}
	switch status {
	case fiber.StatusServiceUnavailable:
		// A busy database did nothing; the client may retry shortly (RFC 9110 §10.2.3).
		c.Set(fiber.HeaderRetryAfter, retryAfterBusy)
		s.Log.Warn("database busy", "route", c.Route().Path, "method", c.Method(), "err", err)
	case fiber.StatusInternalServerError:
		s.Log.Error("internal error", "route", c.Route().Path, "method", c.Method(),
			"request_id", c.GetRespHeader(fiber.HeaderXRequestID), "err", err)
	}
	return c.Status(status).JSON(ErrorBody{Error: models.ErrorMessage(err), Field: models.ErrorField(err)})
}

func (s *Kit) APINotFound(c *fiber.Ctx) error {
	return c.Status(fiber.StatusNotFound).JSON(ErrorBody{Error: "no such API route: " + c.Method() + " " + c.Path()})
}

func (s *Kit) LogPanic(c *fiber.Ctx, e any) {
	s.Log.Error("panic in handler", "route", c.Route().Path, "panic", e)
}

// errUnauthorised and friends are the auth errors every route shares.
var (
	ErrSignIn = &models.Error{Code: models.EUNAUTHORISED, Message: "sign in required"}
	errCSRF   = &models.Error{Code: models.EFORBIDDEN, Message: "missing or invalid X-CSRF-Token header (read csrf_token from GET /api/v1/me)"}
)

// IgnoreNotFound treats a missing record as nothing to do (a live frame for a row
// deleted since it was touched).
func IgnoreNotFound(err error) error {
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil
	}
	return err
}
