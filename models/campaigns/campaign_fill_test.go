package campaigns_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestCampaignFillTakesOnlyApprovedOrganisations: recipient rows are made in chunks while
// a campaign sends, so contacts imported meanwhile could join it. Only contacts of an
// organisation whose approval covers the campaign do; others never receive it.
func TestCampaignFillTakesOnlyApprovedOrganisations(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	org := func(code string) uint {
		name, kind := "Org "+code, "acute"
		o, err := s.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	raa, rbb := org("RAA"), org("RBB")
	contacts := func(prefix string, n int, orgID *uint) {
		for i := range n {
			c := models.Contact{Email: fmt.Sprintf("%s%d@staff.example", prefix, i), Attribution: models.Attribution{OrganisationID: orgID}}
			if err := s.DB.Create(&c).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	contacts("a", 10, &raa)
	author, err := people.Of(s).EnsureUser(ctx, "author@test.example", "Author", models.RoleComms, &raa)
	if err != nil {
		t.Fatal(err)
	}
	approver, err := people.Of(s).EnsureUser(ctx, "approver@test.example", "Approver", models.RoleComms, &raa)
	if err != nil {
		t.Fatal(err)
	}
	name, subject, body := "All staff", "Hello", "News"
	c, err := campaigns.Of(s).CreateCampaign(ctx, author.ID, campaigns.CampaignInput{Name: &name, Subject: &subject, BodyMarkdown: &body})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := campaigns.Of(s).SubmitCampaign(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if c, err = campaigns.Of(s).DecideCampaign(ctx, c.ID, approver, campaigns.DecisionApproved, ""); err != nil || c.Status != campaigns.CampaignApproved {
		t.Fatalf("approve: %+v %v", c, err)
	}
	if _, err := campaigns.Of(s).StartCampaign(ctx, c.ID, nil, 2); err != nil {
		t.Fatal(err)
	}
	// While the first chunk sends, staff of RBB (which never approved) and of no
	// organisation are imported, and more of RAA's.
	contacts("b", 5, &rbb)
	contacts("none", 3, nil)
	contacts("a-late", 4, &raa)
	for done := false; !done; {
		if done, err = campaigns.Of(s).FillCampaign(ctx, c.ID, 2); err != nil {
			t.Fatal(err)
		}
	}
	var byOrg []struct {
		OrganisationID *uint
		N              int
	}
	if err := s.DB.Model(&campaigns.CampaignRecipient{}).Select("organisation_id, COUNT(*) AS n").Where("campaign_id = ?", c.ID).
		Group("organisation_id").Scan(&byOrg).Error; err != nil {
		t.Fatal(err)
	}
	if len(byOrg) != 1 || byOrg[0].OrganisationID == nil || *byOrg[0].OrganisationID != raa || byOrg[0].N != 14 {
		for _, o := range byOrg {
			t.Errorf("organisation %v: %d recipients", o.OrganisationID, o.N)
		}
		t.Fatalf("want only RAA's 14 contacts")
	}
}
