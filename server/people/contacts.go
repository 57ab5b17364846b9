package people

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerContactRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/contacts/import", web.CommsTeam, s.importContacts)
	s.Route(r, fiber.MethodPost, "/contacts/import/preview", web.CommsTeam, s.previewContacts)
	s.Route(r, fiber.MethodGet, "/contacts", web.CommsTeam, s.listContacts)
	s.Route(r, fiber.MethodPost, "/contacts/count", web.CommsTeam, s.countAudience)
}

type ContactResponse struct {
	ID             uint       `json:"id"`
	Email          string     `json:"email"`
	Name           string     `json:"name"`
	OrganisationID *uint      `json:"organisation_id"`
	StaffGroup     string     `json:"staff_group"`
	JobRole        string     `json:"job_role"`
	AreaOfWork     string     `json:"area_of_work"`
	ExternalID     string     `json:"external_id"`
	UnsubscribedAt *time.Time `json:"unsubscribed_at"`
	Suppressed     string     `json:"suppressed"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toContact(c *models.Contact) ContactResponse {
	return ContactResponse{ID: c.ID, Email: c.Email, Name: c.Name, OrganisationID: c.OrganisationID,
		StaffGroup: c.StaffGroup, JobRole: c.JobRole, AreaOfWork: c.AreaOfWork, ExternalID: c.ExternalID, UnsubscribedAt: c.UnsubscribedAt,
		Suppressed: c.Suppressed, UpdatedAt: c.UpdatedAt}
}

func (s *Area) listContacts(c *fiber.Ctx) error {
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
	f := models.ContactFilter{OrganisationID: org, StaffGroup: group, Query: strings.Clone(c.Query("q"))}
	items, total, err := s.Store.ListContacts(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	out := make([]ContactResponse, len(items))
	for i := range items {
		out[i] = toContact(&items[i])
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": page.Page, "per_page": page.PerPage})
}

type audienceRequest struct {
	Kind     string           `json:"kind"`
	Audience *models.Audience `json:"audience"`
}

type orgCount struct {
	OrganisationID *uint `json:"organisation_id"`
	Recipients     int64 `json:"recipients"`
}

type AudienceCountResponse struct {
	Recipients     int64      `json:"recipients"`
	ByOrganisation []orgCount `json:"by_organisation"`
}

func toAudienceCount(a *models.AudienceCount) AudienceCountResponse {
	out := AudienceCountResponse{Recipients: a.Total, ByOrganisation: []orgCount{}}
	for org, n := range a.ByOrganisation {
		oc := orgCount{Recipients: n}
		if org != 0 {
			id := org
			oc.OrganisationID = &id
		}
		out.ByOrganisation = append(out.ByOrganisation, oc)
	}
	return out
}

// countAudience is the live count the editor shows while the audience is chosen.
func (s *Area) countAudience(c *fiber.Ctx) error {
	var req audienceRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.Kind != "" && req.Kind != models.KindNewsletter && req.Kind != models.KindNotice {
		return models.Invalid("kind", "kind must be newsletter or notice")
	}
	var a models.Audience
	if req.Audience != nil {
		a = *req.Audience
	}
	n, err := s.Store.CountAudience(c.UserContext(), a, req.Kind)
	if err != nil {
		return err
	}
	return c.JSON(toAudienceCount(n))
}
