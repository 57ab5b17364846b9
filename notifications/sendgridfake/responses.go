package sendgridfake

import (
	"encoding/json"
	"net/http"
)

// Response is one scripted answer. The zero Response is a 202 Accepted.
type Response struct {
	Status int               // 0 means 202
	Header map[string]string // e.g. Retry-After
	Errors []APIError        // written as SendGrid's {"errors":[...]} body
	Body   string            // a raw body, written instead of Errors when set
	// Hang holds the request open without answering until the client gives up (its
	// timeout or context) or the server closes: a stalled SendGrid.
	Hang bool
}

// APIError is one entry of SendGrid's error body. An empty Field is written as null.
type APIError struct {
	Message string
	Field   string
}

// MarshalJSON writes SendGrid's shape: {"message":..., "field":... or null, "help":null}.
func (e APIError) MarshalJSON() ([]byte, error) {
	var field any
	if e.Field != "" {
		field = e.Field
	}
	return json.Marshal(map[string]any{"message": e.Message, "field": field, "help": nil})
}

// Accepted is SendGrid's normal answer: 202 with an X-Message-Id header.
func Accepted() Response { return Response{Status: http.StatusAccepted} }

// RateLimited is a 429 asking the client to wait retryAfter ("1", or an HTTP date).
func RateLimited(retryAfter string) Response {
	return Response{Status: http.StatusTooManyRequests, Header: retryAfterHeader(retryAfter),
		Errors: []APIError{{Message: "too many requests"}}}
}

// ServerError is a 500 as SendGrid returns during an incident.
func ServerError() Response {
	return Response{Status: http.StatusInternalServerError,
		Errors: []APIError{{Message: "internal server error"}}}
}

// Unavailable is a 503, optionally with a Retry-After.
func Unavailable(retryAfter string) Response {
	return Response{Status: http.StatusServiceUnavailable, Header: retryAfterHeader(retryAfter),
		Errors: []APIError{{Message: "service unavailable"}}}
}

// BadRequest is a 400 with one SendGrid-style error.
func BadRequest(message, field string) Response {
	return Response{Status: http.StatusBadRequest, Errors: []APIError{{Message: message, Field: field}}}
}

// Hang never answers; see Response.Hang.
func Hang() Response { return Response{Hang: true} }

func retryAfterHeader(v string) map[string]string {
	if v == "" {
		return nil
	}
	return map[string]string{"Retry-After": v}
}

// writeErrors writes a SendGrid error body with status.
func writeErrors(w http.ResponseWriter, status int, errs ...APIError) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string][]APIError{"errors": errs})
}

// write sends a scripted response.
func (r Response) write(w http.ResponseWriter, status int) {
	for k, v := range r.Header {
		w.Header().Set(k, v)
	}
	switch {
	case r.Body != "":
		w.WriteHeader(status)
		_, _ = w.Write([]byte(r.Body))
	case len(r.Errors) > 0:
		writeErrors(w, status, r.Errors...)
	default:
		w.WriteHeader(status)
	}
}
