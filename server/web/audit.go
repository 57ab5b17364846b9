package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// The audit trail (models/trail.go) gets one row per privileged action. Route decides
// which routes write one (auditActionFor in audit_routes.go); auditStep writes it after the
// handler has answered. Handlers add what only they know through AuditObject,
// AuditSummary, AuditSubject and AuditActor; without them a row still says who, when,
// which action, the object named by the route's :id (or the id a create answered with),
// which fields the request set, and the status.

const localAudit = "audit_draft"

// auditDraft is what a handler adds to its request's audit row.
type auditDraft struct {
	objectKind, objectID string
	summary              string
	subject              string // an email; only its SubjectKey is stored
	actor                *models.Person
	skip                 bool
}

func draftOf(c *fiber.Ctx) *auditDraft {
	d, _ := c.Locals(localAudit).(*auditDraft)
	return d
}

// AuditObject names the object the action was on (kind is singular: "campaign",
// "person"), replacing the route's default.
func AuditObject(c *fiber.Ctx, kind string, id any) {
	if d := draftOf(c); d != nil {
		d.objectKind, d.objectID = kind, fmt.Sprint(id)
	}
}

// AuditSummary sets the row's short before/after text. It must hold no personal data:
// name the fields that changed, and give values only for non-personal ones (a role, a
// status, a count), never a name, an email or text someone typed.
func AuditSummary(c *fiber.Ctx, format string, args ...any) {
	if d := draftOf(c); d != nil {
		d.summary = fmt.Sprintf(format, args...)
	}
}

// AuditSubject names the person the action is about by their email; the row stores only
// models.SubjectKey of it, which subject access computes again to find the row.
func AuditSubject(c *fiber.Ctx, email string) {
	if d := draftOf(c); d != nil {
		d.subject = strings.Clone(email)
	}
}

// AuditActor names who acted when the request had no signed-in caller yet (a sign-in).
func AuditActor(c *fiber.Ctx, p *models.Person) {
	if d := draftOf(c); d != nil {
		d.actor = p
	}
}

// AuditSkip drops this request's row: for a handler that answered 2xx having done
// nothing (a dry run). Use it rarely; the coverage test lists routes that write no row.
func AuditSkip(c *fiber.Ctx) {
	if d := draftOf(c); d != nil {
		d.skip = true
	}
}

// Audit writes a row for an action outside the route table (an OpenID Connect sign-in,
// a scheduled job): a caller fills Action and whatever else it knows.
func (k *Kit) Audit(ctx context.Context, e *models.AuditEvent) {
	if err := k.Store.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		k.Log.Error("audit write failed", "action", e.Action, "err", err)
	}
}

// auditStep runs around the rest of an audited route. It writes the row after the
// handler: successes (status below 400) always; refusals only where failures is set (a
// refused sign-in). The action has already happened when the row is written, so a failed
// audit write is logged loudly but does not turn the answer into an error.
func (k *Kit) auditStep(action string, failures bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d := &auditDraft{}
		c.Locals(localAudit, d)
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = StatusOf(err)
		}
		if d.skip || (status >= 400 && !failures) {
			return err
		}
		k.Audit(c.UserContext(), k.auditRow(c, action, status, d))
		return err
	}
}

// auditRow builds the row from the request, the route and the draft.
func (k *Kit) auditRow(c *fiber.Ctx, action string, status int, d *auditDraft) *models.AuditEvent {
	e := &models.AuditEvent{Action: action, Status: status, Summary: d.summary,
		RequestID: strings.Clone(c.GetRespHeader(fiber.HeaderXRequestID))}
	actor := d.actor
	if actor == nil {
		actor = CurrentUser(c)
	}
	if actor != nil {
		id := actor.ID
		e.ActorID, e.ActorRole = &id, actor.Role
	}
	e.ObjectKind, e.ObjectID = d.objectKind, d.objectID
	if e.ObjectKind == "" {
		e.ObjectKind, e.ObjectID = defaultObject(c, status)
	}
	var body map[string]json.RawMessage
	if status < 400 { // a refused body may be unread, or too large: never read it here
		body = requestFields(c)
	}
	if e.Summary == "" {
		e.Summary = fieldSummary(body)
	}
	subject := d.subject
	if subject == "" {
		subject = c.Query("email")
	}
	if subject == "" {
		if raw, ok := body["email"]; ok {
			_ = json.Unmarshal(raw, &subject)
		}
	}
	if strings.TrimSpace(subject) != "" {
		e.SubjectKey = models.SubjectKey(subject)
	}
	return e
}

// StatusOf is the status the error handler answers err with.
func StatusOf(err error) int {
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	if s, ok := statusByCode[models.ErrorCode(err)]; ok {
		return s
	}
	return fiber.StatusInternalServerError
}

// defaultObject is the route's object: the noun before its :id and the id, or for a
// create (no :id) the noun and the id the answer carries.
func defaultObject(c *fiber.Ctx, status int) (kind, id string) {
	segs := strings.Split(strings.TrimPrefix(c.Route().Path, "/api/v1/"), "/")
	for i, s := range segs {
		if s == ":id" && i > 0 {
			return singular(segs[i-1]), strings.Clone(c.Params("id"))
		}
	}
	noun := ""
	for _, s := range segs {
		if s != "" && !strings.HasPrefix(s, ":") {
			noun = s
			break
		}
	}
	if c.Method() == fiber.MethodPost && status < 300 && !c.Response().IsBodyStream() &&
		bytes.HasPrefix(c.Response().Header.ContentType(), []byte(fiber.MIMEApplicationJSON)) {
		var out struct {
			ID json.Number `json:"id"`
		}
		if json.Unmarshal(c.Response().Body(), &out) == nil && out.ID != "" {
			return singular(noun), out.ID.String()
		}
	}
	return "", ""
}

func singular(noun string) string {
	if noun == "people" {
		return "person"
	}
	if strings.HasSuffix(noun, "s") && !strings.HasSuffix(noun, "ss") {
		return strings.TrimSuffix(noun, "s")
	}
	return noun
}

// maxAuditedBody is the largest JSON request body whose field names a row records;
// larger bodies (none of the JSON routes take one) are not parsed twice.
const maxAuditedBody = 64 << 10

// requestFields is the request's top-level JSON fields, or nil.
func requestFields(c *fiber.Ctx) map[string]json.RawMessage {
	if c.Request().IsBodyStream() { // not read by the route: reading it here would be unbounded
		return nil
	}
	body := c.Body()
	if len(body) == 0 || len(body) > maxAuditedBody ||
		!bytes.HasPrefix(c.Request().Header.ContentType(), []byte(fiber.MIMEApplicationJSON)) {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	return m
}

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// shownFields are the request fields whose values a summary may show: settings and
// states, never a name, an address or free text.
var shownFields = map[string]bool{"role": true, "status": true, "state": true, "capacity": true,
	"category": true, "format": true, "kind": true, "visibility": true, "hidden": true, "action": true,
	"decision": true, "attended": true, "open": true, "active": true, "organisation_id": true, "staff_group": true}

// fieldSummary names the fields a request set ("set: name, role=admin"), with values only
// for shownFields that are short scalars.
func fieldSummary(fields map[string]json.RawMessage) string {
	if len(fields) == 0 {
		return ""
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		if fieldName.MatchString(name) { // strict decoding refused any other key already
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for i, name := range names {
		if v := fields[name]; shownFields[name] && len(v) <= 40 && len(v) > 0 && v[0] != '{' && v[0] != '[' {
			names[i] = name + "=" + strings.Trim(string(v), `"`)
		}
	}
	return "set: " + strings.Join(names, ", ")
}
