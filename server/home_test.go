package server

import (
	"fmt"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	homemodel "github.com/confer-nhs/confer/models/home"
	"github.com/confer-nhs/confer/server/campaigns"
	"github.com/confer-nhs/confer/server/home"
	"github.com/confer-nhs/confer/server/people"
)

// homeView decodes GET /api/v1/home; a nil part is one the role may not see.
type homeView struct {
	Approvals   *home.HomeCount     `json:"approvals"`
	NewFeedback *home.HomeCount     `json:"new_feedback"`
	Sessions    *home.HomeTimes     `json:"sessions"`
	Workshops   *home.HomeWorkshops `json:"workshops"`
	Unsettled   *home.HomeCount     `json:"unsettled_batches"`
	Gaps        *home.HomeGaps      `json:"gaps"`
}

func (e *testEnv) home(token string) homeView {
	e.t.Helper()
	r := e.do("GET", "/api/v1/home", nil, "token", token)
	if r.Status != 200 {
		e.t.Fatalf("GET /home: %s", r)
	}
	var h homeView
	r.JSON(e.t, &h)
	return h
}

// TestHomeShowsEachRoleWhatNeedsIt: the signed-in home counts what waits for the caller,
// only what their role may act on, and a facilitator's sessions and workshops are their
// own: another facilitator's are not counted, a co-facilitator's are.
func TestHomeShowsEachRoleWhatNeedsIt(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	e.run([]scenario{
		{name: "signed out", method: "GET", url: "/api/v1/home", status: 401},
	})

	// Facilitator A: a session with a time later today (when today has time left) and one
	// in three days, and a workshop on that session. B co-facilitates another session.
	a := newSessionFixture(e, 10, nil)
	soon := time.Now().UTC().Add(10 * time.Minute).Truncate(time.Minute)
	a.addSlot(soon, 10)
	_, todayEnd, _ := homemodel.Week(time.Now())
	wantToday := 0
	if soon.Before(todayEnd) {
		wantToday = 1
	}
	r := e.do("POST", "/api/v1/workshops", map[string]any{"title": "EPR go-live", "session_id": a.session.ID}, "token", a.token)
	if r.Status != 201 {
		t.Fatalf("create workshop: %s", r)
	}
	bToken, b := e.userToken(models.RoleFacilitator, 0)
	bSession := newSessionFixture(e, 10, map[string]any{"facilitator_ids": []uint{b.ID}})
	cToken := e.tokenFor(models.RoleFacilitator)

	ha := e.home(a.token)
	if ha.Sessions == nil || ha.Sessions.Week != 2 || ha.Sessions.Today != wantToday {
		t.Errorf("facilitator A's sessions: %+v (want %d today, 2 this week)", ha.Sessions, wantToday)
	}
	if ha.Workshops == nil || ha.Workshops.Week != 1 || ha.Workshops.Today != wantToday || ha.Workshops.Live != 0 {
		t.Errorf("facilitator A's workshops: %+v", ha.Workshops)
	}
	if ha.Approvals != nil || ha.Unsettled != nil {
		t.Errorf("a facilitator sees campaign parts: %+v %+v", ha.Approvals, ha.Unsettled)
	}
	if hb := e.home(bToken); hb.Sessions == nil || hb.Sessions.Week != 1 || hb.Sessions.Today != 0 || hb.Workshops.Week != 0 {
		t.Errorf("co-facilitator B: %+v %+v (B co-runs session %d only)", hb.Sessions, hb.Workshops, bSession.session.ID)
	}
	if hc := e.home(cToken); hc.Sessions == nil || *hc.Sessions != (home.HomeTimes{}) || *hc.Workshops != (home.HomeWorkshops{}) {
		t.Errorf("facilitator C, who runs nothing, sees another's: %+v %+v", hc.Sessions, hc.Workshops)
	}
	if hAdmin := e.home(admin); hAdmin.Sessions == nil || hAdmin.Sessions.Week != 0 {
		t.Errorf("an admin's own sessions are theirs only: %+v", hAdmin.Sessions)
	}

	// Comms: a campaign awaits approval from an admin and from the comms user of the
	// organisation it reaches, not from its author; batches left unsettled are counted.
	org := e.makeOrg("RXX")
	e.importCSV(admin, contactsCSV(6, "RXX"))
	author, _ := e.userToken(models.RoleComms, 0)
	approver, _ := e.userToken(models.RoleComms, org)
	other, _ := e.userToken(models.RoleComms, e.makeOrg("RYY"))
	r = e.do("POST", "/api/v1/campaigns", newsletter("Go-live", "EPR go-live", "Hello"), "token", author)
	var camp campaigns.CampaignResponse
	r.JSON(t, &camp)
	if r := e.do("POST", fmt.Sprintf("/api/v1/campaigns/%d/submit", camp.ID), nil, "token", author); r.Status != 200 {
		t.Fatalf("submit: %s", r)
	}
	for name, tc := range map[string]struct {
		token string
		want  int
	}{"admin": {admin, 1}, "comms of the organisation": {approver, 1}, "author": {author, 0}, "comms elsewhere": {other, 0}} {
		h := e.home(tc.token)
		if h.Approvals == nil || h.Approvals.Count != tc.want || (tc.want == 1 && (h.Approvals.OnlyID == nil || *h.Approvals.OnlyID != camp.ID)) {
			t.Errorf("%s: approvals %+v, want %d", name, h.Approvals, tc.want)
		}
		if tc.token != admin && h.Sessions != nil {
			t.Errorf("%s: sessions shown to comms: %+v", name, h.Sessions)
		}
	}
	if err := e.store.DB.Create(&[]campaignmodel.CampaignBatch{{CampaignID: camp.ID, Seq: 1, State: campaignmodel.RecipientUnsettled, Size: 2},
		{CampaignID: camp.ID, Seq: 2, State: campaignmodel.RecipientSent, Size: 2}}).Error; err != nil {
		t.Fatal(err)
	}
	if h := e.home(approver); h.Unsettled == nil || h.Unsettled.Count != 1 || h.Unsettled.OnlyID == nil || *h.Unsettled.OnlyID != camp.ID {
		t.Errorf("unsettled: %+v", h.Unsettled)
	}

	// Everyone: new feedback in triage and coverage gaps.
	ch := e.newChannel(admin, map[string]any{})
	e.newPost(ch, map[string]any{"body": "The new rota app logs me out every hour.", "anonymous": true})
	e.newPost(ch, map[string]any{"body": "Can we have the handover form on phones?", "anonymous": true})
	if r := e.do("PUT", "/api/v1/coverage/targets", map[string]any{"targets": []map[string]any{
		{"stage": "booked", "organisation_id": org, "min_percent": 50}}}, "token", admin); r.Status != 200 {
		t.Fatalf("targets: %s", r)
	}
	h := e.home(a.token)
	if h.NewFeedback == nil || h.NewFeedback.Count != 2 {
		t.Errorf("new feedback: %+v", h.NewFeedback)
	}
	if h.Gaps == nil || h.Gaps.Count != 1 || h.Gaps.LastWeek != 1 || h.Gaps.NewThisWeek != 0 {
		t.Errorf("gaps: %+v", h.Gaps)
	}
}

// TestSessionAnswersSignedOutWithoutAnError: the SPA asks /session, which is 200 with
// me null for a visitor (no 401 in a public page's console), while /me keeps its 401.
// /site says where mail goes, so the sign-in page can be honest about it.
func TestSessionAnswersSignedOutWithoutAnError(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	_, p := e.userToken(models.RoleComms, 0)
	b := e.signIn(p.Email)
	e.run([]scenario{
		{name: "visitor", method: "GET", url: "/api/v1/session", status: 200, contains: []string{`{"me":null}`}},
		{name: "me keeps its 401", method: "GET", url: "/api/v1/me", status: 401},
		{name: "site names the mail", method: "GET", url: "/api/v1/site", status: 200, contains: []string{`"mail":"outbox"`, `"programme":`}},
	})
	r := e.doWith(b.client, "GET", "/api/v1/session", nil)
	var got people.SignedInResponse
	r.JSON(t, &got)
	if r.Status != 200 || got.Me == nil || got.Me.Email != p.Email || got.Me.CSRFToken != b.csrf || got.Me.Auth != "session" {
		t.Errorf("signed in: %s", r)
	}
}
