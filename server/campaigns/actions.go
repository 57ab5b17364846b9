package campaigns

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

func (s *Area) registerCampaignActionRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/campaigns/:id/submit", web.CommsTeam, s.campaignAction(s.db.SubmitCampaign))
	s.Route(r, fiber.MethodPost, "/campaigns/:id/approve", web.CommsTeam, s.decideCampaign(campaignmodel.DecisionApproved))
	s.Route(r, fiber.MethodPost, "/campaigns/:id/return", web.CommsTeam, s.decideCampaign(campaignmodel.DecisionReturned))
	s.Route(r, fiber.MethodPost, "/campaigns/:id/send", web.CommsTeam, s.sendCampaign)
	s.Route(r, fiber.MethodPost, "/campaigns/:id/pause", web.CommsTeam, s.campaignAction(s.db.PauseCampaign))
	s.Route(r, fiber.MethodPost, "/campaigns/:id/resume", web.CommsTeam, s.campaignAction(s.db.ResumeCampaign))
	s.Route(r, fiber.MethodPost, "/campaigns/:id/cancel", web.CommsTeam, s.campaignAction(s.db.CancelCampaign))
	s.Route(r, fiber.MethodPost, "/campaigns/:id/test", web.CommsTeam, s.testCampaign)
	s.Route(r, fiber.MethodPost, "/campaigns/:id/resend-unsettled", web.CommsTeam, s.resendUnsettled)
}

// campaignAction wraps a status change that takes no body.
func (s *Area) campaignAction(do func(context.Context, uint) (*campaignmodel.Campaign, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		camp, err := do(c.UserContext(), id)
		if err != nil {
			return err
		}
		s.campaignChanged(c.UserContext(), camp, *web.CurrentUser(c), "")
		s.WakeDispatcher()
		web.AuditSummary(c, "status now %s", camp.Status)
		return s.renderCampaign(c, camp)
	}
}

type decisionRequest struct {
	Comment string `json:"comment"`
}

func (s *Area) decideCampaign(d string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := web.IDParam(c, "id")
		if err != nil {
			return err
		}
		var req decisionRequest
		if len(c.Body()) > 0 {
			if err := web.DecodeJSON(c, &req); err != nil {
				return err
			}
		}
		camp, err := s.db.DecideCampaign(c.UserContext(), id, web.CurrentUser(c), d, req.Comment)
		if err != nil {
			return err
		}
		if camp.Status != campaignmodel.CampaignSubmitted { // approved by everyone needed, or returned
			s.campaignChanged(c.UserContext(), camp, *web.CurrentUser(c), camp.ReturnNote)
		}
		web.AuditSummary(c, "decision %s; status now %s", d, camp.Status)
		return s.renderCampaign(c, camp)
	}
}

type sendRequest struct {
	SendAt *string `json:"send_at"` // RFC 3339; parsed here so a bad value names its field
}

func (r sendRequest) sendAt() (*time.Time, error) {
	if r.SendAt == nil || *r.SendAt == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, *r.SendAt)
	if err != nil {
		return nil, models.Invalid("send_at", "send_at must be an RFC 3339 time such as 2026-12-01T09:30:00Z")
	}
	if t.After(time.Now().AddDate(1, 0, 0)) {
		return nil, models.Invalid("send_at", "send_at must be within a year")
	}
	return &t, nil
}

func (s *Area) sendCampaign(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req sendRequest
	if len(c.Body()) > 0 {
		if err := web.DecodeJSON(c, &req); err != nil {
			return err
		}
	}
	at, err := req.sendAt()
	if err != nil {
		return err
	}
	camp, err := s.db.StartCampaign(c.UserContext(), id, at, s.Cfg.Campaign.BatchSize)
	if models.ErrorField(err) == "approval" { // held: awaiting the approval of organisations it reaches now
		if held, gerr := s.db.GetCampaign(c.UserContext(), id); gerr == nil && held.Status == campaignmodel.CampaignSubmitted {
			s.campaignChanged(c.UserContext(), held, *web.CurrentUser(c), "")
		}
	}
	if err != nil {
		return err
	}
	s.WakeDispatcher()
	web.AuditSummary(c, "status now %s", camp.Status)
	return s.renderCampaign(c, camp)
}

// testCampaign sends the campaign to the caller alone, personalised with their own details,
// with "[Test]" before the subject.
func (s *Area) testCampaign(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	u := web.CurrentUser(c)
	camp, err := s.db.GetCampaign(c.UserContext(), id)
	if err != nil {
		return err
	}
	m, err := s.Emails.Campaign(camp)
	if err != nil {
		return err
	}
	p := s.personalFields(c.UserContext(), camp, u.Name, u.StaffGroup, u.OrganisationID)
	subject, text, html := m.Personalise(p)
	msg := &notifications.Message{To: u.Email, ToName: u.Name, Subject: "[Test] " + subject, Text: text, HTML: html,
		Categories: []string{"campaign-test"}}
	if m.Newsletter {
		msg.Headers = notifications.UnsubscribeHeaders(p.UnsubscribeURL)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 30*time.Second)
	defer cancel()
	if err := s.Mail.Send(ctx, msg); err != nil {
		if models.ErrorCode(err) == models.EINTERNAL {
			s.Log.Warn("campaign test send failed", "campaign", id, "err", err)
			return models.Errorf(models.EINTERNAL, "the test email could not be sent; try again")
		}
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"sent_to": u.Email})
}
