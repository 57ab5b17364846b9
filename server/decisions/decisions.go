package decisions

import (
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	decisionmodel "github.com/confer-nhs/confer/models/decisions"
	"github.com/confer-nhs/confer/server/web"
)

// registerTeamRoutes: the programme team (admin, comms, facilitator) records, links and
// publishes decisions, as it triages feedback. Every write is audited by Route.
func (s *Area) registerTeamRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/decisions", web.Team, s.listDecisions)
	s.Route(r, fiber.MethodPost, "/decisions", web.Team, s.createDecision)
	s.Route(r, fiber.MethodGet, "/decisions/:id", web.Team, s.getDecision)
	s.Route(r, fiber.MethodPatch, "/decisions/:id", web.Team, s.updateDecision)
	s.Route(r, fiber.MethodGet, "/decisions/:id/versions", web.Team, s.listVersions)
	s.Route(r, fiber.MethodPost, "/decisions/:id/links", web.Team, s.addLink)
	s.Route(r, fiber.MethodDelete, "/decisions/:id/links/:link_id", web.Team, s.deleteLink)
	s.Route(r, fiber.MethodPost, "/decisions/:id/publish", web.Team, s.publish)
}

// decisionRequest is a decision as the team's form sends it; every field is optional on
// PATCH. superseded_by is kept raw to tell null (clear it) from absent (leave it).
type decisionRequest struct {
	Title           *string                `json:"title"`
	Question        *string                `json:"question"`
	Options         *[]string              `json:"options"`
	Decided         *string                `json:"decided"`
	Rationale       *string                `json:"rationale"`
	DecidedBy       *string                `json:"decided_by"`
	DecidedOn       *string                `json:"decided_on"`
	Status          *string                `json:"status"`
	SupersededBy    json.RawMessage        `json:"superseded_by"`
	EPRRef          *string                `json:"epr_ref"`
	OrganisationIDs *[]uint                `json:"organisation_ids"`
	Themes          *[]string              `json:"themes"`
	Quotes          *[]decisionmodel.Quote `json:"quotes"`
	Note            *string                `json:"note"` // PATCH of a published decision: why it changed
}

func (r decisionRequest) input() (decisionmodel.Input, error) {
	in := decisionmodel.Input{Title: r.Title, Question: r.Question, Options: r.Options, Decided: r.Decided,
		Rationale: r.Rationale, DecidedBy: r.DecidedBy, DecidedOn: r.DecidedOn, Status: r.Status, EPRRef: r.EPRRef,
		OrganisationIDs: r.OrganisationIDs, Themes: r.Themes, Quotes: r.Quotes}
	switch raw := strings.TrimSpace(string(r.SupersededBy)); raw {
	case "":
	case "null":
		in.ClearSupersededBy = true
	default:
		var id uint32
		if err := json.Unmarshal(r.SupersededBy, &id); err != nil || id == 0 {
			return in, models.Invalid("superseded_by", "superseded_by must be a decision's id, or null")
		}
		v := uint(id)
		in.SupersededBy = &v
	}
	return in, nil
}

// editor is the signed-in team member, for versions and created_by.
func editor(c *fiber.Ctx) decisionmodel.Editor {
	u := web.CurrentUser(c)
	if u == nil {
		return decisionmodel.Editor{}
	}
	name := u.Name
	if name == "" {
		name = u.Email
	}
	return decisionmodel.Editor{ID: u.ID, Name: name}
}

func (s *Area) listDecisions(c *fiber.Ctx) error {
	f, err := filterQuery(c)
	if err != nil {
		return err
	}
	list, total, err := s.db.ListDecisions(c.UserContext(), f)
	if err != nil {
		return err
	}
	p := f.Page.Normalise()
	out := pageOf[decisionResponse]{Items: []decisionResponse{}, Page: p.Page, PerPage: p.PerPage, Total: total,
		HasMore: int64(p.Offset()+len(list)) < total}
	// Link ids are unique across decisions: the page's targets are read together, one
	// query per kind for the whole page.
	var links []decisionmodel.DecisionLink
	for i := range list {
		links = append(links, list[i].Links...)
	}
	targets, err := s.db.LinkTargets(c.UserContext(), links)
	if err != nil {
		return err
	}
	for i := range list {
		out.Items = append(out.Items, toDecision(&list[i], targets))
	}
	return c.JSON(out)
}

// filterQuery reads the listing's filters: q, theme, status, organisation_id, page, per_page.
func filterQuery(c *fiber.Ctx) (decisionmodel.Filter, error) {
	page, err := web.PageQuery(c)
	if err != nil {
		return decisionmodel.Filter{}, err
	}
	if page.PerPage > 100 {
		page.PerPage = 100
	}
	org, err := web.QueryUint(c, "organisation_id")
	if err != nil {
		return decisionmodel.Filter{}, err
	}
	return decisionmodel.Filter{Q: strings.Clone(c.Query("q")), Theme: strings.Clone(c.Query("theme")),
		Status: strings.Clone(c.Query("status")), OrganisationID: org, Page: page}, nil
}

func (s *Area) createDecision(c *fiber.Ctx) error {
	var req decisionRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.Note != nil {
		return models.Invalid("note", "a note says why a published decision changed: leave it out of a new decision")
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	d, err := s.db.CreateDecision(c.UserContext(), in, editor(c))
	if err != nil {
		return err
	}
	web.AuditObject(c, "decision", d.ID)
	return s.renderTeam(c.Status(fiber.StatusCreated), d)
}

func (s *Area) getDecision(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	d, err := s.db.GetDecision(c.UserContext(), id)
	if err != nil {
		return err
	}
	return s.renderTeam(c, d)
}

func (s *Area) updateDecision(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req decisionRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	note := ""
	if req.Note != nil {
		note = *req.Note
	}
	web.AuditObject(c, "decision", id)
	d, err := s.db.UpdateDecision(c.UserContext(), id, in, note, editor(c))
	if err != nil {
		return err
	}
	web.AuditSummary(c, "version %d", d.Version)
	return s.renderTeam(c, d)
}

// renderTeam answers with the team's view of a decision, with what it heard.
func (s *Area) renderTeam(c *fiber.Ctx, d *decisionmodel.Decision) error {
	out, err := s.teamView(c, d)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// teamView is the team's view of a decision: its links resolved and what it heard.
func (s *Area) teamView(c *fiber.Ctx, d *decisionmodel.Decision) (decisionResponse, error) {
	targets, err := s.db.LinkTargets(c.UserContext(), d.Links)
	if err != nil {
		return decisionResponse{}, err
	}
	h, err := s.db.Heard(c.UserContext(), d)
	if err != nil {
		return decisionResponse{}, err
	}
	out := toDecision(d, targets)
	out.Heard = toHeard(h, d.Quotes, false)
	return out, nil
}

func (s *Area) listVersions(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	vs, err := s.db.ListVersions(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := make([]versionResponse, len(vs))
	for i := range vs {
		out[i] = toVersion(&vs[i])
	}
	return c.JSON(out)
}
