package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// Policy says who may call a route. Every route under /api/v1 and /ws declares one, through
// Route(); the authorisation test walks the app and fails on any route that did not.
type Policy struct {
	Public bool
	Roles  []string
	// Signed marks a public route whose requests carry a signature the handler verifies
	// (SendGrid's event webhook). It skips the per-IP limit on public writes: one sender
	// posts every event from a few addresses, and the signature, not the IP, admits it.
	Signed bool
}

// Route is a registered route and its policy.
type Route struct {
	Method, Path string
	Policy       Policy
	// Audit is the action the route's audit row records, or "" when it writes none
	// (audit_routes.go says which routes do).
	Audit string
}

// Policies used across the API.
var (
	Public       = Policy{Public: true}
	PublicSigned = Policy{Public: true, Signed: true}
	AdminOnly    = Policy{Roles: []string{models.RoleAdmin}}
	SignedIn     = Policy{Roles: models.Roles}
	Team         = Policy{Roles: models.Roles} // the programme team: admin, comms, facilitator
	CommsTeam    = Policy{Roles: []string{models.RoleAdmin, models.RoleComms}}
	Facilitator  = Policy{Roles: []string{models.RoleAdmin, models.RoleFacilitator}}
)

// Allows reports whether a user with role may call the route.
func (p Policy) Allows(role string) bool {
	if p.Public {
		return true
	}
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Route registers a handler behind its policy. Public writes get the per-client rate
// limit; privileged actions write an audit row (audit.go). The body is read (up to the route's limit) only after the policy, the limit and
// any checks before the last handler have passed.
func (s *Kit) Route(r fiber.Router, method, path string, p Policy, h ...fiber.Handler) {
	full := routerPrefix(r) + path
	chain := []fiber.Handler{s.authorise(p)}
	if p.Public && !p.Signed && method != fiber.MethodGet && method != fiber.MethodHead {
		chain = append(chain, s.limitPublicWrites)
	}
	action, failures, audited := auditActionFor(method, full, p)
	if audited {
		chain = append(chain, s.auditStep(action, failures))
	}
	chain = append(chain, h[:len(h)-1]...)
	chain = append(chain, readBody(bodyLimitFor(full)), h[len(h)-1])
	r.Add(method, path, chain...)
	s.table = append(s.table, Route{Method: method, Path: full, Policy: p, Audit: action})
}

func routerPrefix(r fiber.Router) string {
	if g, ok := r.(*fiber.Group); ok {
		return strings.TrimRight(g.Prefix, "/")
	}
	return ""
}

// authorise refuses callers the policy does not admit: 401 without a user, 403 with the
// wrong role (or a cookie write without its CSRF token).
func (s *Kit) authorise(p Policy) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if p.Public {
			return c.Next()
		}
		u := CurrentUser(c)
		if u == nil {
			if c.Locals(localCSRFFailed) != nil {
				return errCSRF
			}
			return ErrSignIn
		}
		if !p.Allows(u.Role) {
			return &models.Error{Code: models.EFORBIDDEN,
				Message: "your role (" + u.Role + ") may not do this; it needs: " + strings.Join(p.Roles, " or ")}
		}
		return c.Next()
	}
}

// Routes lists every route with the roles allowed to call it.
func (k *Kit) Routes() []Route { return k.table }
