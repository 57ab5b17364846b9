package campaigns

import (
	"context"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
)

// campaignProblem is one reason SendGrid dropped some of a campaign's emails that lies on
// our side (over quota, content flagged as spam, a bad header): those people were not
// suppressed, and the advice says what to do.
type campaignProblem struct {
	Reason     string `json:"reason"`
	Recipients int64  `json:"recipients"`
	Advice     string `json:"advice"`
}

// dropAdvice says what to do about each sender-side reason SendGrid documents.
var dropAdvice = map[string]string{
	"recipient list over package quota": "The SendGrid account ran over its sending quota. Nobody was unsubscribed or suppressed: raise the quota, then send a new campaign to the people it missed.",
	"spam content":                      "SendGrid's spam checker refused the content. Nobody was suppressed: reword the email and send it again.",
	"invalid smtpapi header":            "SendGrid could not read a header Confer sent. Nobody was suppressed: tell whoever runs Confer, with the campaign's number.",
}

const unknownDropAdvice = "SendGrid dropped these emails for a reason Confer does not know. Nobody was suppressed: check the SendGrid activity feed for this campaign."

func (s *Area) campaignProblems(ctx context.Context, c *campaignmodel.Campaign, out *CampaignResponse) error {
	drops, err := s.db.CampaignDrops(ctx, c.ID)
	if err != nil {
		return err
	}
	out.Problems = make([]campaignProblem, 0, len(drops))
	for _, d := range drops {
		advice, ok := dropAdvice[campaignmodel.DropReasonKey(d.Reason)]
		if !ok {
			advice = unknownDropAdvice
		}
		out.Problems = append(out.Problems, campaignProblem{Reason: d.Reason, Recipients: d.Recipients, Advice: advice})
	}
	return nil
}
