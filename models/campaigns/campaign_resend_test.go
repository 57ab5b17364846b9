package campaigns_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

// resendFixture is a store with n contacts and a campaign approved to reach them all.
type resendFixture struct {
	t   *testing.T
	s   *models.Store
	db  *campaigns.Store
	ctx context.Context
}

func newResendFixture(t *testing.T, n int) *resendFixture {
	t.Helper()
	s := storetest.Open(t)
	f := &resendFixture{t: t, s: s, db: campaigns.Of(s), ctx: context.Background()}
	for i := range n {
		if err := s.DB.Create(&models.Contact{Email: fmt.Sprintf("r%d@staff.example", i)}).Error; err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// sending starts a new campaign to every contact in batches of size.
func (f *resendFixture) sending(name string, size int) *campaigns.Campaign {
	f.t.Helper()
	author, err := people.Of(f.s).EnsureUser(f.ctx, "author@test.example", "Author", models.RoleComms, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	admin, err := people.Of(f.s).EnsureUser(f.ctx, "admin@test.example", "Admin", models.RoleAdmin, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	subject, body := "Hello", "News"
	c, err := f.db.CreateCampaign(f.ctx, author.ID, campaigns.CampaignInput{Name: &name, Subject: &subject, BodyMarkdown: &body})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.SubmitCampaign(f.ctx, c.ID); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.db.DecideCampaign(f.ctx, c.ID, admin, campaigns.DecisionApproved, ""); err != nil {
		f.t.Fatal(err)
	}
	if c, err = f.db.StartCampaign(f.ctx, c.ID, nil, size); err != nil {
		f.t.Fatal(err)
	}
	for done := false; !done; {
		if done, err = f.db.FillCampaign(f.ctx, c.ID, size); err != nil {
			f.t.Fatal(err)
		}
	}
	return c
}

// claim leases the campaign's next batch, failing when there is none.
func (f *resendFixture) claim(id uint) *campaigns.ClaimedBatch {
	f.t.Helper()
	b, err := f.db.ClaimBatch(f.ctx, id, time.Minute)
	if err != nil || b == nil {
		f.t.Fatalf("claim: %v, %v", b, err)
	}
	return b
}

// strand makes every batch still in flight unknown (its lease ran out) and then
// unsettled (its grace passed with no event), as after a sender's death.
func (f *resendFixture) strand() {
	f.t.Helper()
	later := time.Now().UTC().Add(2 * time.Minute)
	for _, at := range []time.Time{later, later.Add(time.Hour)} {
		if _, err := f.db.RecoverExpired(f.ctx, at, time.Minute); err != nil {
			f.t.Fatal(err)
		}
	}
}

// processed records SendGrid's "processed" event for recipient, as its webhook would.
func (f *resendFixture) processed(recipient uint) {
	f.t.Helper()
	ev := campaigns.CampaignEvent{SGEventID: fmt.Sprintf("ev-%d-%d", recipient, time.Now().UnixNano()), Event: "processed",
		RecipientID: &recipient, OccurredAt: time.Now().UTC()}
	if _, err := f.db.RecordEvents(f.ctx, []campaigns.CampaignEvent{ev}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *resendFixture) stats(id uint) campaigns.CampaignStats {
	f.t.Helper()
	st, err := f.db.CampaignStats(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return *st
}

func (f *resendFixture) batchStates(id uint) map[int]string {
	f.t.Helper()
	var bs []campaigns.CampaignBatch
	if err := f.s.DB.Where("campaign_id = ?", id).Find(&bs).Error; err != nil {
		f.t.Fatal(err)
	}
	out := map[int]string{}
	for _, b := range bs {
		out[b.Seq] = b.State
	}
	return out
}

// TestResendUnsettledQueuesThemOnce: a campaign of 30 in batches of 10 loses two batches
// in flight; one of their recipients is settled by a "processed" event, so 19 stay
// unsettled. The resend queues exactly those 19 in new batches (the old ones become
// resent), sends the finished campaign again, and refuses a second resend while it is
// queued. A late event leaves its recipient out of the new batch. A resent recipient
// left unsettled again is never resent.
func TestResendUnsettledQueuesThemOnce(t *testing.T) {
	t.Parallel()
	f := newResendFixture(t, 30)
	c := f.sending("Go-live", 10)
	first := f.claim(c.ID)
	if err := f.db.CompleteBatch(f.ctx, &first.Batch); err != nil {
		t.Fatal(err)
	}
	lost := f.claim(c.ID)
	f.claim(c.ID)
	f.strand()
	f.processed(lost.Recipients[0].ID)
	if done, err := f.db.FinishIfDone(f.ctx, c.ID); err != nil || !done {
		t.Fatalf("finish: %v %v", done, err)
	}
	if st := f.stats(c.ID); st.Sent != 11 || st.Unsettled != 19 || st.Resendable != 19 || st.Resent != 0 {
		t.Fatalf("before the resend: %+v", st)
	}

	got, n, err := f.db.ResendUnsettled(f.ctx, c.ID, 10)
	if err != nil || n != 19 || got.Status != campaigns.CampaignSending || got.FinishedAt != nil {
		t.Fatalf("resend = %+v, %d, %v; want 19 queued and the campaign sending again", got, n, err)
	}
	if st := f.stats(c.ID); st.Queued != 19 || st.Unsettled != 0 || st.Resendable != 0 || st.Resent != 19 || st.Sent != 11 {
		t.Fatalf("after the resend: %+v", st)
	}
	want := map[int]string{0: "sent", 1: "resent", 2: "resent", 3: "queued", 4: "queued"}
	if bs := f.batchStates(c.ID); fmt.Sprint(bs) != fmt.Sprint(want) {
		t.Fatalf("batches = %v, want %v", bs, want)
	}
	if _, _, err := f.db.ResendUnsettled(f.ctx, c.ID, 10); models.ErrorCode(err) != models.ECONFLICT || models.ErrorField(err) != "resend" {
		t.Fatalf("a second resend while queued: %v, want a conflict on resend", err)
	}

	// SendGrid's event for one of them arrives late, before the new batch goes.
	again := f.claim(c.ID)
	late := lost.Recipients[5].ID
	if again.Batch.Seq != 3 || len(again.Recipients) != 10 {
		t.Fatalf("first resend batch: seq %d with %d recipients", again.Batch.Seq, len(again.Recipients))
	}
	if err := f.db.EndBatch(f.ctx, &again.Batch, campaigns.RecipientQueued, ""); err != nil { // SendGrid said 429
		t.Fatal(err)
	}
	f.processed(late)
	again = f.claim(c.ID)
	for _, r := range again.Recipients {
		if r.ID == late {
			t.Fatalf("recipient %d, settled by a late event, is in the resend batch", late)
		}
	}
	if len(again.Recipients) != 9 {
		t.Fatalf("resend batch has %d recipients, want 9", len(again.Recipients))
	}
	if err := f.db.CompleteBatch(f.ctx, &again.Batch); err != nil {
		t.Fatal(err)
	}
	f.claim(c.ID) // the last 9: their sender dies too
	f.strand()
	if done, err := f.db.FinishIfDone(f.ctx, c.ID); err != nil || !done {
		t.Fatalf("finish again: %v %v", done, err)
	}
	if st := f.stats(c.ID); st.Sent != 21 || st.Unsettled != 9 || st.Resendable != 0 || st.Resent != 19 {
		t.Fatalf("after the resend: %+v", st)
	}
	if _, _, err := f.db.ResendUnsettled(f.ctx, c.ID, 10); models.ErrorCode(err) != models.ECONFLICT || models.ErrorField(err) != "unsettled" {
		t.Fatalf("resending the already resent: %v, want a conflict on unsettled", err)
	}
}

// TestResendUnsettledRefusals: nothing to resend, a cancelled campaign and an unknown
// campaign are refused, each saying why.
func TestResendUnsettledRefusals(t *testing.T) {
	t.Parallel()
	f := newResendFixture(t, 20)
	c := f.sending("Quiet", 10)
	if _, _, err := f.db.ResendUnsettled(f.ctx, c.ID, 10); models.ErrorField(err) != "unsettled" || models.ErrorCode(err) != models.ECONFLICT {
		t.Fatalf("nothing unsettled: %v", err)
	}
	f.claim(c.ID)
	f.strand()
	if _, err := f.db.CancelCampaign(f.ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.db.ResendUnsettled(f.ctx, c.ID, 10); models.ErrorField(err) != "status" || models.ErrorCode(err) != models.ECONFLICT {
		t.Fatalf("cancelled: %v", err)
	}
	if st := f.stats(c.ID); st.Unsettled != 10 || st.Resent != 0 {
		t.Fatalf("a refused resend changed the recipients: %+v", st)
	}
	if _, _, err := f.db.ResendUnsettled(f.ctx, c.ID+100, 10); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("unknown campaign: %v", err)
	}
}
