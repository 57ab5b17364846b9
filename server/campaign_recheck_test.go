package server

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications/sendgridfake"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

// recheckEnv is a campaign to every organisation, approved by RAA's comms team while only
// RAA's staff were contacts, and RBB's staff imported afterwards.
type recheckEnv struct {
	*testEnv
	fake             *sendgridfake.Server
	author, approver string
	commsB           string
	commsBEmail      string
	raa, rbb         uint
}

func newRecheckEnv(t *testing.T, opts ...func(*web.Config)) *recheckEnv {
	fake := sendgridfake.New(t, sendgridfake.Options{})
	e := newSendGridEnv(t, fake, nil, opts...)
	r := &recheckEnv{testEnv: e, fake: fake, raa: e.makeOrg("RAA"), rbb: e.makeOrg("RBB")}
	r.author, _ = e.userToken(models.RoleComms, r.raa)
	r.approver, _ = e.userToken(models.RoleComms, r.raa)
	var b *models.Person
	r.commsB, b = e.userToken(models.RoleComms, r.rbb)
	r.commsBEmail = b.Email
	e.importCSV(r.author, contactsCSV(20, "RAA"))
	return r
}

// approved makes the campaign and has RAA approve it: complete, as RAA is all it reaches.
func (r *recheckEnv) approved() string {
	r.t.Helper()
	res := r.do("POST", "/api/v1/campaigns", newsletter("All staff", "Hello {{first_name}}", "News"), "token", r.author)
	var c campaigns.CampaignResponse
	res.JSON(r.t, &c)
	id := "/api/v1/campaigns/" + itoa(c.ID)
	r.run([]scenario{
		{name: "submit", method: "POST", url: id + "/submit", headers: []string{"token", r.author}, status: 200},
		{name: "RAA approves", method: "POST", url: id + "/approve", headers: []string{"token", r.approver}, status: 200, contains: []string{`"status":"approved"`}},
	})
	return id
}

// importRBB adds contacts of RBB, whose comms team never saw the campaign; their addresses
// are other@… so the test can tell who received what.
func (r *recheckEnv) importRBB() {
	r.t.Helper()
	r.importCSV(r.author, strings.ReplaceAll(contactsCSV(7, "RBB"), "person", "other"))
}

// campaignRequests counts the campaign's batches SendGrid accepted (not the emails asking
// for approval, which go through it too).
func (r *recheckEnv) campaignRequests() int {
	n := 0
	for _, req := range r.fake.Accepted() {
		if slices.Contains(req.Mail.Categories, "campaign") {
			n++
		}
	}
	return n
}

func (r *recheckEnv) sentToRBB() int {
	n := 0
	for _, req := range r.fake.Accepted() {
		for _, p := range req.Mail.Personalizations {
			for _, to := range p.To {
				if strings.HasPrefix(to.Address, "other") {
					n++
				}
			}
		}
	}
	return n
}

// TestCampaignSendRechecksApprovals: contacts of an organisation that has not approved,
// imported after approval, stop the send with a 409 naming it, and the campaign goes back
// to awaiting approval saying why; once that organisation approves, it sends to everyone.
func TestCampaignSendRechecksApprovals(t *testing.T) {
	t.Parallel()
	r := newRecheckEnv(t)
	id := r.approved()
	r.importRBB()
	r.run([]scenario{
		{name: "send now", method: "POST", url: id + "/send", headers: []string{"token", r.author}, status: 409,
			contains: []string{`"field":"approval"`, "Org RBB"}},
		{name: "visible state", method: "GET", url: id, headers: []string{"token", r.commsB}, status: 200,
			contains: []string{`"status":"awaiting_approval"`, `"hold_reason":"`, "Org RBB", `"can_decide":true`, `"complete":false`}},
		{name: "schedule while held", method: "POST", url: id + "/send", body: map[string]any{"send_at": time.Now().Add(time.Hour)},
			headers: []string{"token", r.author}, status: 409},
	})
	if n := r.campaignRequests(); n != 0 {
		t.Fatalf("%d requests reached SendGrid from a held campaign", n)
	}
	// RBB's comms team, who must now act, is asked (once, though the send was tried twice).
	deadline := time.Now().Add(10 * time.Second)
	for r.fake.MessagesTo(r.commsBEmail) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	if n := r.fake.MessagesTo(r.commsBEmail); n != 1 {
		t.Errorf("RBB's comms user got %d requests for approval, want 1", n)
	}
	r.run([]scenario{
		{name: "RBB approves", method: "POST", url: id + "/approve", headers: []string{"token", r.commsB}, status: 200, contains: []string{`"status":"approved"`}},
		{name: "send", method: "POST", url: id + "/send", headers: []string{"token", r.author}, status: 200, contains: []string{`"hold_reason":""`}},
	})
	var c campaigns.CampaignResponse
	r.do("GET", id, nil, "token", r.author).JSON(t, &c)
	done := r.waitStatus(r.author, c.ID, campaignmodel.CampaignSent, 15*time.Second)
	if done.Stats.Sent != 27 || r.sentToRBB() != 7 {
		t.Errorf("after RBB approved: %+v, %d to RBB", done.Stats, r.sentToRBB())
	}
}

// TestCampaignScheduledStartRechecksApprovals: a scheduled campaign whose audience grew
// into an organisation that has not approved does not start when it falls due.
func TestCampaignScheduledStartRechecksApprovals(t *testing.T) {
	t.Parallel()
	r := newRecheckEnv(t)
	id := r.approved()
	at := time.Now().Add(1200 * time.Millisecond).UTC()
	r.run([]scenario{{name: "schedule", method: "POST", url: id + "/send", body: map[string]any{"send_at": at},
		headers: []string{"token", r.author}, status: 200, contains: []string{`"status":"scheduled"`}}})
	r.importRBB()
	var c campaigns.CampaignResponse
	r.do("GET", id, nil, "token", r.author).JSON(t, &c)
	held := r.waitStatus(r.author, c.ID, campaignmodel.CampaignSubmitted, 15*time.Second)
	if !strings.Contains(held.HoldReason, "Org RBB") || held.StartedAt != nil {
		t.Errorf("held campaign: reason %q, started %v", held.HoldReason, held.StartedAt)
	}
	time.Sleep(300 * time.Millisecond)
	if n := r.campaignRequests(); n != 0 {
		t.Fatalf("%d requests reached SendGrid from a held campaign", n)
	}
}
