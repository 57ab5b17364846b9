package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Which routes write an audit row, in one place:
//   - every write (POST, PUT, PATCH, DELETE) a policy restricts to the team;
//   - the public routes in auditedPublic (signing in: refusals too);
//   - the reads in auditedReads: every export or download that hands over personal data
//     in bulk, and every read under /api/v1/privacy/ (subject access).
// The action name is derived from the path (auditAction) unless actionNames gives one.
// docs/AUDIT.md lists them all; TestAuditActionsAreDocumented keeps that list current.

// auditedPublic are public routes that are audited (signing in); true means refusals are
// too. A sign-in handler names who signed in with AuditActor.
var auditedPublic = map[string]bool{
	"POST /api/v1/auth/verify": true,
	"GET /auth/oidc/callback":  true, // single sign-on: a redirect either way; the summary says refused or not
}

// auditedReads are the reads that disclose personal data in bulk, with their action.
var auditedReads = map[string]string{
	"GET /api/v1/feedback/export/channels.csv": "feedback.channels.export",
	"GET /api/v1/feedback/export/posts.csv":    "feedback.posts.export",
	"GET /api/v1/slots/:id/bookings.csv":       "slots.roster.export",
	"GET /api/v1/workshops/:id/results.csv":    "workshops.results.export",
	"GET /api/v1/workshops/:id/questions.csv":  "workshops.questions.export",
	"GET /api/v1/evidence-pack":                "coverage.evidence-pack.download",
	"GET /api/v1/evidence-pack/report":         "coverage.evidence-report.download",
	"GET /api/v1/outbox":                       "outbox.list",
	"GET /api/v1/outbox/:id":                   "outbox.read",
	"GET /api/v1/outbox/:id/html":              "outbox.read",
	"GET /api/v1/outbox/:id/attachments/:n":    "outbox.attachment.download",
	"GET /api/v1/audit.csv":                    "audit.export",
}

// actionNames overrides derived names where the path reads badly as an action.
var actionNames = map[string]string{
	"POST /api/v1/auth/verify":          "auth.signin",
	"POST /api/v1/auth/signout":         "auth.signout",
	"GET /auth/oidc/callback":           "auth.signin.sso",
	"DELETE /api/v1/tokens/:id":         "tokens.revoke",
	"PUT /api/v1/coverage/targets":      "coverage.targets.update",
	"POST /api/v1/posts/:id/moderation": "posts.moderate",
	"POST /api/v1/posts/:id/replies":    "posts.reply",
	"POST /api/v1/contacts/count":       "contacts.count",
	"POST /api/v1/sessions/:id/slots":   "slots.create",
	"POST /api/v1/workshops/:id/polls":  "polls.create",
}

// auditActionFor says whether a route writes an audit row, as which action, and whether
// its refusals are recorded too.
func auditActionFor(method, path string, p Policy) (action string, failures, ok bool) {
	key := method + " " + path
	f, public := auditedPublic[key]
	switch {
	case auditedReads[key] != "":
		return auditedReads[key], false, true
	case public:
		failures = f
	case method == fiber.MethodGet || method == fiber.MethodHead:
		if p.Public || !strings.HasPrefix(path, "/api/v1/privacy/") {
			return "", false, false
		}
	case p.Public:
		return "", false, false
	}
	if name := actionNames[key]; name != "" {
		return name, failures, true
	}
	return auditAction(method, path), failures, true
}

// auditAction derives an action from a route: the path's nouns joined by dots, then what
// was done. A POST to a collection creates ("campaigns.create"); a POST ending in a word
// after an id or another noun is that word ("campaigns.approve", "contacts.import");
// PATCH and PUT update, DELETE deletes, and a GET reads (or exports).
func auditAction(method, path string) string {
	var words []string
	for _, s := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		if s == "" {
			continue
		}
		if strings.HasPrefix(s, ":") || s == "*" {
			continue
		}
		words = append(words, strings.TrimSuffix(s, ".csv"))
	}
	name := strings.Join(words, ".")
	switch method {
	case fiber.MethodPost:
		if len(words) > 1 {
			return name
		}
		return name + ".create"
	case fiber.MethodPatch, fiber.MethodPut:
		return name + ".update"
	case fiber.MethodDelete:
		return name + ".delete"
	}
	if last := words[len(words)-1]; last == "export" || last == "download" {
		return name
	}
	return name + ".read"
}
