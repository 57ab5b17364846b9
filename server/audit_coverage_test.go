package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/polls"
	"github.com/confer-nhs/confer/server/web"
)

// auditCall is one request the coverage walk makes: the route it exercises and how.
type auditCall struct {
	route   string // "METHOD /path" as registered
	url     func() string
	body    any
	headers func() []string // default: the admin's token
	then    func(r resp)    // reads an id the next calls need
}

// notWalked are the audited routes the walk cannot make succeed, each with why. Keep it
// short: every other audited route must answer 2xx in the walk and write its row.
var notWalked = map[string]string{
	// Both need a send in flight, which the dispatcher may finish before the call: they
	// run the same handler (campaignAction) as submit and cancel, which the walk calls,
	// and TestCampaignPauseResumeCancel drives them.
	"POST /api/v1/campaigns/:id/pause":  "needs a send in flight",
	"POST /api/v1/campaigns/:id/resume": "needs a send in flight",
	// A sign-in through the OpenID provider: TestSSOSignInLandsWithTheInvitedRole runs one
	// against a real provider and checks its rows, refused and not.
	"GET /auth/oidc/callback": "needs an OpenID provider",
}

// TestEveryWriteRouteWritesAnAuditRow walks every registered route that changes
// something (every non-public POST, PUT, PATCH and DELETE) and every audited read, calls
// each so it succeeds, and fails naming any route that answered 2xx without writing one
// new audit row with the route's action, or that the walk did not call at all. It also
// checks the table: every non-public write route has an action.
func TestEveryWriteRouteWritesAnAuditRow(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	second := e.tokenFor(models.RoleAdmin) // approves what the first wrote
	o := newOwnedObjects(e)
	ch := e.newChannel(admin, map[string]any{})
	post := e.newPost(ch, map[string]any{"body": "The car park floods", "anonymous": true})
	spareSlot := o.f.addSlot(o.f.startsAt.Add(96*time.Hour), 4)
	q2 := polls.PollQuestion{WorkshopID: o.workshop.ID, Text: "Is there parking?", Status: polls.QuestionPending}
	if err := e.store.DB.Create(&q2).Error; err != nil {
		t.Fatal(err)
	}
	invite := e.waitForMail("person.1@ward.example.org", 0) // the booking's, with its calendar invite
	if len(invite.Attachments) == 0 {
		t.Fatalf("the booking mail has no attachment: %+v", invite)
	}
	org := e.makeOrg("AUD01")
	e.importCSV(admin, contactsCSV(3, "AUD01"))
	var (
		ids              = map[string]uint{}
		tokenID          uint
		tokenBrowserless string
		outboxID         uint
		browser          []string // the cookie and CSRF token of the session the verify call opened
		otherSession     uint     // a second session of the same person, for ending
	)
	idOf := func(key string) func(r resp) {
		return func(r resp) {
			var v struct{ ID uint }
			r.JSON(t, &v)
			ids[key] = v.ID
		}
	}
	u := func(format string, args ...func() any) func() string {
		return func() string {
			vals := make([]any, len(args))
			for i, a := range args {
				vals[i] = a()
			}
			return fmt.Sprintf(format, vals...)
		}
	}
	id := func(key string) func() any { return func() any { return ids[key] } }
	fixed := func(v uint) func() any { return func() any { return v } }
	start := o.f.startsAt.Add(200 * time.Hour)
	campaign := newsletter("Audit news", "News", "Hello {{first_name}}")
	campaign["audience"] = map[string]any{"organisation_ids": []uint{org}}
	calls := []auditCall{
		{route: "POST /api/v1/organisations", url: u("/api/v1/organisations"),
			body: map[string]any{"name": "Audit Trust", "code": "AUD02", "kind": "acute"}, then: idOf("org")},
		{route: "PATCH /api/v1/organisations/:id", url: u("/api/v1/organisations/%d", id("org")), body: map[string]any{"name": "Audit Trust 2"}},
		{route: "POST /api/v1/people", url: u("/api/v1/people"),
			body: map[string]any{"email": "new.person@audit.example", "name": "New Person", "role": "comms"}, then: idOf("person")},
		{route: "PATCH /api/v1/people/:id", url: u("/api/v1/people/%d", id("person")), body: map[string]any{"role": "facilitator"}},
		{route: "POST /api/v1/tokens", url: u("/api/v1/tokens"), body: map[string]any{"name": "script"},
			then: func(r resp) { var v struct{ ID uint }; r.JSON(t, &v); tokenID = v.ID }},
		{route: "DELETE /api/v1/tokens/:id", url: func() string { return fmt.Sprintf("/api/v1/tokens/%d", tokenID) }},
		{route: "POST /api/v1/contacts/import/preview", url: u("/api/v1/contacts/import/preview"), body: contactsCSV(2, "AUD01"),
			headers: func() []string { return []string{"token", admin, "Content-Type", "text/csv"} }},
		{route: "POST /api/v1/contacts/import", url: u("/api/v1/contacts/import"), body: contactsCSV(2, "AUD01"),
			headers: func() []string { return []string{"token", admin, "Content-Type", "text/csv"} }},
		{route: "POST /api/v1/contacts/count", url: u("/api/v1/contacts/count"), body: map[string]any{"kind": "newsletter", "audience": map[string]any{"organisation_ids": []uint{org}}}},
		{route: "POST /api/v1/channels", url: u("/api/v1/channels"), body: map[string]any{"name": "Audit channel", "audience": "both"}, then: idOf("channel")},
		{route: "PATCH /api/v1/channels/:id", url: u("/api/v1/channels/%d", id("channel")), body: map[string]any{"description": "Changed"}},
		{route: "PATCH /api/v1/posts/:id", url: u("/api/v1/posts/%d", fixed(post.ID)), body: map[string]any{"status": "acknowledged"}},
		{route: "POST /api/v1/posts/:id/replies", url: u("/api/v1/posts/%d/replies", fixed(post.ID)), body: map[string]any{"body": "Thank you", "public": false}},
		{route: "POST /api/v1/posts/:id/moderation", url: u("/api/v1/posts/%d/moderation", fixed(post.ID)),
			body: map[string]any{"action": "hide", "reason": "Names a colleague"}},
		{route: "GET /api/v1/feedback/export/channels.csv", url: u("/api/v1/feedback/export/channels.csv")},
		{route: "GET /api/v1/feedback/export/posts.csv", url: u("/api/v1/feedback/export/posts.csv")},
		{route: "POST /api/v1/sessions", url: u("/api/v1/sessions"), body: map[string]any{"title": "Audit session", "description": "x",
			"category": "clinical", "format": "virtual", "meeting_url": "https://teams.example/meet/9"}, then: idOf("session")},
		{route: "PATCH /api/v1/sessions/:id", url: u("/api/v1/sessions/%d", id("session")), body: map[string]any{"description": "Changed"}},
		{route: "POST /api/v1/sessions/:id/slots", url: u("/api/v1/sessions/%d/slots", id("session")), body: map[string]any{
			"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339), "capacity": 3}},
		{route: "PATCH /api/v1/slots/:id", url: u("/api/v1/slots/%d", fixed(o.f.slot.ID)), body: map[string]any{"capacity": 7}},
		{route: "POST /api/v1/milestones", url: u("/api/v1/milestones"), body: map[string]any{"organisation_id": org, "name": "Go-live",
			"go_live_on": "2027-06-01", "targets": []map[string]any{{"staff_group": "Students", "min_percent": 80}}}, then: idOf("milestone")},
		{route: "POST /api/v1/sessions/:id/series", url: u("/api/v1/sessions/%d/series", id("session")), body: func() any {
			return map[string]any{"rrule": "FREQ=WEEKLY;COUNT=2", "starts_at": "2027-05-18T10:00:00", "ends_at": "2027-05-18T11:00:00",
				"capacity": 3, "milestone_id": ids["milestone"], "weeks_before": 2}
		}},
		{route: "PATCH /api/v1/milestones/:id", url: u("/api/v1/milestones/%d", id("milestone")), body: map[string]any{"go_live_on": "2027-06-08"}},
		{route: "POST /api/v1/readiness/outreach", url: u("/api/v1/readiness/outreach"), body: func() any {
			return map[string]any{"milestone_id": ids["milestone"], "staff_group": "Students", "hold_places": true}
		}},
		{route: "POST /api/v1/pulses", url: u("/api/v1/pulses"), body: func() any {
			return map[string]any{"title": "Ready for go-live", "milestone_id": ids["milestone"], "open_link": true,
				"opens_at": time.Now().UTC().Format(time.RFC3339), "closes_at": time.Now().UTC().Add(72 * time.Hour).Format(time.RFC3339),
				"questions": []map[string]any{{"kind": "scale", "prompt": "How ready do you feel?", "ready_values": []int{4, 5}}}}
		}, then: idOf("pulse")},
		{route: "POST /api/v1/pulses/:id/open-link", url: u("/api/v1/pulses/%d/open-link", id("pulse"))},
		{route: "POST /api/v1/pulses/:id/send", url: u("/api/v1/pulses/%d/send", id("pulse")),
			body: map[string]any{"organisation_ids": []uint{org}, "staff_groups": []string{}, "job_roles": []string{}}},
		{route: "POST /api/v1/slots/:id/message", url: u("/api/v1/slots/%d/message", fixed(o.f.slot.ID)),
			body: map[string]any{"subject": "Room change", "message": "Room 2"}},
		{route: "GET /api/v1/slots/:id/bookings.csv", url: u("/api/v1/slots/%d/bookings.csv", fixed(o.f.slot.ID))},
		{route: "POST /api/v1/bookings/:id/attendance", url: u("/api/v1/bookings/%d/attendance", fixed(o.bookingID)), body: map[string]any{"status": "attended"}},
		{route: "POST /api/v1/slots/:id/cancel", url: u("/api/v1/slots/%d/cancel", fixed(spareSlot.ID))},
		{route: "DELETE /api/v1/sessions/:id", url: u("/api/v1/sessions/%d", id("session"))},
		{route: "POST /api/v1/workshops", url: u("/api/v1/workshops"), body: map[string]any{"title": "Audit workshop"}, then: idOf("workshop")},
		{route: "PATCH /api/v1/workshops/:id", url: u("/api/v1/workshops/%d", id("workshop")), body: map[string]any{"title": "Renamed"}},
		{route: "POST /api/v1/workshops/:id/polls", url: u("/api/v1/workshops/%d/polls", id("workshop")),
			body: map[string]any{"kind": "single", "question": "Tea?", "options": []string{"Yes", "No"}}, then: idOf("poll")},
		{route: "PATCH /api/v1/polls/:id", url: u("/api/v1/polls/%d", id("poll")), body: map[string]any{"kind": "single", "question": "Coffee?", "options": []string{"Yes", "No"}}},
		{route: "POST /api/v1/polls/:id/duplicate", url: u("/api/v1/polls/%d/duplicate", id("poll")), then: idOf("poll2")},
		{route: "PUT /api/v1/workshops/:id/poll-order", url: u("/api/v1/workshops/%d/poll-order", id("workshop")),
			body: func() any { return map[string]any{"poll_ids": []uint{ids["poll2"], ids["poll"]}} }},
		{route: "POST /api/v1/workshops/:id/next", url: u("/api/v1/workshops/%d/next", id("workshop"))},
		{route: "POST /api/v1/polls/:id/open", url: u("/api/v1/polls/%d/open", id("poll"))},
		{route: "POST /api/v1/polls/:id/reveal", url: u("/api/v1/polls/%d/reveal", id("poll"))},
		{route: "POST /api/v1/polls/:id/hide", url: u("/api/v1/polls/%d/hide", id("poll"))},
		{route: "POST /api/v1/polls/:id/close", url: u("/api/v1/polls/%d/close", id("poll"))},
		{route: "DELETE /api/v1/polls/:id", url: u("/api/v1/polls/%d", id("poll2"))},
		{route: "GET /api/v1/workshops/:id/results.csv", url: u("/api/v1/workshops/%d/results.csv", fixed(o.workshop.ID))},
		{route: "GET /api/v1/workshops/:id/questions.csv", url: u("/api/v1/workshops/%d/questions.csv", fixed(o.workshop.ID))},
		{route: "POST /api/v1/questions/:id/approve", url: u("/api/v1/questions/%d/approve", fixed(o.questionID))},
		{route: "POST /api/v1/questions/:id/highlight", url: u("/api/v1/questions/%d/highlight", fixed(o.questionID))},
		{route: "POST /api/v1/questions/:id/unhighlight", url: u("/api/v1/questions/%d/unhighlight", fixed(o.questionID))},
		{route: "POST /api/v1/questions/:id/answer", url: u("/api/v1/questions/%d/answer", fixed(o.questionID))},
		{route: "POST /api/v1/questions/:id/unanswer", url: u("/api/v1/questions/%d/unanswer", fixed(o.questionID))},
		{route: "POST /api/v1/questions/:id/hide", url: u("/api/v1/questions/%d/hide", fixed(q2.ID))},
		{route: "PUT /api/v1/coverage/targets", url: u("/api/v1/coverage/targets"), body: map[string]any{"targets": []map[string]any{
			{"stage": "reached", "category": "clinical", "staff_group": "Nursing and Midwifery Registered", "min_percent": 10}}}},
		{route: "POST /api/v1/coverage/reach", url: u("/api/v1/coverage/reach"),
			body: map[string]any{"organisation_id": org, "staff_group": "Nursing and Midwifery Registered"}},
		{route: "GET /api/v1/evidence-pack", url: u("/api/v1/evidence-pack")},
		{route: "GET /api/v1/evidence-pack/report", url: u("/api/v1/evidence-pack/report")},
		{route: "POST /api/v1/decisions", url: u("/api/v1/decisions"), body: map[string]any{"title": "Audit decision"}, then: idOf("decision")},
		{route: "PATCH /api/v1/decisions/:id", url: u("/api/v1/decisions/%d", id("decision")), body: map[string]any{
			"status": "decided", "decided": "One order set", "decided_on": "2026-12-07"}},
		{route: "POST /api/v1/decisions/:id/links", url: u("/api/v1/decisions/%d/links", id("decision")),
			body: map[string]any{"kind": "theme", "id": "audit"}, then: idOf("decisionLink")},
		{route: "DELETE /api/v1/decisions/:id/links/:link_id", url: u("/api/v1/decisions/%d/links/%d", id("decision"), id("decisionLink"))},
		{route: "POST /api/v1/decisions/:id/publish", url: u("/api/v1/decisions/%d/publish", id("decision"))},
		{route: "POST /api/v1/campaigns", url: u("/api/v1/campaigns"), body: campaign, then: idOf("campaign")},
		{route: "PATCH /api/v1/campaigns/:id", url: u("/api/v1/campaigns/%d", id("campaign")), body: map[string]any{"subject": "News 2"}},
		{route: "POST /api/v1/campaigns/:id/test", url: u("/api/v1/campaigns/%d/test", id("campaign"))},
		{route: "POST /api/v1/campaigns/:id/submit", url: u("/api/v1/campaigns/%d/submit", id("campaign"))},
		{route: "POST /api/v1/campaigns/:id/return", url: u("/api/v1/campaigns/%d/return", id("campaign")),
			body: map[string]any{"comment": "Fix the subject"}, headers: func() []string { return []string{"token", second} }},
		{route: "POST /api/v1/campaigns/:id/submit", url: u("/api/v1/campaigns/%d/submit", id("campaign"))}, // again, after the return
		{route: "POST /api/v1/campaigns/:id/approve", url: u("/api/v1/campaigns/%d/approve", id("campaign")),
			headers: func() []string { return []string{"token", second} }},
		{route: "POST /api/v1/campaigns/:id/send", url: u("/api/v1/campaigns/%d/send", id("campaign")),
			body: map[string]any{"send_at": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}},
		{route: "POST /api/v1/campaigns/:id/cancel", url: u("/api/v1/campaigns/%d/cancel", id("campaign"))},
		{route: "POST /api/v1/campaigns/:id/resend-unsettled", url: func() string {
			return fmt.Sprintf("/api/v1/campaigns/%d/resend-unsettled", e.unsettledCampaign())
		}},
		{route: "GET /api/v1/outbox", url: u("/api/v1/outbox"), then: func(r resp) {
			var v struct{ Items []struct{ ID uint } }
			r.JSON(t, &v)
			if len(v.Items) > 0 {
				outboxID = v.Items[0].ID
			}
		}},
		{route: "GET /api/v1/outbox/:id", url: func() string { return fmt.Sprintf("/api/v1/outbox/%d", outboxID) }},
		{route: "GET /api/v1/outbox/:id/html", url: func() string { return fmt.Sprintf("/api/v1/outbox/%d/html", outboxID) }},
		{route: "GET /api/v1/outbox/:id/attachments/:n", url: u("/api/v1/outbox/%d/attachments/0", fixed(invite.ID))},
		{route: "DELETE /api/v1/organisations/:id", url: u("/api/v1/organisations/%d", id("org"))},
		{route: "GET /api/v1/audit", url: u("/api/v1/audit")},
		{route: "GET /api/v1/audit.csv", url: u("/api/v1/audit.csv")},
		{route: "POST /api/v1/auth/verify", url: u("/api/v1/auth/verify"), headers: func() []string { return nil },
			body: func() any { return map[string]any{"token": tokenBrowserless} }, then: func(r resp) {
				raw := sessionCookie(t, r)
				browser = []string{"Cookie", "confer_session=" + raw, "X-CSRF-Token", web.CSRFFor(raw)}
			}},
		{route: "DELETE /api/v1/auth/sessions/:id", url: func() string { return fmt.Sprintf("/api/v1/auth/sessions/%d", otherSession) },
			headers: func() []string { // a second sign-in first (its row is before the call's)
				otherSession = e.secondSession(browser, "admin-walk@test.example")
				return browser
			}},
		{route: "POST /api/v1/auth/sessions/end-others", url: u("/api/v1/auth/sessions/end-others"), headers: func() []string { return browser }},
		{route: "GET /api/v1/privacy/keeps", url: u("/api/v1/privacy/keeps")},
		{route: "GET /api/v1/privacy/subject", url: u("/api/v1/privacy/subject?email=person1%%40staff.example")},
		{route: "GET /api/v1/privacy/subject/export", url: u("/api/v1/privacy/subject/export?email=person1%%40staff.example")},
		{route: "POST /api/v1/privacy/erase", url: u("/api/v1/privacy/erase"),
			body: map[string]any{"email": "person1@staff.example", "reason": "Asked to be forgotten (ticket 42)"}},
		{route: "POST /api/v1/auth/signout", url: u("/api/v1/auth/signout")},
	}
	_ = http.StatusOK
	walked := map[string]bool{}
	for _, call := range calls {
		if call.route == "POST /api/v1/auth/verify" {
			if _, err := peoplemodel.Of(e.store).EnsureUser(t.Context(), "admin-walk@test.example", "", models.RoleAdmin, nil); err != nil {
				t.Fatal(err)
			}
			raw, err := e.store.CreateSignInToken(t.Context(), "admin-walk@test.example")
			if err != nil {
				t.Fatal(err)
			}
			tokenBrowserless = raw
		}
		body := call.body
		if f, ok := body.(func() any); ok {
			body = f()
		}
		headers := []string{"token", admin}
		if call.headers != nil {
			headers = call.headers()
		}
		before := lastAudit(e)
		r := e.do(strings.SplitN(call.route, " ", 2)[0], call.url(), body, headers...)
		walked[call.route] = true
		if r.Status >= 300 {
			t.Errorf("%s (%s): %s: the walk must make it succeed", call.route, call.url(), r)
			continue
		}
		if call.then != nil {
			call.then(r)
		}
		rows := auditSince(e, before)
		if want := e.auditActionOf(call.route); want == "" {
			continue
		} else if len(rows) != 1 || rows[0].Action != want || rows[0].Status != r.Status {
			t.Errorf("%s answered %d and wrote %d audit rows %+v, want one %s row", call.route, r.Status, len(rows), rows, want)
		}
	}
	// Rows about a person carry their subject key: found again by subject access.
	var att models.AuditEvent
	e.store.DB.Where("action = ?", "bookings.attendance").First(&att)
	if att.SubjectKey != models.SubjectKey("person.1@ward.example.org") || att.Summary != "set: status=attended" {
		t.Errorf("attendance row: %+v, want the attendee's subject key and the status", att)
	}
	for _, rt := range e.srv.Routes() {
		key := rt.Method + " " + rt.Path
		write := rt.Method != "GET" && rt.Method != "HEAD"
		if write && !rt.Policy.Public && rt.Audit == "" {
			t.Errorf("%s changes something but writes no audit row (server/web/audit_routes.go)", key)
		}
		if rt.Audit != "" && !walked[key] && notWalked[key] == "" {
			t.Errorf("%s is audited but the walk does not call it: add a call, or say why in notWalked", key)
		}
	}
}

// sessionCookie reads the session a sign-in answer set.
func sessionCookie(t *testing.T, r resp) string {
	t.Helper()
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "confer_session" && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("no session cookie in %v", r.Header)
	return ""
}

// secondSession signs the person in again elsewhere and returns that session's id, as the
// first browser's session list shows it.
func (e *testEnv) secondSession(browser []string, email string) uint {
	e.t.Helper()
	raw, err := e.store.CreateSignInToken(e.t.Context(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	if r := e.do("POST", "/api/v1/auth/verify", map[string]any{"token": raw}); r.Status != 200 {
		e.t.Fatalf("second sign-in: %s", r)
	}
	var list []struct {
		ID      uint
		Current bool
	}
	e.do("GET", "/api/v1/auth/sessions", nil, browser...).JSON(e.t, &list)
	for _, s := range list {
		if !s.Current {
			return s.ID
		}
	}
	e.t.Fatalf("no other session in %+v", list)
	return 0
}

// auditActionOf is the action the route table gives a route.
func (e *testEnv) auditActionOf(route string) string {
	for _, r := range e.srv.Routes() {
		if r.Method+" "+r.Path == route {
			return r.Audit
		}
	}
	return ""
}

func lastAudit(e *testEnv) uint64 {
	var id uint64
	e.store.DB.Model(&models.AuditEvent{}).Select("COALESCE(MAX(id), 0)").Scan(&id)
	return id
}

func auditSince(e *testEnv, after uint64) []models.AuditEvent {
	var rows []models.AuditEvent
	if err := e.store.DB.Where("id > ?", after).Order("id").Find(&rows).Error; err != nil {
		e.t.Fatal(err)
	}
	return rows
}
