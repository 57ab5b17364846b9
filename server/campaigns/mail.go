package campaigns

import (
	"context"
	"strconv"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
)

// campaignURL is the campaign's page in the SPA.
func (s *Area) campaignURL(id uint) string {
	return s.Cfg.BaseURL + "/campaigns/" + strconv.FormatUint(uint64(id), 10)
}

// campaignChanged is the one seam for what follows a campaign's status change: whoever
// must act next is emailed. Only the request whose conditional update made the change
// calls it, so each submission and each decision is mailed once, on whichever instance
// won; a retried request meets a conflict and mails nobody. Who is asked is decided here,
// in the request, from the audience the change was made on: contacts imported a moment
// later are a new hold's to ask about, not this submission's (else both would ask them).
func (s *Area) campaignChanged(ctx context.Context, c *campaignmodel.Campaign, actor models.Person, comment string) {
	switch c.Status {
	case campaignmodel.CampaignSubmitted:
		approvers, err := s.db.ApproversToAsk(ctx, c)
		if err != nil {
			s.Log.Error("campaign approval mail: finding the approvers", "campaign", c.ID, "err", err)
			return
		}
		s.Background("campaign-approval-mail", func(ctx context.Context) error { return s.mailApprovers(ctx, c, approvers) })
	case campaignmodel.CampaignApproved, campaignmodel.CampaignReturned:
		s.Background("campaign-decision-mail", func(ctx context.Context) error { return s.mailDecision(ctx, c, actor, comment) })
	}
}

// mailApprovers asks each person who must act on a submitted campaign to review it.
func (s *Area) mailApprovers(ctx context.Context, c *campaignmodel.Campaign, approvers []campaignmodel.Approver) error {
	author := s.personName(ctx, c.AuthorID)
	count, err := s.db.CountAudience(ctx, c.Audience, c.Kind)
	if err != nil {
		return err
	}
	orgNames := map[uint]string{} // approvers of one organisation share one lookup
	for _, a := range approvers {
		d := notifications.CampaignApprovalData{Name: a.Person.Name, Campaign: c.Name, Subject: c.Subject, Author: author,
			Recipients: int(count.Total), Link: s.campaignURL(c.ID)}
		if len(a.Organisations) > 0 {
			id := a.Organisations[0]
			if _, seen := orgNames[id]; !seen {
				if o, err := s.Store.GetOrganisation(ctx, id); err == nil {
					orgNames[id] = o.Name
				} else {
					orgNames[id] = ""
				}
			}
			d.Organisation = orgNames[id]
		}
		if err := s.sendTemplate(ctx, "campaign_approval", a.Person, d); err != nil {
			return err
		}
	}
	return nil
}

// mailDecision tells the author their campaign is approved, or returned with the comment.
func (s *Area) mailDecision(ctx context.Context, c *campaignmodel.Campaign, approver models.Person, comment string) error {
	author, err := s.Store.GetPerson(ctx, c.AuthorID)
	if err != nil {
		return err
	}
	d := notifications.CampaignDecisionData{Name: author.Name, Campaign: c.Name, Approver: approver.Name,
		Approved: c.Status == campaignmodel.CampaignApproved, Comment: comment, Link: s.campaignURL(c.ID)}
	if d.Approver == "" {
		d.Approver = approver.Email
	}
	return s.sendTemplate(ctx, "campaign_decision", *author, d)
}

// sendTemplate renders email name for one person and sends it.
func (s *Area) sendTemplate(ctx context.Context, name string, to models.Person, data any) error {
	m, err := s.Emails.NewMessage(name, to.Email, to.Name, data)
	if err != nil {
		return err
	}
	m.Categories = []string{name}
	return s.Mail.Send(ctx, m)
}

// personName is a person's name, their email when they have none, or "A colleague".
func (s *Area) personName(ctx context.Context, id uint) string {
	p, err := s.Store.GetPerson(ctx, id)
	switch {
	case err != nil:
		return "A colleague"
	case p.Name != "":
		return p.Name
	}
	return p.Email
}
