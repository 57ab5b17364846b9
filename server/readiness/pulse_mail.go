package readiness

import (
	"context"
	"strconv"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
)

// askApprovers emails whoever must approve a pulse's campaign just submitted, with the
// campaigns area's own "campaign_approval" email, as a submission on the campaign's page
// does (areas do not call each other's handlers, so the few lines are here too).
func (s *Area) askApprovers(ctx context.Context, c *campaignmodel.Campaign) {
	cs := campaignmodel.Of(s.Store)
	approvers, err := cs.ApproversToAsk(ctx, c)
	if err != nil {
		s.Log.Error("pulse campaign approval mail: finding the approvers", "campaign", c.ID, "err", err)
		return
	}
	s.Background("pulse-campaign-approval-mail", func(ctx context.Context) error {
		count, err := cs.CountAudience(ctx, c.Audience, c.Kind)
		if err != nil {
			return err
		}
		author := "A colleague"
		if p, err := s.Store.GetPerson(ctx, c.AuthorID); err == nil && p.Name != "" {
			author = p.Name
		} else if err == nil {
			author = p.Email
		}
		link := s.Cfg.BaseURL + "/campaigns/" + strconv.FormatUint(uint64(c.ID), 10)
		for _, a := range approvers {
			d := notifications.CampaignApprovalData{Name: a.Person.Name, Campaign: c.Name, Subject: c.Subject,
				Author: author, Recipients: int(count.Total), Link: link}
			if len(a.Organisations) > 0 {
				if o, err := s.Store.GetOrganisation(ctx, a.Organisations[0]); err == nil {
					d.Organisation = o.Name
				}
			}
			m, err := s.Emails.NewMessage("campaign_approval", a.Person.Email, a.Person.Name, d)
			if err != nil {
				return err
			}
			m.Categories = []string{"campaign_approval"}
			if err := s.Mail.Send(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
}
