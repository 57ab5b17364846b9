package server

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/web"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
)

// webhookSigner signs event deliveries with a key pair made in the test, as SendGrid does:
// ECDSA P-256 over SHA-256 of timestamp+body, ASN.1 DER, base64.
type webhookSigner struct{ key *ecdsa.PrivateKey }

func newWebhookSigner(t *testing.T) *webhookSigner {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &webhookSigner{k}
}

func (w *webhookSigner) publicKey(t *testing.T) string {
	der, err := x509.MarshalPKIXPublicKey(&w.key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

func (w *webhookSigner) sign(t *testing.T, body []byte, ts string) string {
	h := sha256.Sum256(append([]byte(ts), body...))
	sig, err := ecdsa.SignASN1(rand.Reader, w.key, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(sig)
}

// post sends events signed at time at (and with the signature from signer, if not nil).
func (e *testEnv) postEvents(signer *webhookSigner, at time.Time, events []map[string]any) resp {
	e.t.Helper()
	body, _ := json.Marshal(events)
	ts := strconv.FormatInt(at.Unix(), 10)
	headers := []string{}
	if signer != nil {
		headers = append(headers, sendgridfake.SignatureHeader, signer.sign(e.t, body, ts), sendgridfake.TimestampHeader, ts)
	}
	return e.do("POST", "/api/v1/webhooks/sendgrid", body, headers...)
}

func TestSendGridWebhookVerifiesAndIsIdempotent(t *testing.T) {
	t.Parallel()
	signer := newWebhookSigner(t)
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.Campaign.WebhookKey = signer.publicKey(t) })
	e.makeOrg("RAA")
	e.makeOrg("RBB")
	author, _ := e.userToken(models.RoleComms, 0)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(3000, "RAA", "RBB"))
	c := e.approvedCampaign(author, admin, newsletter("N", "S", "B"))
	e.do("POST", "/api/v1/campaigns/"+itoa(c.ID)+"/send", nil, "token", author)
	e.waitStatus(author, c.ID, campaignmodel.CampaignSent, 20*time.Second)

	var recipients []campaignmodel.CampaignRecipient
	if err := e.store.DB.Where("campaign_id = ?", c.ID).Order("id").Find(&recipients).Error; err != nil {
		t.Fatal(err)
	}
	// One delivery of 6,000 events: everyone delivered, everyone opened, one bounce, one
	// spam report.
	var events []map[string]any
	for i, r := range recipients {
		for _, ev := range []string{"delivered", "open"} {
			events = append(events, map[string]any{"sg_event_id": fmt.Sprintf("%s-%d", ev, i), "event": ev, "email": r.Email,
				"timestamp": time.Now().Unix(), "confer_recipient": itoa(r.ID), "confer_campaign": itoa(c.ID)})
		}
	}
	events = append(events,
		map[string]any{"sg_event_id": "b-1", "event": "bounce", "email": recipients[0].Email, "timestamp": time.Now().Unix(), "confer_recipient": itoa(recipients[0].ID)},
		map[string]any{"sg_event_id": "s-1", "event": "spamreport", "email": recipients[1].Email, "timestamp": time.Now().Unix(), "confer_recipient": itoa(recipients[1].ID)},
		map[string]any{"event": "open", "email": "no-id@x.example"}) // no sg_event_id: skipped

	other := newWebhookSigner(t)
	cases := []struct {
		name   string
		signer *webhookSigner
		at     time.Time
		status int
	}{
		{"unsigned", nil, time.Now(), http.StatusUnauthorized},
		{"bad signature", other, time.Now(), http.StatusUnauthorized},
		{"stale timestamp", signer, time.Now().Add(-10 * time.Minute), http.StatusUnauthorized},
		{"future timestamp", signer, time.Now().Add(10 * time.Minute), http.StatusUnauthorized},
	}
	for _, tc := range cases {
		if r := e.postEvents(tc.signer, tc.at, events); r.Status != tc.status {
			t.Errorf("%s: %s, want %d", tc.name, r, tc.status)
		}
	}
	if st, _ := campaignmodel.Of(e.store).CampaignStats(t.Context(), c.ID); st.Delivered != 0 {
		t.Fatalf("a refused delivery changed the stats: %+v", st)
	}
	// A tampered body with a valid signature of the original is refused too.
	body, _ := json.Marshal(events[:1])
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := signer.sign(t, body, ts)
	tampered := bytes.Replace(body, []byte("delivered"), []byte("bounce"), 1)
	if r := e.do("POST", "/api/v1/webhooks/sendgrid", tampered, sendgridfake.SignatureHeader, sig, sendgridfake.TimestampHeader, ts); r.Status != 401 {
		t.Errorf("tampered body: %s", r)
	}

	r := e.postEvents(signer, time.Now(), events)
	var got struct{ Received, New, Skipped int }
	r.JSON(t, &got)
	if r.Status != 200 || got.New != 6002 || got.Skipped != 1 {
		t.Fatalf("valid delivery: %s", r)
	}
	// The same events again (SendGrid retries deliveries): nothing new, nothing counted twice.
	r = e.postEvents(signer, time.Now(), events)
	r.JSON(t, &got)
	if r.Status != 200 || got.New != 0 {
		t.Fatalf("replayed delivery: %s", r)
	}
	var stored int64
	e.store.DB.Model(&campaignmodel.CampaignEvent{}).Count(&stored)
	if stored != 6002 {
		t.Errorf("%d events stored, want 6002", stored)
	}
	var view campaigns.CampaignResponse
	e.do("GET", "/api/v1/campaigns/"+itoa(c.ID), nil, "token", author).JSON(t, &view)
	st := view.Stats
	if st.Delivered != 3000 || st.Opened != 3000 || st.Bounced != 1 || st.SpamReported != 1 || st.Clicked != 0 {
		t.Errorf("stats = %+v", st)
	}
	if len(view.StatsByOrganisation) != 2 || view.StatsByOrganisation[0].Delivered != 1500 {
		t.Errorf("per organisation = %+v", view.StatsByOrganisation)
	}
	// The bounced and spam-reporting addresses are suppressed from the next campaign.
	var cnt campaigns.AudienceCountResponse
	e.do("POST", "/api/v1/contacts/count", map[string]any{"kind": "notice"}, "token", author).JSON(t, &cnt)
	if cnt.Recipients != 2998 {
		t.Errorf("audience after a bounce and a spam report = %d, want 2998", cnt.Recipients)
	}
}

func TestSendGridWebhookRefusedWithoutKey(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	signer := newWebhookSigner(t)
	if r := e.postEvents(signer, time.Now(), []map[string]any{{"sg_event_id": "x", "event": "open"}}); r.Status != 403 {
		t.Fatalf("no key configured: %s", r)
	}
}

// TestSendGridWebhookIsNotLimitedPerIP: SendGrid posts every event from a few addresses,
// so its signed webhook skips the per-IP limit that other public writes get.
func TestSendGridWebhookIsNotLimitedPerIP(t *testing.T) {
	t.Parallel()
	signer := newWebhookSigner(t)
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil, func(c *web.Config) { c.Campaign.WebhookKey = signer.publicKey(t); c.RateLimit = 2 })
	for i := 0; i < 6; i++ {
		event := map[string]any{"event": "processed", "email": "x@staff.example", "timestamp": time.Now().Unix(),
			"sg_event_id": "limit-" + strconv.Itoa(i)}
		if r := e.postEvents(signer, time.Now(), []map[string]any{event}); r.Status == 429 || r.Status >= 500 {
			t.Fatalf("webhook post %d: %s", i, r)
		}
	}
	statuses := []int{}
	for i := 0; i < 3; i++ {
		statuses = append(statuses, e.do("POST", "/api/v1/auth/signin", map[string]string{"email": "y@staff.example"}).Status)
	}
	if statuses[2] != 429 {
		t.Fatalf("other public writes must still be limited per IP: %v", statuses)
	}
}
