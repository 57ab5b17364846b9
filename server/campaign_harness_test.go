package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/people"
	"github.com/confer-nhs/confer/server/web"
)

// newSendGridEnv starts a server like newTestEnv but sending through a SendGrid sender
// pointed at fake (over real HTTP), with short timeouts, leases and polls so failure paths
// run in seconds. store may be nil (a fresh database) or shared with another instance.
func newSendGridEnv(t *testing.T, fake *sendgridfake.Server, store *models.Store, opts ...func(*web.Config)) *testEnv {
	t.Helper()
	if store == nil {
		store = storetest.Open(t)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg, err := web.LoadConfig(func(k string) string {
		return map[string]string{"CONFER_BASE_URL": base, "CONFER_RATE_LIMIT": "0", "CONFER_CAMPAIGN_POLL": "100ms",
			"CONFER_CAMPAIGN_LEASE": "20s", "CONFER_CAMPAIGN_GRACE": "2s", "CONFER_CAMPAIGN_CONCURRENCY": "4",
			"SENDGRID_WEBHOOK_PUBLIC_KEY": fake.PublicKeyBase64()}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&testLogWriter{t}, nil))
	}
	sender := notifications.NewSendGrid(notifications.SendGridConfig{APIKey: fake.APIKey(), BaseURL: fake.URL(),
		// The timeout ends the fake's scripted hangs. It is long enough that an answer the
		// fake gave on a busy machine is never cut off: a request SendGrid accepted but whose
		// answer timed out is sent again (notifications.post), and at load 30 a one-second
		// timeout sent one batch three times.
		From: "Confer <confer@test.example>", Timeout: 10 * time.Second, BackoffBase: 10 * time.Millisecond,
		BackoffMax: 50 * time.Millisecond, Logger: log})
	srv := New(cfg, store, sender, log)
	startReady(t, srv)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(5 * time.Second) })
	return &testEnv{t: t, store: store, srv: srv, cfg: cfg, URL: base, http: &http.Client{Timeout: 2 * time.Minute}}
}

// userToken creates a user with role in organisation org (0: none) and returns a token.
func (e *testEnv) userToken(role string, org uint) (string, *models.Person) {
	e.t.Helper()
	var orgID *uint
	if org != 0 {
		orgID = &org
	}
	email := fmt.Sprintf("%s%d@test.example", role, userSeq.Add(1))
	p, err := peoplemodel.Of(e.store).EnsureUser(context.Background(), email, "User "+email, role, orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	_, raw, err := e.store.CreateAPIToken(context.Background(), p.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return raw, p
}

// makeOrg creates an organisation and returns its id.
func (e *testEnv) makeOrg(code string) uint {
	e.t.Helper()
	name, kind := "Org "+code, "acute"
	o, err := e.store.CreateOrganisation(context.Background(), models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

// contactsCSV builds a staff list of n contacts spread over the organisation codes.
func contactsCSV(n int, codes ...string) string {
	var b strings.Builder
	b.WriteString("Email,Name,Organisation Code,Staff Group,Job Role\n")
	for i := range n {
		fmt.Fprintf(&b, "person%d@staff.example,Person %d Smith,%s,Nursing and Midwifery Registered,Staff Nurse\n",
			i, i, codes[i%len(codes)])
	}
	return b.String()
}

func (e *testEnv) importCSV(token, csv string) people.ImportResponse {
	e.t.Helper()
	r := e.do("POST", "/api/v1/contacts/import", csv, "token", token, "Content-Type", "text/csv")
	var out people.ImportResponse
	r.JSON(e.t, &out)
	if r.Status != 200 {
		e.t.Fatalf("import: %s", r)
	}
	return out
}

// approvedCampaign creates a campaign as author and has an admin approve it. Submitting
// and approving go through the store, so no approval emails join the campaign's own in
// a SendGrid fake (the HTTP path and its emails are tested in campaign_mail_test.go).
func (e *testEnv) approvedCampaign(author, admin string, body map[string]any) campaigns.CampaignResponse {
	e.t.Helper()
	r := e.do("POST", "/api/v1/campaigns", body, "token", author)
	var c campaigns.CampaignResponse
	r.JSON(e.t, &c)
	if r.Status != 201 {
		e.t.Fatalf("create campaign: %s", r)
	}
	ctx := context.Background()
	approver, err := e.store.PersonForAPIToken(ctx, admin)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := campaignmodel.Of(e.store).SubmitCampaign(ctx, c.ID); err != nil {
		e.t.Fatalf("submit: %v", err)
	}
	if a, err := campaignmodel.Of(e.store).DecideCampaign(ctx, c.ID, approver, campaignmodel.DecisionApproved, ""); err != nil || a.Status != campaignmodel.CampaignApproved {
		e.t.Fatalf("approve: %v, %+v", err, a)
	}
	return c
}

// waitStatus polls the campaign until it has status or the time runs out.
func (e *testEnv) waitStatus(token string, id uint, status string, within time.Duration) campaigns.CampaignResponse {
	e.t.Helper()
	deadline := time.Now().Add(within)
	var c campaigns.CampaignResponse
	for {
		r := e.do("GET", "/api/v1/campaigns/"+itoa(id), nil, "token", token)
		r.JSON(e.t, &c)
		if c.Status == status {
			return c
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("campaign %d is %s with stats %+v after %v, want %s", id, c.Status, c.Stats, within, status)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitStats polls a campaign until its figures satisfy settled (say, a batch in flight has
// been recorded), or fails after within: a test waits for what it needs, not a fixed time
// that a busy machine can overrun.
func (e *testEnv) waitStats(token string, id uint, within time.Duration, settled func(campaigns.CampaignResponse) bool) campaigns.CampaignResponse {
	e.t.Helper()
	deadline := time.Now().Add(within)
	var c campaigns.CampaignResponse
	for {
		e.do("GET", "/api/v1/campaigns/"+itoa(id), nil, "token", token).JSON(e.t, &c)
		if settled(c) {
			return c
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("campaign %d is %s with stats %+v after %v: never settled", id, c.Status, c.Stats, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// batchesSending counts a campaign's batches claimed by a sender and not yet recorded:
// while it is 0 after a pause or cancel, nothing more is in flight.
func (e *testEnv) batchesSending(id uint) (n int64) {
	e.t.Helper()
	if err := e.store.DB.Model(&campaignmodel.CampaignBatch{}).
		Where("campaign_id = ? AND state = ?", id, campaignmodel.RecipientSending).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func newsletter(name, subject, body string) map[string]any {
	return map[string]any{"name": name, "subject": subject, "body_markdown": body, "kind": "newsletter",
		"audience": map[string]any{}}
}
