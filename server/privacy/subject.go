package privacy

import (
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	privacymodel "github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/server/web"
)

// registerSubjectRoutes registers subject access, export and erasure: admins only, as
// they read and remove everyone's data.
func (s *Area) registerSubjectRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/privacy/subject", web.AdminOnly, s.findSubject)
	s.Route(r, fiber.MethodGet, "/privacy/subject/export", web.AdminOnly, s.exportSubject)
	s.Route(r, fiber.MethodPost, "/privacy/erase", web.AdminOnly, s.eraseSubject)
}

// SubjectResponse is what Confer holds about one person: counts per area and the rows.
type SubjectResponse struct {
	Email    string               `json:"email"`
	Follow   bool                 `json:"follow"`
	Total    int                  `json:"total"`
	Counts   map[string]int       `json:"counts"`
	Areas    []*privacymodel.Area `json:"areas"`
	Blocker  string               `json:"blocker"`
	Warnings []string             `json:"warnings"`
}

func toSubject(f *privacymodel.Findings) SubjectResponse {
	return SubjectResponse{Email: f.Subject.Email, Follow: f.Subject.Follow != "", Total: f.Total(),
		Counts: f.Counts(), Areas: f.Areas, Blocker: f.Blocker, Warnings: orEmpty(f.Warnings)}
}

// subjectQuery reads ?email= or ?follow= (a follow-up link or its token). Both are copied:
// Fiber reuses the buffers.
func subjectQuery(c *fiber.Ctx) (privacymodel.Subject, error) {
	return privacymodel.ParseSubject(strings.Clone(c.Query("email")), strings.Clone(c.Query("follow")))
}

func (s *Area) findSubject(c *fiber.Ctx) error {
	sub, err := subjectQuery(c)
	if err != nil {
		return err
	}
	f, err := s.db.FindSubject(c.UserContext(), sub)
	if err != nil {
		return err
	}
	return c.JSON(toSubject(f))
}

// eraseRequest names the person (email, or follow for an anonymous poster) and why.
type eraseRequest struct {
	Email  string `json:"email"`
	Follow string `json:"follow"`
	Reason string `json:"reason"`
}

// maxReason bounds the reason, which the audit trail keeps.
const maxReason = 500

func (r *eraseRequest) validate() (privacymodel.Subject, error) {
	sub, err := privacymodel.ParseSubject(r.Email, r.Follow)
	if err != nil {
		return sub, err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	switch {
	case r.Reason == "":
		return sub, models.Invalid("reason", "enter the reason for erasing, such as the date and reference of the request")
	case utf8.RuneCountInString(r.Reason) > maxReason:
		return sub, models.Invalid("reason", "the reason must be %d characters or fewer", maxReason)
	case sub.Email != "" && strings.Contains(strings.ToLower(r.Reason), sub.Email),
		sub.Follow != "" && strings.Contains(r.Reason, sub.Follow):
		return sub, models.Invalid("reason", "leave the email address or link out of the reason: the audit trail keeps the reason")
	}
	return sub, nil
}

// EraseResponse says what was removed per area.
type EraseResponse struct {
	Removed []privacymodel.Erased `json:"removed"`
	Total   int                   `json:"total"`
}

// eraseSubject erases everything found about the person in one transaction. Nothing here
// logs the address: the error handler logs only internal errors, which carry no request
// values.
func (s *Area) eraseSubject(c *fiber.Ctx) error {
	var req eraseRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	sub, err := req.validate()
	if err != nil {
		return err
	}
	removed, err := s.db.Erase(c.UserContext(), sub)
	if err != nil {
		return err
	}
	out := EraseResponse{Removed: removed}
	for _, r := range removed {
		out.Total += r.Count
	}
	// The one piece of typed text the trail keeps: the admin's reason, checked above to
	// hold neither the address nor the link, so the record of the erasure says why.
	web.AuditSummary(c, "erased %d records; reason: %s", out.Total, req.Reason)
	if out.Removed == nil {
		out.Removed = []privacymodel.Erased{}
	}
	return c.JSON(out)
}

// orEmpty makes a nil list encode as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
