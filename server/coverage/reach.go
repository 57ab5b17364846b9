package coverage

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/server/web"
)

type reachRequest struct {
	OrganisationID *uint  `json:"organisation_id"`
	StaffGroup     string `json:"staff_group"`
	Stage          string `json:"stage"`
	Category       string `json:"category"`
}

type ReachResponse struct {
	CampaignID uint   `json:"campaign_id"`
	URL        string `json:"url"`
}

// reachCoverageGap starts a campaign draft addressed to exactly one organisation and staff
// group, listing the upcoming sessions that suit them, and records it against the gap.
func (s *Area) reachCoverageGap(c *fiber.Ctx) error {
	var req reachRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("organisation_id", req.OrganisationID, "staff_group", req.StaffGroup); err != nil {
		return err
	}
	u := web.CurrentUser(c)
	id, err := s.db.ReachCoverageGap(c.UserContext(), u.ID, coveragemodel.ReachInput{OrganisationID: *req.OrganisationID,
		StaffGroup: req.StaffGroup, Stage: req.Stage, Category: req.Category, BaseURL: s.Cfg.BaseURL})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ReachResponse{CampaignID: id, URL: "/campaigns/" + strconv.FormatUint(uint64(id), 10)})
}
