package people

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerOrganisationRoutes(r fiber.Router) {
	// The list is public: booking and feedback forms let anyone pick their organisation.
	s.Route(r, fiber.MethodGet, "/organisations", web.Public, s.listOrganisations)
	s.Route(r, fiber.MethodGet, "/organisations/:id", web.Public, s.getOrganisation)
	s.Route(r, fiber.MethodPost, "/organisations", web.AdminOnly, s.createOrganisation)
	s.Route(r, fiber.MethodPatch, "/organisations/:id", web.AdminOnly, s.updateOrganisation)
	s.Route(r, fiber.MethodDelete, "/organisations/:id", web.AdminOnly, s.deleteOrganisation)
}

type OrganisationResponse struct {
	ID           uint      `json:"id"`
	Name         string    `json:"name"`
	Code         string    `json:"code"`
	Kind         string    `json:"kind"`
	EmailDomains []string  `json:"email_domains"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toOrganisation(o *models.Organisation) OrganisationResponse {
	return OrganisationResponse{ID: o.ID, Name: o.Name, Code: o.Code, Kind: o.Kind,
		EmailDomains: o.DomainList(), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

type OrganisationRequest struct {
	Name         *string   `json:"name"`
	Code         *string   `json:"code"`
	Kind         *string   `json:"kind"`
	EmailDomains *[]string `json:"email_domains"`
}

func (r OrganisationRequest) input() models.OrganisationInput {
	return models.OrganisationInput{Name: r.Name, Code: r.Code, Kind: r.Kind, EmailDomains: r.EmailDomains}
}

func (s *Area) listOrganisations(c *fiber.Ctx) error {
	orgs, err := s.Store.ListOrganisations(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]OrganisationResponse, len(orgs))
	for i := range orgs {
		out[i] = toOrganisation(&orgs[i])
	}
	return c.JSON(out)
}

func (s *Area) getOrganisation(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	o, err := s.Store.GetOrganisation(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(toOrganisation(o))
}

func (s *Area) createOrganisation(c *fiber.Ctx) error {
	var req OrganisationRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("name", req.Name, "code", req.Code, "kind", req.Kind); err != nil {
		return err
	}
	o, err := s.Store.CreateOrganisation(c.UserContext(), req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toOrganisation(o))
}

func (s *Area) updateOrganisation(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req OrganisationRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Store.UpdateOrganisation(c.UserContext(), id, req.input())
	if err != nil {
		return err
	}
	return c.JSON(toOrganisation(o))
}

func (s *Area) deleteOrganisation(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if err := s.Store.DeleteOrganisation(c.UserContext(), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
