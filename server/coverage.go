package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

func (s *Server) registerCoverageRoutes(r fiber.Router) {
	s.route(r, fiber.MethodGet, "/coverage", Team, s.getCoverage)
	s.route(r, fiber.MethodGet, "/coverage/targets", Team, s.listCoverageTargets)
	s.route(r, fiber.MethodPut, "/coverage/targets", AdminOnly, s.putCoverageTargets)
	s.route(r, fiber.MethodPost, "/coverage/reach", CommsTeam, s.reachCoverageGap)
	s.route(r, fiber.MethodGet, "/programme", Public, s.getProgramme)
	s.route(r, fiber.MethodGet, "/evidence-pack", CommsTeam, s.getEvidencePack)
	s.route(r, fiber.MethodGet, "/evidence-pack/report", CommsTeam, s.getEvidenceReport)
}

// coverageFilter reads ?category=&from=&to=.
func coverageFilter(c *fiber.Ctx) (models.CoverageFilter, error) {
	from, to, err := models.ParsePeriod(c.Query("from"), c.Query("to"))
	if err != nil {
		return models.CoverageFilter{}, err
	}
	return models.CoverageFilter{Category: c.Query("category"), From: from, To: to}, nil
}

func (s *Server) getCoverage(c *fiber.Ctx) error {
	f, err := coverageFilter(c)
	if err != nil {
		return err
	}
	r, err := s.store.Coverage(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(toCoverage(r))
}

type targetRequest struct {
	Stage          string   `json:"stage"`
	Category       string   `json:"category"`
	OrganisationID *uint    `json:"organisation_id"`
	StaffGroup     string   `json:"staff_group"`
	MinPercent     *float64 `json:"min_percent"`
	MinCount       *int     `json:"min_count"`
}

type targetsRequest struct {
	Targets *[]targetRequest `json:"targets"`
}

func (s *Server) listCoverageTargets(c *fiber.Ctx) error {
	ts, err := s.store.ListCoverageTargets(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(toTargets(ts))
}

func (s *Server) putCoverageTargets(c *fiber.Ctx) error {
	var req targetsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Targets == nil {
		return models.Invalid("targets", "targets is required: a list, empty to clear every target")
	}
	in := make([]models.CoverageTargetInput, len(*req.Targets))
	for i, t := range *req.Targets {
		in[i] = models.CoverageTargetInput{Stage: t.Stage, Category: t.Category, OrganisationID: t.OrganisationID,
			StaffGroup: t.StaffGroup, MinPercent: t.MinPercent, MinCount: t.MinCount}
	}
	ts, err := s.store.ReplaceCoverageTargets(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.JSON(toTargets(ts))
}
