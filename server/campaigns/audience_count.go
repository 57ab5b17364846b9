package campaigns

import (
	"github.com/gofiber/fiber/v2"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

// registerAudienceCountRoutes registers the live count of a campaign's audience, under
// /contacts because it counts contacts.
func (s *Area) registerAudienceCountRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/contacts/count", web.CommsTeam, s.countAudience)
}

type audienceRequest struct {
	Kind     string                  `json:"kind"`
	Audience *campaignmodel.Audience `json:"audience"`
}

type orgCount struct {
	OrganisationID *uint `json:"organisation_id"`
	Recipients     int64 `json:"recipients"`
}

type AudienceCountResponse struct {
	Recipients     int64      `json:"recipients"`
	ByOrganisation []orgCount `json:"by_organisation"`
}

func toAudienceCount(a *campaignmodel.AudienceCount) AudienceCountResponse {
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
	if req.Kind != "" {
		if err := campaignmodel.CheckKind(req.Kind); err != nil {
			return err
		}
	}
	var a campaignmodel.Audience
	if req.Audience != nil {
		a = *req.Audience
	}
	n, err := s.db.CountAudience(c.UserContext(), a, req.Kind)
	if err != nil {
		return err
	}
	return c.JSON(toAudienceCount(n))
}
