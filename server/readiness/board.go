package readiness

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	readinessmodel "github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/server/web"
)

// boardRoutes registers the readiness board and its outreach. Every team member reads
// the board (facilitators run the training it counts); only the comms team starts a
// campaign draft and holds places from it, as with coverage's reach.
func (s *Area) boardRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/readiness", web.Team, s.getReadiness)
	s.Route(r, fiber.MethodPost, "/readiness/outreach", web.CommsTeam, s.readinessOutreach)
}

// getReadiness is one milestone's board (?milestone=) or, without one, every milestone
// with a line each.
func (s *Area) getReadiness(c *fiber.Ctx) error {
	raw := c.Query("milestone")
	now := time.Now()
	if raw == "" {
		list, err := s.db.ReadinessSummaries(c.UserContext(), now)
		if err != nil {
			return err
		}
		return c.JSON(toSummaries(list))
	}
	id, err := strconv.ParseUint(raw, 10, 32)
	if err != nil || id == 0 {
		return models.Invalid("milestone", "milestone must be a milestone's id, a positive whole number")
	}
	b, err := s.db.ReadinessBoard(c.UserContext(), uint(id), now)
	if err != nil {
		return err
	}
	return c.JSON(toBoard(b))
}

type outreachRequest struct {
	MilestoneID *uint  `json:"milestone_id"`
	StaffGroup  string `json:"staff_group"`
	HoldPlaces  bool   `json:"hold_places"`
}

// readinessOutreach is "Invite them to training": a campaign draft to exactly the
// milestone's organisation and one staff group with the training times open to them,
// and, when asked, places held for them on those sessions.
func (s *Area) readinessOutreach(c *fiber.Ctx) error {
	var req outreachRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("milestone_id", req.MilestoneID, "staff_group", req.StaffGroup); err != nil {
		return err
	}
	if req.StaffGroup == "" {
		return models.Invalid("staff_group", "staff_group is required: the invitation is addressed to one staff group")
	}
	u := web.CurrentUser(c)
	o, err := s.db.ReadinessOutreach(c.UserContext(), u.ID, readinessmodel.OutreachInput{MilestoneID: *req.MilestoneID,
		StaffGroup: req.StaffGroup, HoldPlaces: req.HoldPlaces, BaseURL: s.Cfg.BaseURL}, time.Now())
	if err != nil {
		return err
	}
	if s.PlacesChanged != nil && o.Held != nil { // the listing shows the hold; anyone it promoted is told
		ids := make([]uint, len(o.Promoted))
		for i, b := range o.Promoted {
			ids[i] = b.ID
		}
		s.PlacesChanged(c.UserContext(), ids)
	}
	web.AuditObject(c, "campaign", o.CampaignID)
	held := "no places held"
	if o.Held != nil {
		held = "places held on " + strconv.Itoa(len(o.Held.Sessions)) + " sessions"
	}
	web.AuditSummary(c, "campaign draft for milestone %d, %d training times listed, %s", *req.MilestoneID, len(o.Slots), held)
	return c.Status(fiber.StatusCreated).JSON(toOutreach(o))
}
