package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	peoplemodel "github.com/confer-nhs/confer/models/people"
)

// contactsPerOrganisation are the staff-list contacts added to each demo organisation's
// people, so campaign audiences have a realistic size.
const contactsPerOrganisation = 120

// seedCampaigns imports the demo staff lists as contacts, adds a newsletter that went out
// last week with its delivery figures, and a draft notice awaiting approval.
func seedCampaigns(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	if err := seedContacts(ctx, store, rng); err != nil {
		return err
	}
	comms, err := store.GetPersonByEmail(ctx, CommsEmail)
	if err != nil {
		return err
	}
	admin, err := store.GetPersonByEmail(ctx, AdminEmail)
	if err != nil {
		return err
	}
	if err := seedSentNewsletter(ctx, store, rng, comms, admin); err != nil {
		return fmt.Errorf("demo newsletter: %w", err)
	}
	return seedDraftNotice(ctx, store, comms)
}

// seedContacts builds one staff-list CSV of every demo person plus more staff per
// organisation, and imports it through the same path a comms officer uses.
func seedContacts(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	people, _, err := peoplemodel.Of(store).ListPeople(ctx, peoplemodel.PersonFilter{Page: models.Page{PerPage: 500}})
	if err != nil {
		return err
	}
	orgs, err := store.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	codeByID := map[uint]string{}
	for _, o := range orgs {
		codeByID[o.ID] = o.Code
	}
	var b strings.Builder
	b.WriteString("email,name,organisation code,staff group,job role\n")
	for _, p := range people {
		code := ""
		if p.OrganisationID != nil {
			code = codeByID[*p.OrganisationID]
		}
		fmt.Fprintf(&b, "%s,%q,%s,%s,%q\n", p.Email, p.Name, code, p.StaffGroup, p.JobRole)
	}
	for _, o := range organisations {
		for i := range contactsPerOrganisation {
			first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
			group := groupFor(o.kind, rng)
			roles := jobRoles[group]
			email := fmt.Sprintf("%s.%s.%d@%s", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, "'", "")), i, o.domain)
			fmt.Fprintf(&b, "%s,%q,%s,%s,%s\n", email, first+" "+last, o.code, group, roles[rng.IntN(len(roles))])
		}
	}
	res, err := peoplemodel.Of(store).ImportContacts(ctx, []byte(b.String()))
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 {
		return fmt.Errorf("demo contacts: line %d: %s", res.Rejected[0].Line, res.Rejected[0].Reason)
	}
	return nil
}

// The demo newsletter's links, which its click events are on.
const (
	demoTrainingURL = "https://intranet.northmoor.example/epr/training"
	demoDropInURL   = "https://intranet.northmoor.example/epr/drop-ins"
)

// seedSentNewsletter approves and "sends" a newsletter: its recipient rows are marked
// accepted by SendGrid a week ago, and a plausible set of webhook events is recorded
// through the same store call the webhook uses.
func seedSentNewsletter(ctx context.Context, store *models.Store, rng *rand.Rand, comms, admin *models.Person) error {
	c, err := campaigns.Of(store).CreateCampaign(ctx, comms.ID, campaigns.CampaignInput{
		Name:    ptr("EPR programme newsletter: November"),
		Subject: ptr("{{first_name}}, your EPR go-live update for November"),
		BodyMarkdown: ptr("Dear {{first_name}},\n\nThe new electronic patient record goes live across " +
			"**{{organisation}}** in March. Here is what it means for {{staff_group}} staff.\n\n" +
			"## Training\n\n- [Book your training session](" + demoTrainingURL + ") on the intranet\n- Super-users are on every ward from February\n\n" +
			"## Tell us what you think\n\nReply to this email or come to a [drop-in session](" + demoDropInURL + ").\n\nThe EPR programme team"),
		Kind: ptr(campaigns.KindNewsletter), Audience: &campaigns.Audience{},
	})
	if err != nil {
		return err
	}
	if _, err := campaigns.Of(store).SubmitCampaign(ctx, c.ID); err != nil {
		return err
	}
	if _, err := campaigns.Of(store).DecideCampaign(ctx, c.ID, admin, campaigns.DecisionApproved, "Approved for all organisations."); err != nil {
		return err
	}
	if _, err := campaigns.Of(store).StartCampaign(ctx, c.ID, nil, 1000); err != nil {
		return err
	}
	for done := false; !done; {
		if done, err = campaigns.Of(store).FillCampaign(ctx, c.ID, 1000); err != nil {
			return err
		}
	}
	sent := time.Now().UTC().AddDate(0, 0, -7)
	db := store.DB.WithContext(ctx)
	if err := db.Model(&campaigns.CampaignRecipient{}).Where("campaign_id = ?", c.ID).
		Updates(map[string]any{"state": campaigns.RecipientSent, "sent_at": sent}).Error; err != nil {
		return err
	}
	if err := db.Model(&campaigns.Campaign{}).Where("id = ?", c.ID).
		Updates(map[string]any{"status": campaigns.CampaignSent, "started_at": sent, "finished_at": sent.Add(3 * time.Second)}).Error; err != nil {
		return err
	}
	var recipients []campaigns.CampaignRecipient
	if err := db.Where("campaign_id = ?", c.ID).Order("id").Find(&recipients).Error; err != nil {
		return err
	}
	var events []campaigns.CampaignEvent
	add := func(r campaigns.CampaignRecipient, ev string) {
		id := r.ID
		events = append(events, campaigns.CampaignEvent{SGEventID: fmt.Sprintf("demo-%d-%s", r.ID, ev), Event: ev,
			CampaignID: &c.ID, RecipientID: &id, Email: r.Email, OccurredAt: sent.Add(time.Duration(rng.IntN(72)) * time.Hour)})
	}
	for i, r := range recipients {
		if i == 0 || rng.IntN(100) < 2 { // keep the demo users' own addresses deliverable
			if r.Email != AdminEmail && r.Email != CommsEmail && r.Email != FacilitatorEmail {
				add(r, "bounce")
				continue
			}
		}
		add(r, "delivered")
		if rng.IntN(100) < 35 { // Apple Mail's privacy proxy fetches the pixel whether or not anyone reads it
			add(r, "open")
			events[len(events)-1].SGEventID += "-machine"
			events[len(events)-1].Outcome = campaigns.OutcomeMachineOpened
		}
		if rng.IntN(100) < 58 {
			add(r, "open")
			if rng.IntN(100) < 30 {
				add(r, "click")
				// Which link, without another draw, so the rest of the demo stays as it was.
				events[len(events)-1].URL = []string{demoTrainingURL, demoTrainingURL, demoDropInURL}[r.ID%3]
			}
		}
		if rng.IntN(100) < 1 && r.Email != CommsEmail {
			add(r, "unsubscribe")
		}
	}
	_, err = campaigns.Of(store).RecordEvents(ctx, events)
	return err
}

// seedDraftNotice leaves an operational notice awaiting approval, so a second user has
// something to approve.
func seedDraftNotice(ctx context.Context, store *models.Store, comms *models.Person) error {
	moorside, err := store.GetOrganisationByCode(ctx, "RMT")
	if err != nil {
		return err
	}
	c, err := campaigns.Of(store).CreateCampaign(ctx, comms.ID, campaigns.CampaignInput{
		Name:    ptr("Go-live weekend: what ward staff need to do"),
		Subject: ptr("EPR go-live at {{organisation}}: your actions for the weekend"),
		BodyMarkdown: ptr("Dear {{first_name}},\n\nThe EPR goes live at **{{organisation}}** on Saturday 6 March at 07:00.\n\n" +
			"1. Log in once before Friday with your smartcard to check your access.\n" +
			"2. Print the downtime forms for your ward.\n3. Find your floorwalker in the yellow vest.\n\n" +
			"This notice goes to every member of staff at the trust."),
		Kind:     ptr(campaigns.KindNotice),
		Audience: &campaigns.Audience{OrganisationIDs: []uint{moorside.ID}},
	})
	if err != nil {
		return err
	}
	_, err = campaigns.Of(store).SubmitCampaign(ctx, c.ID)
	return err
}
