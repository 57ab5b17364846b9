package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/decisions"
)

// demoDecision is one entry of the demo decision register and what informed it.
type demoDecision struct {
	in      decisions.Input
	themes  []string // theme links (demo feedback tags)
	poll    bool     // link the first demo poll
	session bool     // link the first demo session
	publish bool
}

var demoDecisions = []demoDecision{
	{in: decisions.Input{Title: ptr("Allergies stay in view on every medication screen"),
		Question:  ptr("How do we stop prescribers missing a patient's allergies in the new EPR?"),
		Options:   &[]string{"Pin the allergy banner to every medication screen", "Show a pop-up before each new prescription", "Leave the banner as supplied"},
		Decided:   ptr("The allergy banner is pinned to the top of every medication screen, and prescribing without recorded allergy status needs a reason."),
		Rationale: ptr("Staff told us the banner scrolled out of sight; a pop-up on every order would be clicked through. Hazard H-014 is closed by this change."),
		DecidedBy: ptr("Clinical design authority"), DecidedOn: ptr("2026-11-18"), Status: ptr(decisions.StatusDecided),
		EPRRef: ptr("CR-0142 (release 2.3)"), Themes: &[]string{"allergies", "prescribing"}},
		themes: []string{"allergies"}, publish: true},
	{in: decisions.Input{Title: ptr("Training is recorded for night and bank staff"),
		Question:  ptr("How do staff who cannot come to daytime sessions get trained before go-live?"),
		Options:   &[]string{"Record every classroom session", "Run extra night sessions", "E-learning only"},
		Decided:   ptr("Every classroom session is recorded and on the intranet within two days; bank staff book and are paid for training through the staffing app."),
		Rationale: ptr("Night and bank staff were the groups least reached by training, and the workshop poll put recordings first."),
		DecidedBy: ptr("Programme board"), DecidedOn: ptr("2026-11-25"), Status: ptr(decisions.StatusDecided),
		EPRRef: ptr("TR-007"), Themes: &[]string{"night shifts", "bank staff"}},
		themes: []string{"night shifts", "recordings", "bank staff"}, poll: true, session: true, publish: true},
	{in: decisions.Input{Title: ptr("Neonatal weights entered in grams"),
		Question: ptr("Should weights for neonates be entered in grams rather than kilograms?"),
		Options:  &[]string{"Grams for patients under 28 days", "Kilograms to three decimal places"},
		Status:   ptr(decisions.StatusProposed), DecidedBy: ptr("Clinical design authority"),
		EPRRef: ptr("CR-0157"), Themes: &[]string{"paediatrics"}},
		themes: []string{"paediatrics"}},
}

// seedDecisions fills the decision register: two published decisions linked to the demo
// feedback's themes (one also to a workshop poll and a session) and one still proposed.
// Publishing here mails nobody: the store returns who to tell, and only the server sends.
func seedDecisions(ctx context.Context, store *models.Store, _ *rand.Rand) error {
	ds := decisions.Of(store)
	var pollID, sessionID uint
	store.DB.WithContext(ctx).Raw("SELECT id FROM polls ORDER BY id LIMIT 1").Scan(&pollID)
	store.DB.WithContext(ctx).Raw("SELECT id FROM engagement_sessions ORDER BY id LIMIT 1").Scan(&sessionID)
	for _, dd := range demoDecisions {
		d, err := ds.CreateDecision(ctx, dd.in, decisions.Editor{Name: "Demo"})
		if err != nil {
			return fmt.Errorf("decision %q: %w", *dd.in.Title, err)
		}
		links := []decisions.LinkInput{}
		for _, th := range dd.themes {
			links = append(links, decisions.LinkInput{Kind: decisions.KindTheme, Theme: th})
		}
		if dd.poll && pollID != 0 {
			links = append(links, decisions.LinkInput{Kind: decisions.KindPoll, ID: pollID})
		}
		if dd.session && sessionID != 0 {
			links = append(links, decisions.LinkInput{Kind: decisions.KindSession, ID: sessionID})
		}
		for _, l := range links {
			if _, err := ds.AddLink(ctx, d.ID, l); err != nil {
				return fmt.Errorf("decision %q link: %w", d.Title, err)
			}
		}
		if dd.publish {
			if _, _, err := ds.PublishDecision(ctx, d.ID); err != nil {
				return fmt.Errorf("publish %q: %w", d.Title, err)
			}
		}
	}
	return nil
}
