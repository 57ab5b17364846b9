package people

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerContactRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/contacts/import", web.CommsTeam, s.importContacts)
	s.Route(r, fiber.MethodPost, "/contacts/import/preview", web.CommsTeam, s.previewContacts)
	s.Route(r, fiber.MethodGet, "/contacts", web.CommsTeam, s.listContacts)
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
	LeftAt         *time.Time `json:"left_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toContact(c *models.Contact) ContactResponse {
	return ContactResponse{ID: c.ID, Email: c.Email, Name: c.Name, OrganisationID: c.OrganisationID,
		StaffGroup: c.StaffGroup, JobRole: c.JobRole, AreaOfWork: c.AreaOfWork, ExternalID: c.ExternalID, UnsubscribedAt: c.UnsubscribedAt,
		Suppressed: c.Suppressed, LeftAt: c.LeftAt, UpdatedAt: c.UpdatedAt}
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
	f := peoplemodel.ContactFilter{OrganisationID: org, StaffGroup: group, Query: strings.Clone(c.Query("q"))}
	items, total, err := s.db.ListContacts(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	out := make([]ContactResponse, len(items))
	for i := range items {
		out[i] = toContact(&items[i])
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": page.Page, "per_page": page.PerPage})
}
