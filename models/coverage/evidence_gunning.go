package coverage

import (
	"fmt"
	"time"
)

// GunningPrinciple is one of the four Gunning principles of fair consultation (R v Brent
// LBC ex p Gunning, 1985; endorsed in R (Moseley) v Haringey LBC, 2014), and what the
// period's records show against it. Confer states the evidence; the board judges it.
type GunningPrinciple struct {
	Name      string
	Question  string
	Evidence  []string
	Evidenced bool
}

func measure(e *Evidence, label string) int {
	for _, m := range e.Activity {
		if m.Label == label {
			return m.Count
		}
	}
	return 0
}

func gunning(e *Evidence) []GunningPrinciple {
	cov := e.Coverage
	posts, actioned := measure(e, "Feedback posts"), measure(e, "Feedback posts actioned")
	replies := measure(e, "Team replies to feedback")
	slots, sent := measure(e, "Session times held or scheduled"), measure(e, "Campaign emails sent")
	responded := 0
	for _, t := range e.Themes {
		responded += t.Responded
	}
	p := []GunningPrinciple{
		{Name: "Proposals at a formative stage",
			Question: "Was engagement carried out while the proposals could still change?"},
		{Name: "Sufficient information",
			Question: "Were people given enough information to respond intelligently?"},
		{Name: "Adequate time",
			Question: "Did people have enough time to consider and respond?"},
		{Name: "Conscientious consideration",
			Question: "Were responses taken into account when the decision was made?"},
	}
	if actioned > 0 {
		p[0].Evidence = append(p[0].Evidence, fmt.Sprintf("%d feedback posts led to a recorded action during the period, showing the programme could still change in response.", actioned))
	}
	if len(e.YouSaid) > 0 {
		p[0].Evidence = append(p[0].Evidence, fmt.Sprintf("%d public \"you said, we did\" entries were published.", len(e.YouSaid)))
	}
	if sent > 0 {
		p[1].Evidence = append(p[1].Evidence, fmt.Sprintf("%d campaign emails were sent explaining the programme and inviting people to take part.", sent))
	}
	if slots > 0 {
		p[1].Evidence = append(p[1].Evidence, fmt.Sprintf("%d session times were held or scheduled where people could hear about the proposals and ask questions.", slots))
	}
	if cov != nil && cov.Headcount > 0 {
		p[1].Evidence = append(p[1].Evidence, fmt.Sprintf("%s of %s people on the contact list were reached by a campaign.",
			ShowCount(cov.Totals[StageReached], cov.TotalsHide[StageReached]), ShowCount(cov.Headcount, cov.HeadcountHide)))
	}
	p[2].Evidence = append(p[2].Evidence, periodWords(e))
	if slots > 0 || posts > 0 {
		p[2].Evidence = append(p[2].Evidence, fmt.Sprintf("People could respond through %d session times and %d feedback posts were received.", slots, posts))
	}
	if posts > 0 {
		p[3].Evidence = append(p[3].Evidence, fmt.Sprintf("%d team replies were written and %d posts were actioned, out of %d feedback posts.", replies, actioned, posts))
	}
	if responded > 0 {
		p[3].Evidence = append(p[3].Evidence, fmt.Sprintf("%d tagged posts across %d themes received a reply or an action.", responded, len(e.Themes)))
	}
	p[3].Evidence = append(p[3].Evidence, decisionEvidence(e)...)
	if cov != nil && len(cov.Gaps) > 0 {
		p[3].Evidence = append(p[3].Evidence, fmt.Sprintf("%d coverage gaps were flagged against the targets; %d actions were recorded to close them.", len(cov.Gaps), len(e.Actions)))
	}
	for i := range p {
		p[i].Evidenced = len(p[i].Evidence) > 0 && !(i == 2 && slots == 0 && posts == 0)
		if len(p[i].Evidence) == 0 {
			p[i].Evidence = []string{"No evidence recorded in Confer for this period."}
		}
	}
	return p
}

func periodWords(e *Evidence) string {
	switch {
	case e.From != nil && e.To != nil:
		days := int(e.To.Sub(*e.From).Hours()/24 + 0.5)
		return fmt.Sprintf("The period covered %d days (%s to %s).", days, LondonDate(*e.From), LondonDate(e.To.Add(-1)))
	case e.From != nil:
		return "The period runs from " + LondonDate(*e.From) + " to the date of this report."
	case e.To != nil:
		return "The period covers everything recorded up to " + LondonDate(e.To.Add(-1)) + "."
	}
	return "The period covers everything recorded in Confer up to the date of this report."
}

// LondonDate writes a time as a London date, "22 November 2026".
func LondonDate(t time.Time) string { return t.In(LondonZone).Format("2 January 2006") }
