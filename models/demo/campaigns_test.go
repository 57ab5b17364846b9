package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/demo"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

func TestDemoCampaigns(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	start := time.Now()
	if err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo seed took %v", time.Since(start))
	_, contacts, err := people.Of(s).ListContacts(ctx, people.ContactFilter{}, models.Page{PerPage: 1})
	if err != nil || contacts < 1300 {
		t.Fatalf("contacts: %d %v", contacts, err)
	}
	list, _, err := campaigns.Of(s).ListCampaigns(ctx, models.Page{PerPage: 10})
	if err != nil || len(list) != 2 {
		t.Fatalf("campaigns: %+v %v", list, err)
	}
	draft, sent := list[0], list[1]
	if draft.Status != campaigns.CampaignSubmitted || sent.Status != campaigns.CampaignSent {
		t.Fatalf("statuses: %s, %s", draft.Status, sent.Status)
	}
	st, err := campaigns.Of(s).CampaignStats(ctx, sent.ID)
	if err != nil || st.Sent != st.Recipients || st.Delivered == 0 || st.Opened == 0 || st.MachineOpens == 0 || st.Bounced == 0 || st.Delivered+st.Bounced != st.Recipients {
		t.Fatalf("sent newsletter stats: %+v %v", st, err)
	}
	ap, err := campaigns.Of(s).Approvals(ctx, &draft)
	if err != nil || len(ap.Required) != 1 || ap.Complete {
		t.Fatalf("draft approvals: %+v %v", ap, err)
	}
}
