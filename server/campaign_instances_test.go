package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/web"
)

// TestTwoInstancesSendOneCampaignOnce runs two servers, each with its own connection pool
// and dispatcher, on one Postgres database. Both claim batches of the same campaign at
// once (FOR UPDATE SKIP LOCKED); every recipient must still get exactly one email.
func TestTwoInstancesSendOneCampaignOnce(t *testing.T) {
	t.Parallel()
	if !storetest.Postgres() {
		t.Skip("two instances share a database only on Postgres (set CONFER_TEST_POSTGRES)")
	}
	const n = 4000
	url := storetest.NewDatabaseURL(t)
	open := func() *models.Store {
		s, err := models.Open(context.Background(), models.OpenOptions{DatabaseURL: url, MaxConns: 8})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	fake := sendgridfake.New(t, sendgridfake.Options{Latency: 30 * time.Millisecond})
	small := func(c *web.Config) { c.Campaign.BatchSize = 50; c.Campaign.Concurrency = 6 }
	a := newSendGridEnv(t, fake, open(), small)
	b := newSendGridEnv(t, fake, open(), small)
	author, _ := a.userToken(models.RoleComms, 0)
	admin, _ := a.userToken(models.RoleAdmin, 0)
	a.importCSV(author, contactsCSV(n, ""))
	c := a.approvedCampaign(author, admin, newsletter("Both", "S", "B"))
	a.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	b.srv.campaign.WakeDispatcher()
	done := b.waitStatus(author, c.ID, campaigns.CampaignSent, 60*time.Second)

	if done.Stats.Sent != n || fake.Messages() != n {
		t.Fatalf("stats %+v, fake accepted %d; want %d", done.Stats, fake.Messages(), n)
	}
	for i := range n {
		if got := fake.MessagesTo(fmt.Sprintf("person%d@staff.example", i)); got != 1 {
			t.Fatalf("person%d received %d emails, want 1", i, got)
		}
	}
	// Both instances took part, or the test proved nothing.
	if sa, sb := a.srv.campaign.Dispatcher.BatchesAccepted(), b.srv.campaign.Dispatcher.BatchesAccepted(); sa == 0 || sb == 0 || sa+sb != n/50 {
		t.Errorf("instance A sent %d batches, B %d; want both to share %d", sa, sb, n/50)
	}
	if len(fake.Accepted()) != n/50 {
		t.Errorf("%d requests accepted, want %d", len(fake.Accepted()), n/50)
	}
}
