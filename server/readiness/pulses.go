package readiness

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	readinessmodel "github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/server/web"
)

// pulseRoutes registers the team's pulse routes and the public personal and open links.
// The comms team (admin and comms) makes and sends pulses, as they do campaigns; the
// whole team reads them and their results.
func (s *Area) pulseRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/pulses", web.Team, s.listPulses)
	s.Route(r, fiber.MethodPost, "/pulses", web.CommsTeam, s.createPulse)
	s.Route(r, fiber.MethodGet, "/pulses/trend", web.Team, s.pulseTrend)
	s.Route(r, fiber.MethodGet, "/pulses/:id", web.Team, s.getPulse)
	s.Route(r, fiber.MethodPost, "/pulses/:id/send", web.CommsTeam, s.sendPulse)
	s.Route(r, fiber.MethodPost, "/pulses/:id/open-link", web.CommsTeam, s.newOpenLink)
	s.Route(r, fiber.MethodGet, "/pulses/:id/results", web.Team, s.pulseResults)
	s.publicPulseRoutes(r)
}

// questionResponse is a question as the API shows it.
type questionResponse struct {
	ID          uint     `json:"id"`
	Position    int      `json:"position"`
	Kind        string   `json:"kind"`
	Prompt      string   `json:"prompt"`
	Options     []string `json:"options"`
	Min         int      `json:"min"`
	Max         int      `json:"max"`
	ReadyValues []int    `json:"ready_values"`
}

// PulseResponse is a pulse as the team sees it. OpenLinkURL is set only in the answer
// that made the link: the token is not kept.
type PulseResponse struct {
	ID          uint                           `json:"id"`
	Title       string                         `json:"title"`
	Intro       string                         `json:"intro"`
	MilestoneID *uint                          `json:"milestone_id"`
	OpensAt     time.Time                      `json:"opens_at"`
	ClosesAt    time.Time                      `json:"closes_at"`
	State       string                         `json:"state"`
	HasOpenLink bool                           `json:"has_open_link"`
	OpenLinkURL string                         `json:"open_link_url,omitempty"`
	Questions   []questionResponse             `json:"questions"`
	Campaigns   []readinessmodel.PulseCampaign `json:"campaigns"`
	Answered    readinessmodel.Answered        `json:"answered"`
	CreatedAt   time.Time                      `json:"created_at"`
}

func questionsOf(p *readinessmodel.Pulse) []questionResponse {
	out := make([]questionResponse, len(p.Questions))
	for i, q := range p.Questions {
		out[i] = questionResponse{ID: q.ID, Position: q.Position, Kind: q.Kind, Prompt: q.Prompt,
			Options: q.OptionList(), Min: q.Min, Max: q.Max, ReadyValues: q.Ready()}
	}
	return out
}

// pulseViews renders pulses with their campaigns and answer counts (two queries for all).
func (s *Area) pulseViews(c *fiber.Ctx, pulses []readinessmodel.Pulse) ([]PulseResponse, error) {
	ids := make([]uint, len(pulses))
	for i, p := range pulses {
		ids[i] = p.ID
	}
	answered, err := s.db.AnsweredCounts(c.UserContext(), ids)
	if err != nil {
		return nil, err
	}
	camps, err := s.db.PulseCampaigns(c.UserContext(), ids)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]PulseResponse, len(pulses))
	for i := range pulses {
		p := &pulses[i]
		out[i] = PulseResponse{ID: p.ID, Title: p.Title, Intro: p.Intro, MilestoneID: p.MilestoneID, OpensAt: p.OpensAt,
			ClosesAt: p.ClosesAt, State: p.State(now), HasOpenLink: p.OpenTokenHash != "", Questions: questionsOf(p),
			Campaigns: camps[p.ID], Answered: answered[p.ID], CreatedAt: p.CreatedAt}
		if out[i].Campaigns == nil {
			out[i].Campaigns = []readinessmodel.PulseCampaign{}
		}
	}
	return out, nil
}

func (s *Area) listPulses(c *fiber.Ctx) error {
	pulses, err := s.db.ListPulses(c.UserContext())
	if err != nil {
		return err
	}
	out, err := s.pulseViews(c, pulses)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out})
}

func (s *Area) getPulse(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.GetPulse(c.UserContext(), id)
	if err != nil {
		return err
	}
	out, err := s.pulseViews(c, []readinessmodel.Pulse{*p})
	if err != nil {
		return err
	}
	return c.JSON(out[0])
}

// createRequest is a new pulse; times are RFC 3339 (parsed here so a bad one names its field).
type createRequest struct {
	Title       string                         `json:"title"`
	Intro       string                         `json:"intro"`
	MilestoneID *uint                          `json:"milestone_id"`
	OpensAt     string                         `json:"opens_at"`
	ClosesAt    string                         `json:"closes_at"`
	OpenLink    bool                           `json:"open_link"`
	Questions   []readinessmodel.QuestionInput `json:"questions"`
}

func (r createRequest) input() (readinessmodel.PulseInput, error) {
	in := readinessmodel.PulseInput{Title: r.Title, Intro: r.Intro, MilestoneID: r.MilestoneID, Questions: r.Questions}
	var err error
	if in.OpensAt, err = parseTime("opens_at", r.OpensAt); err != nil {
		return in, err
	}
	in.ClosesAt, err = parseTime("closes_at", r.ClosesAt)
	return in, err
}

func parseTime(field, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, models.Invalid(field, "%s must be a time such as 2027-03-19T17:00:00Z", field)
	}
	return t.UTC(), nil
}

func (s *Area) createPulse(c *fiber.Ctx) error {
	var req createRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	p, raw, err := s.db.CreatePulse(c.UserContext(), web.CurrentUser(c).ID, in, req.OpenLink)
	if err != nil {
		return err
	}
	out, err := s.pulseViews(c, []readinessmodel.Pulse{*p})
	if err != nil {
		return err
	}
	if raw != "" {
		out[0].OpenLinkURL = s.openLinkURL(raw)
	}
	web.AuditSummary(c, "pulse %d: %s", p.ID, p.Title)
	return c.Status(fiber.StatusCreated).JSON(out[0])
}

func (s *Area) openLinkURL(raw string) string { return s.Cfg.BaseURL + "/pulse/open/" + raw }

// newOpenLink makes a new open link for the pulse; the old one stops working.
func (s *Area) newOpenLink(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	raw, err := s.db.NewOpenLink(c.UserContext(), id)
	if err != nil {
		return err
	}
	web.AuditSummary(c, "new open link for pulse %d", id)
	return c.JSON(fiber.Map{"open_link_url": s.openLinkURL(raw)})
}

// sendRequest is who a pulse goes to.
type sendRequest struct {
	OrganisationIDs []uint   `json:"organisation_ids"`
	StaffGroups     []string `json:"staff_groups"`
	JobRoles        []string `json:"job_roles"`
	Subject         string   `json:"subject"`
	BodyMarkdown    string   `json:"body_markdown"`
}

// sendPulse makes the pulse's campaign and submits it for approval (see SendPulse):
// campaign_status says how far it went, and approval_needed whether someone else must
// now approve it on the campaign's page.
func (s *Area) sendPulse(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req sendRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	in := readinessmodel.SendInput{Subject: req.Subject, BodyMarkdown: req.BodyMarkdown,
		Audience: campaignmodel.Audience{OrganisationIDs: req.OrganisationIDs, StaffGroups: req.StaffGroups, JobRoles: req.JobRoles}}
	camp, err := s.db.SendPulse(c.UserContext(), id, web.CurrentUser(c).ID, in)
	if err != nil {
		return err
	}
	if camp.Status == campaignmodel.CampaignSubmitted {
		s.askApprovers(c.UserContext(), camp)
	}
	web.AuditSummary(c, "pulse %d: campaign %d is %s", id, camp.ID, camp.Status)
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"campaign_id": camp.ID, "campaign_status": camp.Status,
		"approval_needed": camp.Status == campaignmodel.CampaignSubmitted, "message": sendMessage(camp.Status)})
}

// sendMessage says in words what happens next.
func sendMessage(status string) string {
	switch status {
	case campaignmodel.CampaignSubmitted:
		return "The email is waiting for approval. Someone else from the organisations it reaches, or an admin, must approve it before it can be sent."
	case campaignmodel.CampaignDraft:
		return "The email is a draft: the group you chose has no contacts yet. Import contacts or choose a wider group, then submit it from the campaign page."
	}
	return "The email is " + status + "."
}

func (s *Area) pulseResults(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	res, err := s.db.PulseResults(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *Area) pulseTrend(c *fiber.Ctx) error {
	var f readinessmodel.TrendFilter
	var err error
	if f.OrganisationID, err = web.QueryUint(c, "organisation_id"); err != nil {
		return err
	}
	if f.MilestoneID, err = web.QueryUint(c, "milestone"); err != nil {
		return err
	}
	if g := c.Query("staff_group"); g != "" {
		if f.StaffGroup, err = models.ParseStaffGroup("staff_group", g); err != nil {
			return err
		}
	}
	t, err := s.db.PulseTrend(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(t)
}
