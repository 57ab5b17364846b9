package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Error codes shared by every layer. The server maps each to one HTTP status.
const (
	EBADREQUEST   = "bad_request" // malformed request: 400
	EINVALID      = "invalid"     // a field fails validation: 422
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORISED = "unauthorised"
	EFORBIDDEN    = "forbidden"
	EGONE         = "gone"
	ETOOMANY      = "too_many"    // rate limited: 429
	EUNAVAILABLE  = "unavailable" // the database is busy: 503 with Retry-After
	EINTERNAL     = "internal"
)

// Error is a domain error: a code the server maps to a status, a message safe to show a
// user, and optionally the request field it concerns.
type Error struct {
	Code    string
	Message string
	Field   string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds a domain error with a code and a user-facing message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports a bad value in one request field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Conflict reports a clash with stored data, naming the field when there is one.
func Conflict(field, format string, args ...any) *Error {
	return &Error{Code: ECONFLICT, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports a missing thing by its noun.
func NotFound(what string) *Error {
	return &Error{Code: ENOTFOUND, Message: what + " not found"}
}

// ErrorCode returns the code of a domain error, ENOTFOUND for a missing GORM record and
// EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ENOTFOUND
	case IsBusy(err):
		return EUNAVAILABLE
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing text of err; internal errors never leak details.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Message
	case errors.Is(err, gorm.ErrRecordNotFound):
		return "not found"
	case IsBusy(err):
		return "Confer is busy; try again in a moment"
	}
	return "internal error"
}

// ErrorField returns the request field a domain error concerns, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
