package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// MaxJSONBody caps JSON request bodies; larger uploads (CSV) have their own routes.
const MaxJSONBody = 1 << 20

// DecodeJSON reads the request body strictly into v: one JSON object, no unknown fields.
// Each failure becomes a 400 naming the offending field where there is one.
func DecodeJSON(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(body) > MaxJSONBody {
		return &fiber.Error{Code: fiber.StatusRequestEntityTooLarge, Message: "request body too large"}
	}
	return DecodeJSONBytes(body, v)
}

func DecodeJSONBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &models.Error{Code: models.EBADREQUEST, Message: "request body must be a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &models.Error{Code: models.EBADREQUEST, Message: "request body must hold one JSON object only"}
	}
	return nil
}

func jsonError(err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syntax):
		return &models.Error{Code: models.EBADREQUEST, Message: fmt.Sprintf("malformed JSON at byte %d: %s", syntax.Offset, syntax.Error())}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return &models.Error{Code: models.EBADREQUEST, Message: "request body must be a JSON object"}
		}
		return &models.Error{Code: models.EBADREQUEST, Field: field, Message: fmt.Sprintf("%s must be %s", field, JSONKind(typ.Type.String()))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &models.Error{Code: models.EBADREQUEST, Message: "malformed JSON: the body ends too early"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return &models.Error{Code: models.EBADREQUEST, Field: name, Message: fmt.Sprintf("unknown field %q", name)}
	}
	return &models.Error{Code: models.EBADREQUEST, Message: "malformed JSON: " + err.Error()}
}

func JSONKind(goType string) string {
	switch {
	case strings.Contains(goType, "int"), strings.Contains(goType, "float"):
		return "a number"
	case strings.Contains(goType, "bool"):
		return "true or false"
	case strings.HasPrefix(goType, "[]") || strings.HasPrefix(goType, "*[]"):
		return "a list"
	case strings.Contains(goType, "string"):
		return "a string"
	case strings.Contains(goType, "time.Time"):
		return "an RFC 3339 time such as 2026-12-01T09:30:00Z"
	}
	return "a JSON object"
}

// Required reports the first empty required field as a 422 naming it.
func Required(fields ...any) error {
	for i := 0; i+1 < len(fields); i += 2 {
		name, _ := fields[i].(string)
		switch v := fields[i+1].(type) {
		case *string:
			if v == nil {
				return models.Invalid(name, "%s is required", name)
			}
		case *uint:
			if v == nil {
				return models.Invalid(name, "%s is required", name)
			}
		case nil:
			return models.Invalid(name, "%s is required", name)
		}
	}
	return nil
}

// IDParam reads a positive integer path parameter.
func IDParam(c *fiber.Ctx, name string) (uint, error) {
	n, err := strconv.ParseUint(c.Params(name), 10, 32)
	if err != nil || n == 0 {
		return 0, &models.Error{Code: models.EBADREQUEST, Field: name, Message: name + " must be a positive whole number"}
	}
	return uint(n), nil
}

// QueryUint reads an optional positive integer query parameter.
func QueryUint(c *fiber.Ctx, name string) (uint, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return 0, &models.Error{Code: models.EBADREQUEST, Field: name, Message: name + " must be a positive whole number"}
	}
	return uint(n), nil
}

// PageQuery reads page and per_page.
func PageQuery(c *fiber.Ctx) (models.Page, error) {
	page, err := QueryUint(c, "page")
	if err != nil {
		return models.Page{}, err
	}
	per, err := QueryUint(c, "per_page")
	if err != nil {
		return models.Page{}, err
	}
	return models.Page{Page: int(page), PerPage: int(per)}.Normalise(), nil
}
