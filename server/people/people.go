package people

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerPeopleRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/people", web.AdminOnly, s.listPeople)
	s.Route(r, fiber.MethodPost, "/people", web.AdminOnly, s.createPerson)
	s.Route(r, fiber.MethodGet, "/people/:id", web.AdminOnly, s.getPerson)
	s.Route(r, fiber.MethodPatch, "/people/:id", web.AdminOnly, s.updatePerson)
}

type PersonResponse struct {
	ID             uint      `json:"id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	OrganisationID *uint     `json:"organisation_id"`
	StaffGroup     string    `json:"staff_group"`
	JobRole        string    `json:"job_role"`
	Role           string    `json:"role"`
	CreatedAt      time.Time `json:"created_at"`
}

func toPerson(p *models.Person) PersonResponse {
	return PersonResponse{ID: p.ID, Email: p.Email, Name: p.Name, OrganisationID: p.OrganisationID,
		StaffGroup: p.StaffGroup, JobRole: p.JobRole, Role: p.Role, CreatedAt: p.CreatedAt}
}

type personRequest struct {
	Email          *string `json:"email"`
	Name           *string `json:"name"`
	OrganisationID *uint   `json:"organisation_id"`
	StaffGroup     *string `json:"staff_group"`
	JobRole        *string `json:"job_role"`
	Role           *string `json:"role"`
}

func (r personRequest) input() peoplemodel.PersonInput {
	return peoplemodel.PersonInput{Email: r.Email, Name: r.Name, OrganisationID: r.OrganisationID,
		StaffGroup: r.StaffGroup, JobRole: r.JobRole, Role: r.Role}
}

type PeoplePage struct {
	Items   []PersonResponse `json:"items"`
	Total   int64            `json:"total"`
	Page    int              `json:"page"`
	PerPage int              `json:"per_page"`
}

func (s *Area) listPeople(c *fiber.Ctx) error {
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	org, err := web.QueryUint(c, "organisation_id")
	if err != nil {
		return err
	}
	group, err := models.ParseStaffGroup("staff_group", c.Query("staff_group"))
	if err != nil {
		return err
	}
	f := peoplemodel.PersonFilter{Query: c.Query("q"), OrganisationID: org, StaffGroup: group, Role: c.Query("role"), Page: page}
	people, total, err := s.db.ListPeople(c.UserContext(), f)
	if err != nil {
		return err
	}
	out := PeoplePage{Items: make([]PersonResponse, len(people)), Total: total, Page: page.Page, PerPage: page.PerPage}
	for i := range people {
		out.Items[i] = toPerson(&people[i])
	}
	return c.JSON(out)
}

func (s *Area) getPerson(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.Store.GetPerson(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toPerson(p))
}

func (s *Area) createPerson(c *fiber.Ctx) error {
	var req personRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("email", req.Email, "name", req.Name); err != nil {
		return err
	}
	p, err := s.db.CreatePerson(c.UserContext(), req.input())
	if err != nil {
		return err
	}
	web.AuditSubject(c, p.Email)
	web.AuditSummary(c, "created with role %s", orNone(p.Role))
	return c.Status(fiber.StatusCreated).JSON(toPerson(p))
}

func (s *Area) updatePerson(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req personRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	before, err := s.Store.GetPerson(c.UserContext(), id)
	if err != nil {
		return err
	}
	p, err := s.db.UpdatePerson(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	auditPersonChange(c, before, p, req)
	return c.JSON(toPerson(p))
}

// auditPersonChange records a change to a person in the audit trail: the person by
// their subject key (their email when the change was made, and the new one if it
// changed), the fields that changed, and the role before and after, never a name or an
// address.
func auditPersonChange(c *fiber.Ctx, before, after *models.Person, req personRequest) {
	web.AuditSubject(c, before.Email)
	var changed []string
	add := func(set bool, field string) {
		if set {
			changed = append(changed, field)
		}
	}
	add(req.Email != nil && *req.Email != before.Email, "email")
	add(req.Name != nil && *req.Name != before.Name, "name")
	add(req.OrganisationID != nil, "organisation")
	add(req.StaffGroup != nil && *req.StaffGroup != before.StaffGroup, "staff group")
	add(req.JobRole != nil && *req.JobRole != before.JobRole, "job role")
	var parts []string
	if before.Role != after.Role {
		parts = append(parts, fmt.Sprintf("role %s → %s", orNone(before.Role), orNone(after.Role)))
	}
	if len(changed) > 0 {
		parts = append(parts, "changed: "+strings.Join(changed, ", "))
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing changed")
	}
	web.AuditSummary(c, "%s", strings.Join(parts, "; "))
}

func orNone(role string) string {
	if role == "" {
		return "none"
	}
	return role
}
