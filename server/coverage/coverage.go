package coverage

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerCoverageRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/coverage", web.Team, s.getCoverage)
	s.Route(r, fiber.MethodGet, "/coverage/targets", web.Team, s.listCoverageTargets)
	s.Route(r, fiber.MethodPut, "/coverage/targets", web.AdminOnly, s.putCoverageTargets)
	s.Route(r, fiber.MethodPost, "/coverage/reach", web.CommsTeam, s.reachCoverageGap)
	s.Route(r, fiber.MethodGet, "/programme", web.Public, s.getProgramme)
	s.Route(r, fiber.MethodGet, "/evidence-pack", web.CommsTeam, s.getEvidencePack)
	s.Route(r, fiber.MethodGet, "/evidence-pack/report", web.CommsTeam, s.getEvidenceReport)
}

// coverageFilter reads ?category=&from=&to=.
func coverageFilter(c *fiber.Ctx) (coveragemodel.CoverageFilter, error) {
	from, to, err := coveragemodel.ParsePeriod(c.Query("from"), c.Query("to"))
	if err != nil {
		return coveragemodel.CoverageFilter{}, err
	}
	return coveragemodel.CoverageFilter{Category: c.Query("category"), From: from, To: to}, nil
}

func (s *Area) getCoverage(c *fiber.Ctx) error {
	f, err := coverageFilter(c)
	if err != nil {
		return err
	}
	r, err := s.db.Coverage(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(toCoverage(r))
}

// targetRequest is one target as PUT states it. It is the shape GET returns, so a client
// can put back what it read: ID is read-only and ignored (the list is replaced as a whole
// and every target gets a new id).
type targetRequest struct {
	ID             *uint    `json:"id"`
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

// decodeTargets reads {"targets": [...]} or the bare list GET returns.
func decodeTargets(c *fiber.Ctx) ([]targetRequest, error) {
	if b := bytes.TrimSpace(c.Body()); len(b) > 0 && b[0] == '[' {
		var list []targetRequest
		if err := web.DecodeJSON(c, &list); err != nil {
			return nil, err
		}
		return list, nil
	}
	var req targetsRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return nil, err
	}
	if req.Targets == nil {
		return nil, models.Invalid("targets", "targets is required: a list, empty to clear every target")
	}
	return *req.Targets, nil
}

func (s *Area) listCoverageTargets(c *fiber.Ctx) error {
	ts, err := s.db.ListCoverageTargets(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(toTargets(ts))
}

func (s *Area) putCoverageTargets(c *fiber.Ctx) error {
	list, err := decodeTargets(c)
	if err != nil {
		return err
	}
	in := make([]coveragemodel.CoverageTargetInput, len(list))
	for i, t := range list {
		in[i] = coveragemodel.CoverageTargetInput{Stage: t.Stage, Category: t.Category, OrganisationID: t.OrganisationID,
			StaffGroup: t.StaffGroup, MinPercent: t.MinPercent, MinCount: t.MinCount}
	}
	ts, err := s.db.ReplaceCoverageTargets(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.JSON(toTargets(ts))
}
