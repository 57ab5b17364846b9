package campaigns

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerCampaignRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/campaigns", web.CommsTeam, s.listCampaigns)
	s.Route(r, fiber.MethodPost, "/campaigns", web.CommsTeam, s.createCampaign)
	s.Route(r, fiber.MethodGet, "/campaigns/:id", web.CommsTeam, s.getCampaign)
	s.Route(r, fiber.MethodPatch, "/campaigns/:id", web.CommsTeam, s.updateCampaign)
	s.Route(r, fiber.MethodGet, "/campaigns/:id/recipients", web.CommsTeam, s.listCampaignRecipients)
	s.registerCampaignActionRoutes(r)
	s.registerCampaignPreviewRoutes(r)
	s.Route(r, fiber.MethodPost, "/webhooks/sendgrid", web.PublicSigned, s.webhookPrecheck, s.sendgridWebhook)
}

type campaignRequest struct {
	Name         *string                 `json:"name"`
	Subject      *string                 `json:"subject"`
	BodyMarkdown *string                 `json:"body_markdown"`
	Kind         *string                 `json:"kind"`
	Audience     *campaignmodel.Audience `json:"audience"`
}

func (r campaignRequest) input() campaignmodel.CampaignInput {
	return campaignmodel.CampaignInput{Name: r.Name, Subject: r.Subject, BodyMarkdown: r.BodyMarkdown, Kind: r.Kind, Audience: r.Audience}
}

func (s *Area) createCampaign(c *fiber.Ctx) error {
	var req campaignRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("name", req.Name, "subject", req.Subject, "body_markdown", req.BodyMarkdown); err != nil {
		return err
	}
	camp, err := s.db.CreateCampaign(c.UserContext(), web.CurrentUser(c).ID, req.input())
	if err != nil {
		return err
	}
	out, err := s.campaignView(c.UserContext(), camp, web.CurrentUser(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Area) updateCampaign(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req campaignRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	camp, err := s.db.UpdateCampaign(c.UserContext(), id, web.CurrentUser(c).ID, req.input())
	if err != nil {
		return err
	}
	return s.renderCampaign(c, camp)
}

func (s *Area) getCampaign(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	camp, err := s.db.GetCampaign(c.UserContext(), id)
	if err != nil {
		return err
	}
	return s.renderCampaign(c, camp)
}

func (s *Area) renderCampaign(c *fiber.Ctx, camp *campaignmodel.Campaign) error {
	out, err := s.campaignView(c.UserContext(), camp, web.CurrentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

type campaignSummary struct {
	ID        uint       `json:"id"`
	Name      string     `json:"name"`
	Subject   string     `json:"subject"`
	Kind      string     `json:"kind"`
	Status    string     `json:"status"`
	AuthorID  uint       `json:"author_id"`
	SendAt    *time.Time `json:"send_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func (s *Area) listCampaigns(c *fiber.Ctx) error {
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	items, total, err := s.db.ListCampaigns(c.UserContext(), page)
	if err != nil {
		return err
	}
	out := make([]campaignSummary, len(items))
	for i, m := range items {
		out[i] = campaignSummary{ID: m.ID, Name: m.Name, Subject: m.Subject, Kind: m.Kind, Status: m.Status,
			AuthorID: m.AuthorID, SendAt: m.SendAt, UpdatedAt: m.UpdatedAt}
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": page.Page, "per_page": page.PerPage})
}

type RecipientResponse struct {
	ID             uint       `json:"id"`
	Email          string     `json:"email"`
	Name           string     `json:"name"`
	OrganisationID *uint      `json:"organisation_id"`
	StaffGroup     string     `json:"staff_group"`
	State          string     `json:"state"`
	Error          string     `json:"error"`
	SentAt         *time.Time `json:"sent_at"`
}

// listCampaignRecipients lists recipients, optionally in one state (?state=unsettled), so
// the people a failed or unsettled batch concerns are named, not just counted.
func (s *Area) listCampaignRecipients(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	state := c.Query("state")
	states := []string{campaignmodel.RecipientQueued, campaignmodel.RecipientSending, campaignmodel.RecipientSent, campaignmodel.RecipientFailed,
		campaignmodel.RecipientUnknown, campaignmodel.RecipientUnsettled, campaignmodel.RecipientCancelled}
	if state != "" && !slices.Contains(states, state) {
		return &models.Error{Code: models.EBADREQUEST, Field: "state", Message: "state must be queued, sending, sent, failed, unknown, unsettled or cancelled"}
	}
	items, total, err := s.db.CampaignRecipientsIn(c.UserContext(), id, state, page)
	if err != nil {
		return err
	}
	out := make([]RecipientResponse, len(items))
	for i, r := range items {
		out[i] = RecipientResponse{ID: r.ID, Email: r.Email, Name: r.Name, OrganisationID: r.OrganisationID,
			StaffGroup: r.StaffGroup, State: r.State, Error: r.Error, SentAt: r.SentAt}
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": page.Page, "per_page": page.PerPage})
}

// wakeDispatcher asks this instance's dispatcher to look for work now.
func (s *Area) WakeDispatcher() {
	if s.Dispatcher != nil {
		s.Dispatcher.Wake()
	}
}
