package readiness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
)

// SendInput is who a pulse goes to and, optionally, the email's own words.
type SendInput struct {
	Audience     campaigns.Audience
	Subject      string
	BodyMarkdown string
}

// SendPulse makes the campaign that sends a pulse: a newsletter to the audience, carrying
// the pulse (each recipient's {{pulse_link}}), through the campaigns area's own
// CreateCampaign. It then asks for approval, as far as the campaign rules let its author
// go: an author never approves their own campaign, so the organisations it reaches (or an
// admin) approve it and send it from the campaign's page. An audience that reaches nobody
// stays a draft. The campaign and whether it was submitted are returned.
func (s *Store) SendPulse(ctx context.Context, id, by uint, in SendInput) (*campaigns.Campaign, error) {
	p, err := s.GetPulse(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.State(time.Now()) == PulseClosed {
		return nil, models.Conflict("closes_at", "This pulse has closed, so it cannot be sent")
	}
	subject, body := strings.TrimSpace(in.Subject), strings.TrimSpace(in.BodyMarkdown)
	if subject == "" {
		subject = p.Title
	}
	if body == "" {
		body = DefaultBody(p)
	} else if !strings.Contains(strings.ReplaceAll(body, " ", ""), "{{pulse_link}}") {
		return nil, models.Invalid("body_markdown", "The email must include {{pulse_link}}, each person's own link to the questions")
	}
	name := "Pulse: " + p.Title
	if len([]rune(name)) > 200 {
		name = string([]rune(name)[:200])
	}
	kind := campaigns.KindNewsletter
	cs := campaigns.Of(s.Store)
	c, err := cs.CreateCampaign(ctx, by, campaigns.CampaignInput{Name: &name, Subject: &subject, BodyMarkdown: &body,
		Kind: &kind, Audience: &in.Audience, PulseID: &p.ID})
	if err != nil {
		return nil, err
	}
	count, err := cs.CountAudience(ctx, c.Audience, c.Kind)
	if err != nil || count.Total == 0 {
		return c, err // a draft: the audience reaches nobody yet
	}
	return cs.SubmitCampaign(ctx, c.ID)
}

// DefaultBody is the email a pulse goes out with unless the comms team writes their own.
func DefaultBody(p *Pulse) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear {{first_name}},\n\n")
	if p.Intro != "" {
		b.WriteString(p.Intro + "\n\n")
	} else {
		fmt.Fprintf(&b, "We would like to know how you feel about go-live. There %s and it takes a few minutes.\n\n",
			plural(len(p.Questions), "is 1 question", "are %d questions"))
	}
	fmt.Fprintf(&b, "[Answer the questions]({{pulse_link}})\n\n")
	fmt.Fprintf(&b, "This link is yours alone, so please do not forward it. You can change your answers until %s.\n\n",
		ClosingWords(p.ClosesAt))
	b.WriteString("Thank you.")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}

// ClosingWords is a time as the NHS style guide writes it, in Europe/London: "5pm on
// Friday 19 March 2027", "2:30pm on …", "midday on …", "midnight on …" (the midnight that
// ends the day before).
func ClosingWords(t time.Time) string {
	l := t.In(models.London())
	day := l
	var clock string
	switch {
	case l.Hour() == 0 && l.Minute() == 0:
		clock, day = "midnight", l.Add(-time.Minute)
		return clock + " at the end of " + day.Format("Monday 2 January 2006")
	case l.Hour() == 12 && l.Minute() == 0:
		clock = "midday"
	case l.Minute() == 0:
		clock = l.Format("3pm")
	default:
		clock = l.Format("3:04pm")
	}
	return clock + " on " + day.Format("Monday 2 January 2006")
}
