package campaigns

import (
	"context"

	"github.com/gofiber/fiber/v2"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerCampaignPreviewRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/campaigns/:id/preview", web.CommsTeam, s.previewCampaign)
	s.Route(r, fiber.MethodGet, "/campaigns/:id/preview.html", web.CommsTeam, s.previewCampaignHTML)
	s.Route(r, fiber.MethodGet, "/campaigns/:id/audience", web.CommsTeam, s.listCampaignAudience)
}

type PreviewResponse struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

// renderPreview renders the campaign as one person would receive it: the audience member
// named by ?contact_id= (refused if the audience does not reach them), else the caller.
func (s *Area) renderPreview(c *fiber.Ctx) (*PreviewResponse, error) {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return nil, err
	}
	contactID, err := web.QueryUint(c, "contact_id")
	if err != nil {
		return nil, err
	}
	camp, err := s.db.GetCampaign(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	var p notifications.PersonalFields
	if contactID != 0 {
		ct, err := s.db.AudienceContact(c.UserContext(), camp, contactID)
		if err != nil {
			return nil, err
		}
		p = s.personalFields(c.UserContext(), camp, ct.Name, ct.StaffGroup, ct.OrganisationID)
	} else {
		u := web.CurrentUser(c)
		p = s.personalFields(c.UserContext(), camp, u.Name, u.StaffGroup, u.OrganisationID)
	}
	m, err := s.Emails.Campaign(camp)
	if err != nil {
		return nil, err
	}
	subject, text, html := m.Personalise(p)
	return &PreviewResponse{Subject: subject, Text: text, HTML: html}, nil
}

// personalFields are one person's values for a preview or test send. The unsubscribe link
// and a pulse's link go to example pages, not to anyone's subscription or answers.
func (s *Area) personalFields(ctx context.Context, camp *campaignmodel.Campaign, name, staffGroup string, org *uint) notifications.PersonalFields {
	p := notifications.PersonalFields{Name: name, StaffGroup: staffGroup, UnsubscribeURL: s.Cfg.BaseURL + "/unsubscribe/example"}
	if camp.PulseID != nil {
		p.PulseURL = s.Cfg.BaseURL + "/pulse/example"
	}
	if org != nil {
		if o, err := s.Store.GetOrganisation(ctx, *org); err == nil {
			p.Organisation = o.Name
		}
	}
	return p
}

// previewCampaign returns the email as one person would receive it: subject, plain-text
// twin and HTML.
func (s *Area) previewCampaign(c *fiber.Ctx) error {
	p, err := s.renderPreview(c)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// previewCampaignHTML serves the HTML email for the editor's sandboxed preview frame,
// under the mail preview policy (no scripts, no requests, framed only by our pages).
func (s *Area) previewCampaignHTML(c *fiber.Ctx) error {
	p, err := s.renderPreview(c)
	if err != nil {
		return err
	}
	c.Set("Content-Security-Policy", web.MailPreviewPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	return c.SendString(p.HTML)
}

// audienceMember is one person a campaign reaches, for the "preview as" picker.
type AudienceMember struct {
	ID             uint   `json:"id"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	OrganisationID *uint  `json:"organisation_id"`
	StaffGroup     string `json:"staff_group"`
}

// listCampaignAudience lists a page of the people the campaign reaches now (?q= searches
// names and emails), so an approver can preview it as one of them.
func (s *Area) listCampaignAudience(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	page, err := web.PageQuery(c)
	if err != nil {
		return err
	}
	camp, err := s.db.GetCampaign(c.UserContext(), id)
	if err != nil {
		return err
	}
	items, total, err := s.db.AudienceContacts(c.UserContext(), camp, c.Query("q"), page)
	if err != nil {
		return err
	}
	out := make([]AudienceMember, len(items))
	for i, ct := range items {
		out[i] = AudienceMember{ID: ct.ID, Name: ct.Name, Email: ct.Email, OrganisationID: ct.OrganisationID, StaffGroup: ct.StaffGroup}
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": page.Page, "per_page": page.PerPage})
}
