package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/feedback"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

func TestFeedbackChannelsAndPostingValidation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	named := e.newChannel(admin, map[string]any{"name": "Data migration", "allow_anonymous": false})
	long := strings.Repeat("x", feedbackmodel.MaxPostBody+1)
	posts := fmt.Sprintf("/api/v1/channels/%d/posts", named)
	e.run([]scenario{
		{name: "comms may not create a channel", method: "POST", url: "/api/v1/channels",
			body: map[string]any{"name": "X", "audience": "staff"}, headers: []string{"token", comms}, status: 403},
		{name: "duplicate name", method: "POST", url: "/api/v1/channels",
			body: map[string]any{"name": "Data migration", "audience": "staff"}, headers: []string{"token", admin},
			status: 409, contains: []string{`"field":"name"`}},
		{name: "bad audience", method: "POST", url: "/api/v1/channels",
			body: map[string]any{"name": "Y", "audience": "everyone"}, headers: []string{"token", admin},
			status: 422, contains: []string{`"field":"audience"`, "staff, public, both"}},
		{name: "public list", method: "GET", url: "/api/v1/channels", status: 200,
			contains: []string{`"name":"Data migration"`, `"allow_anonymous":false`}},
		{name: "unknown field", method: "POST", url: posts, body: `{"kind":"idea","body":"b","ip":"1.2.3.4"}`,
			status: 400, contains: []string{`"field":"ip"`}},
		{name: "bad kind", method: "POST", url: posts, body: map[string]any{"kind": "rant", "body": "b", "name": "A"},
			status: 422, contains: []string{`"field":"kind"`, "concern, idea, question"}},
		{name: "empty body", method: "POST", url: posts, body: map[string]any{"kind": "idea", "body": "  ", "name": "A"},
			status: 422, contains: []string{`"field":"body"`}},
		{name: "body too long", method: "POST", url: posts, body: map[string]any{"kind": "idea", "body": long, "name": "A"},
			status: 422, contains: []string{`"field":"body"`, "the limit is 4000"}},
		{name: "NUL in body", method: "POST", url: posts, body: map[string]any{"kind": "idea", "body": "a\u0000b", "name": "A"},
			status: 422, contains: []string{`"field":"body"`, "control character"}},
		{name: "anonymous refused here", method: "POST", url: posts,
			body: map[string]any{"kind": "idea", "body": "b", "anonymous": true}, status: 422,
			contains: []string{`"field":"anonymous"`}},
		{name: "named needs a name", method: "POST", url: posts, body: map[string]any{"kind": "idea", "body": "b"},
			status: 422, contains: []string{`"field":"name"`}},
		{name: "bad email", method: "POST", url: posts,
			body: map[string]any{"kind": "idea", "body": "b", "name": "A", "email": "not-an-email"}, status: 422,
			contains: []string{`"field":"email"`}},
		{name: "unknown organisation", method: "POST", url: posts,
			body: map[string]any{"kind": "idea", "body": "b", "name": "A", "organisation_id": 999}, status: 422,
			contains: []string{`"field":"organisation_id"`}},
		{name: "bad staff group", method: "POST", url: posts,
			body: map[string]any{"kind": "idea", "body": "b", "name": "A", "staff_group": "Wizards"}, status: 422,
			contains: []string{`"field":"staff_group"`}},
		{name: "no such channel", method: "POST", url: "/api/v1/channels/9999/posts",
			body: map[string]any{"kind": "idea", "body": "b", "name": "A"}, status: 404},
		{name: "bad sort", method: "GET", url: posts + "?sort=loudest", status: 422, contains: []string{`"field":"sort"`}},
		{name: "bad status filter", method: "GET", url: posts + "?status=done", status: 422, contains: []string{`"field":"status"`}},
	})
	// Nothing any rejected request sent was stored.
	var n int64
	e.store.DB.Model(&feedbackmodel.FeedbackPost{}).Count(&n)
	if n != 0 {
		t.Fatalf("%d posts stored by rejected requests", n)
	}
	// A good named post is stored with its attribution and lower-cased email.
	created := e.newPost(named, map[string]any{"kind": "Question", "body": "When is go-live?\r\nThanks",
		"name": "Ada Lovelace", "email": " Ada@Trust.NHS.uk ", "staff_group": "nursing and midwifery registered"})
	p, err := feedbackmodel.Of(e.store).GetPost(context.Background(), created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Email != "ada@trust.nhs.uk" || p.StaffGroup != "Nursing and Midwifery Registered" || p.Kind != "question" ||
		p.Body != "When is go-live?\nThanks" {
		t.Fatalf("stored post: %+v", p)
	}
	if !strings.HasPrefix(created.FollowToken, "fb_") || len(created.FollowToken) < 40 {
		t.Fatalf("follow token %q is not a fresh secret", created.FollowToken)
	}
}

// TestFeedbackAnonymity: an anonymous post stores nothing that identifies the poster, no
// API view carries anything that could, and the server's log does not link the request
// that made it to the post.
func TestFeedbackAnonymity(t *testing.T) {
	t.Parallel()
	e, logs := newLoggedTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{"name": "Clinical safety concerns"})
	const body = "The drug chart on ward 7 shows the wrong dose units."
	r := e.do("POST", fmt.Sprintf("/api/v1/channels/%d/posts", ch),
		map[string]any{"kind": "concern", "body": body, "anonymous": true, "staff_group": "Medical and Dental"},
		"User-Agent", "UniqueAgent/7.7 (whistleblower-laptop)", "X-Forwarded-For", "203.0.113.77",
		"Cookie", "tracking=person-42")
	if r.Status != http.StatusCreated {
		t.Fatalf("anonymous post: %s", r)
	}
	var created feedback.CreatedPost
	r.JSON(t, &created)

	// The stored row, every column of it.
	var row map[string]any
	if err := e.store.DB.Table("feedback_posts").Where("id = ?", created.ID).Take(&row).Error; err != nil {
		t.Fatal(err)
	}
	if row["name"] != "" || row["email"] != "" {
		t.Fatalf("anonymous row keeps name/email: %v", row)
	}
	for col, v := range row {
		s := fmt.Sprint(v)
		for _, bad := range []string{"127.0.0.1", "203.0.113.77", "UniqueAgent", "person-42"} {
			if strings.Contains(s, bad) {
				t.Fatalf("column %s holds %q", col, bad)
			}
		}
	}
	cols, _ := e.store.DB.Migrator().ColumnTypes("feedback_posts")
	for _, c := range cols {
		if n := strings.ToLower(c.Name()); strings.Contains(n, "ip") && n != "id" || strings.Contains(n, "agent") {
			t.Fatalf("feedback_posts has a column %s", c.Name())
		}
	}
	// Every view: public list, follow-up page, team detail and queue.
	leaks := []string{"127.0.0.1", "203.0.113.77", "UniqueAgent", "person-42", created.FollowToken}
	comms := e.tokenFor(models.RoleComms)
	views := []scenario{
		{name: "public list", method: "GET", url: fmt.Sprintf("/api/v1/channels/%d/posts", ch), status: 200,
			contains: []string{body}, notContains: append(leaks, `"email"`, `"name"`, `"staff_group"`)},
		{name: "follow-up", method: "GET", url: "/api/v1/follow/" + created.FollowToken, status: 200,
			contains: []string{body, `"anonymous":true`, `"name":""`}, notContains: leaks},
		{name: "team detail", method: "GET", url: fmt.Sprintf("/api/v1/posts/%d", created.ID),
			headers: []string{"token", comms}, status: 200,
			contains: []string{body, `"anonymous":true`, `"email":""`, `"name":""`}, notContains: leaks},
		{name: "team queue", method: "GET", url: "/api/v1/feedback/queue", headers: []string{"token", comms},
			status: 200, contains: []string{body}, notContains: leaks},
		{name: "csv export", method: "GET", url: "/api/v1/feedback/export/posts.csv", headers: []string{"token", comms},
			status: 200, contains: []string{body}, notContains: leaks},
	}
	e.run(views)
	// The follow-up link is stored hashed only.
	var hashes []string
	e.store.DB.Table("feedback_follow_links").Pluck("hash", &hashes)
	if len(hashes) != 1 || hashes[0] != models.HashSecret(created.FollowToken) {
		t.Fatalf("follow links stored: %v", hashes)
	}
	// The log: route patterns only; no token, agent, address, body or post id in a line
	// that would tie the request to the post.
	out := logs.String()
	if !strings.Contains(out, "route=/api/v1/channels/:id/posts") {
		t.Fatalf("the log lacks the request line, so the check below proves nothing:\n%s", out)
	}
	for _, bad := range append(leaks, body, "ward 7", fmt.Sprintf("/posts/%d", created.ID)) {
		if strings.Contains(out, bad) {
			t.Fatalf("the server log holds %q:\n%s", bad, out)
		}
	}
}

func TestFeedbackFollowUpRoundTrip(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	ch := e.newChannel(admin, map[string]any{"name": "Training and readiness"})
	anon := e.newPost(ch, map[string]any{"kind": "question", "body": "Will there be night-shift training?", "anonymous": true})

	// The team replies privately; the public never sees it, the poster does.
	r := e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", anon.ID),
		map[string]any{"body": "Yes: sessions at 02:00 on wards.", "public": false}, "token", comms)
	if r.Status != http.StatusCreated {
		t.Fatalf("reply: %s", r)
	}
	e.run([]scenario{
		{name: "public does not see a private reply", method: "GET", url: fmt.Sprintf("/api/v1/channels/%d/posts", ch),
			status: 200, contains: []string{"night-shift"}, notContains: []string{"sessions at 02:00"}},
		{name: "poster reads it", method: "GET", url: "/api/v1/follow/" + anon.FollowToken, status: 200,
			contains: []string{"sessions at 02:00", `"from":"team"`, `"status":"answered"`}},
		{name: "poster answers back", method: "POST", url: "/api/v1/follow/" + anon.FollowToken + "/replies",
			body: map[string]any{"body": "Thank you, which wards?"}, status: 201, contains: []string{`"from":"you"`}},
		{name: "empty answer", method: "POST", url: "/api/v1/follow/" + anon.FollowToken + "/replies",
			body: map[string]any{"body": ""}, status: 422, contains: []string{`"field":"body"`}},
		{name: "wrong token", method: "GET", url: "/api/v1/follow/fb_not-a-real-token", status: 404},
		{name: "wrong token answer", method: "POST", url: "/api/v1/follow/fb_nope/replies",
			body: map[string]any{"body": "hi"}, status: 404},
		{name: "team sees the answer", method: "GET", url: fmt.Sprintf("/api/v1/posts/%d", anon.ID),
			headers: []string{"token", comms}, status: 200, contains: []string{"which wards?", `"from":"poster"`}},
		{name: "reply needs public", method: "POST", url: fmt.Sprintf("/api/v1/posts/%d/replies", anon.ID),
			body: map[string]any{"body": "x"}, headers: []string{"token", comms}, status: 422,
			contains: []string{`"field":"public"`}},
	})

	// A named poster with an email is mailed the reply with a fresh follow-up link.
	named := e.newPost(ch, map[string]any{"kind": "idea", "body": "Record the training.", "name": "Sam Patel", "email": "Sam.Patel@Trust.nhs.uk"})
	r = e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", named.ID),
		map[string]any{"body": "We will record every session.", "public": true}, "token", comms)
	if r.Status != http.StatusCreated {
		t.Fatalf("reply: %s", r)
	}
	m := e.waitForMail("sam.patel@trust.nhs.uk", 0)
	if !strings.Contains(m.Text, "We will record every session.") || !strings.Contains(m.Subject, "Training and readiness") {
		t.Fatalf("mail: %s\n%s", m.Subject, m.Text)
	}
	link := followLinkRe.FindStringSubmatch(m.Text)
	if link == nil || link[1] == named.FollowToken {
		t.Fatalf("mail has no fresh follow-up link:\n%s", m.Text)
	}
	e.run([]scenario{{name: "mailed link works", method: "GET", url: "/api/v1/follow/" + link[1], status: 200,
		contains: []string{"We will record every session.", `"name":"Sam Patel"`}}})
	// Anonymous posters have no email, so nobody was mailed for the first reply.
	var mails int64
	e.store.DB.Model(&models.OutboxMessage{}).Count(&mails)
	if mails != 1 {
		t.Fatalf("%d mails sent, want 1", mails)
	}
}

func TestFeedbackTriageAndYouSaidWeDid(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	facil := e.tokenFor(models.RoleFacilitator)
	ch := e.newChannel(admin, map[string]any{"name": "Patients and carers", "audience": "public"})
	p := e.newPost(ch, map[string]any{"kind": "idea", "body": "Print discharge letters in large type.", "anonymous": true})
	url := fmt.Sprintf("/api/v1/posts/%d", p.ID)
	e.run([]scenario{
		{name: "acknowledge", method: "PATCH", url: url, body: map[string]any{"status": "acknowledged"},
			headers: []string{"token", facil}, status: 200, contains: []string{`"status":"acknowledged"`}},
		{name: "tags", method: "PATCH", url: url, body: map[string]any{"tags": []string{" Accessibility", "letters", "accessibility"}},
			headers: []string{"token", comms}, status: 200, contains: []string{`"tags":["accessibility","letters"]`}},
		{name: "bad status", method: "PATCH", url: url, body: map[string]any{"status": "done"},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"status"`}},
		{name: "actioned needs action_taken", method: "PATCH", url: url, body: map[string]any{"status": "actioned"},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"action_taken"`}},
		{name: "too many tags", method: "PATCH", url: url,
			body:    map[string]any{"tags": []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"tags"`}},
		{name: "not yet on you said we did", method: "GET", url: "/api/v1/you-said-we-did", status: 200,
			notContains: []string{"discharge letters"}},
		{name: "action", method: "PATCH", url: url,
			body:    map[string]any{"status": "actioned", "action_taken": "Letters now print in 16pt from March."},
			headers: []string{"token", comms}, status: 200, contains: []string{`"status":"actioned"`, `"actioned_at":"`}},
		{name: "you said we did", method: "GET", url: "/api/v1/you-said-we-did", status: 200,
			contains: []string{"discharge letters", "16pt from March", `"name":"Patients and carers"`}},
		{name: "tag filter", method: "GET", url: fmt.Sprintf("/api/v1/channels/%d/posts?tag=letters&status=actioned", ch),
			status: 200, contains: []string{"discharge letters"}},
		{name: "tag filter misses", method: "GET", url: fmt.Sprintf("/api/v1/channels/%d/posts?tag=parking", ch),
			status: 200, notContains: []string{"discharge letters"}},
		{name: "queue filter", method: "GET", url: fmt.Sprintf("/api/v1/feedback/queue?channel_id=%d&status=actioned", ch),
			headers: []string{"token", facil}, status: 200, contains: []string{`"total":1`}},
		{name: "tags in use", method: "GET", url: "/api/v1/feedback/tags", headers: []string{"token", comms},
			status: 200, contains: []string{`{"tag":"accessibility","posts":1}`}},
		{name: "missing post", method: "PATCH", url: "/api/v1/posts/9999", body: map[string]any{"status": "closed"},
			headers: []string{"token", comms}, status: 404},
	})
}

func TestFeedbackModerationWithAuditTrail(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	open := e.newChannel(admin, map[string]any{"name": "Open"})
	gated := e.newChannel(admin, map[string]any{"name": "Gated", "require_approval": true})
	p := e.newPost(open, map[string]any{"kind": "concern", "body": "Dr Smith on ward 3 is useless.", "anonymous": true})
	list := fmt.Sprintf("/api/v1/channels/%d/posts", open)
	mod := fmt.Sprintf("/api/v1/posts/%d/moderation", p.ID)
	e.run([]scenario{
		{name: "comms may not hide", method: "POST", url: mod, body: map[string]any{"action": "hide", "reason": "x"},
			headers: []string{"token", comms}, status: 403},
		{name: "hide needs a reason", method: "POST", url: mod, body: map[string]any{"action": "hide"},
			headers: []string{"token", admin}, status: 422, contains: []string{`"field":"reason"`}},
		{name: "bad action", method: "POST", url: mod, body: map[string]any{"action": "delete", "reason": "x"},
			headers: []string{"token", admin}, status: 422, contains: []string{`"field":"action"`}},
		{name: "hide", method: "POST", url: mod,
			body:    map[string]any{"action": "hide", "reason": "It names a member of staff. Please post again without the name."},
			headers: []string{"token", admin}, status: 200, contains: []string{`"hidden":true`, `"visibility":"hidden"`}},
		{name: "gone from public", method: "GET", url: list, status: 200, notContains: []string{"ward 3"}},
		{name: "no me too on a hidden post", method: "POST", url: fmt.Sprintf("/api/v1/posts/%d/metoo", p.ID),
			headers: []string{feedback.BrowserHeader, "browser-token-0123456789"}, status: 404},
		{name: "poster sees why", method: "GET", url: "/api/v1/follow/" + p.FollowToken, status: 200,
			contains: []string{`"visibility":"hidden"`, "It names a member of staff"}},
		{name: "unhide", method: "POST", url: mod, body: map[string]any{"action": "unhide", "reason": "Name removed."},
			headers: []string{"token", admin}, status: 200, contains: []string{`"visibility":"public"`}},
		{name: "back in public", method: "GET", url: list, status: 200, contains: []string{"ward 3"}},
	})
	trail, err := feedbackmodel.Of(e.store).ModerationTrail(context.Background(), p.ID)
	if err != nil || len(trail) != 2 || trail[0].Action != "hide" || trail[1].Action != "unhide" ||
		!strings.Contains(trail[0].Reason, "names a member of staff") || trail[0].ActorID == nil {
		t.Fatalf("audit trail: %+v %v", trail, err)
	}
	e.run([]scenario{{name: "trail in team view", method: "GET", url: fmt.Sprintf("/api/v1/posts/%d", p.ID),
		headers: []string{"token", comms}, status: 200,
		contains: []string{`"moderation":[{`, `"action":"hide"`, `"action":"unhide"`}}})

	// A channel requiring approval keeps a post out of public view until approved.
	g := e.newPost(gated, map[string]any{"kind": "idea", "body": "Gated idea", "anonymous": true})
	if g.Visibility != "awaiting_approval" {
		t.Fatalf("gated post visibility %q", g.Visibility)
	}
	glist := fmt.Sprintf("/api/v1/channels/%d/posts", gated)
	e.run([]scenario{
		{name: "pending not public", method: "GET", url: glist, status: 200, notContains: []string{"Gated idea"}},
		{name: "pending in queue", method: "GET", url: "/api/v1/feedback/queue?visibility=pending",
			headers: []string{"token", comms}, status: 200, contains: []string{"Gated idea"}},
		{name: "poster told it waits", method: "GET", url: "/api/v1/follow/" + g.FollowToken, status: 200,
			contains: []string{`"visibility":"awaiting_approval"`}},
		{name: "approve", method: "POST", url: fmt.Sprintf("/api/v1/posts/%d/moderation", g.ID),
			body: map[string]any{"action": "approve"}, headers: []string{"token", admin}, status: 200},
		{name: "now public", method: "GET", url: glist, status: 200, contains: []string{"Gated idea"}},
	})
}

// TestFeedbackTeamRoutesRefuseOutsiders: the route walk covers 401/403 for every route;
// this adds that a participant's follow-up token opens nothing on the team side.
func TestFeedbackTeamRoutesRefuseOutsiders(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{})
	p := e.newPost(ch, map[string]any{"body": "x", "anonymous": true})
	for _, sc := range []struct{ method, url string }{
		{"GET", "/api/v1/feedback/queue"}, {"GET", "/api/v1/feedback/tags"},
		{"GET", "/api/v1/feedback/export/posts.csv"}, {"GET", "/api/v1/feedback/export/channels.csv"},
		{"GET", fmt.Sprintf("/api/v1/posts/%d", p.ID)}, {"PATCH", fmt.Sprintf("/api/v1/posts/%d", p.ID)},
		{"POST", fmt.Sprintf("/api/v1/posts/%d/replies", p.ID)}, {"POST", fmt.Sprintf("/api/v1/posts/%d/moderation", p.ID)},
		{"POST", "/api/v1/channels"}, {"PATCH", fmt.Sprintf("/api/v1/channels/%d", ch)},
	} {
		if r := e.do(sc.method, sc.url, map[string]any{}, "token", p.FollowToken); r.Status != http.StatusUnauthorized {
			t.Errorf("%s %s with a follow-up token: %s", sc.method, sc.url, r)
		}
		if r := e.do(sc.method, sc.url, map[string]any{}); r.Status != http.StatusUnauthorized {
			t.Errorf("%s %s anonymously: %s", sc.method, sc.url, r)
		}
	}
}

func TestFeedbackCSVExportGuardsFormulas(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{"name": "=HYPERLINK(\"http://evil.example\")"})
	e.newPost(ch, map[string]any{"body": "+SUM(A1:A9)", "name": "@Mallory", "email": "m@evil.example"})
	r := e.do("GET", "/api/v1/feedback/export/posts.csv", nil, "token", admin)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %s", r)
	}
	body := string(r.Body)
	for _, want := range []string{`'+SUM(A1:A9)`, `'@Mallory`, `"'=HYPERLINK(""http://evil.example"")"`, "m@evil.example"} {
		if !strings.Contains(body, want) {
			t.Fatalf("export lacks %q:\n%s", want, body)
		}
	}
	r = e.do("GET", "/api/v1/feedback/export/channels.csv", nil, "token", admin)
	if !strings.Contains(string(r.Body), `"'=HYPERLINK(`) {
		t.Fatalf("channels export: %s", r)
	}
}

func TestFeedbackTeamDetailAlwaysListsReplies(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	p := e.newPost(e.newChannel(admin, map[string]any{}), map[string]any{"body": "x", "anonymous": true})
	e.run([]scenario{{name: "no replies yet", method: "GET", url: fmt.Sprintf("/api/v1/posts/%d", p.ID),
		headers: []string{"token", admin}, status: 200, contains: []string{`"replies":[]`, `"moderation":[]`}}})
}

// TestFeedbackPublicWritesAreRateLimited: posting, "me too" and answering back share the
// per-IP limit on public writes, and a refused post stores nothing.
func TestFeedbackPublicWritesAreRateLimited(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.RateLimit = 3 })
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{})
	p := e.newPost(ch, map[string]any{"body": "one", "anonymous": true})
	e.do("POST", fmt.Sprintf("/api/v1/posts/%d/metoo", p.ID), nil, feedback.BrowserHeader, "rate-limit-browser-0001")
	e.do("POST", "/api/v1/follow/"+p.FollowToken+"/replies", map[string]any{"body": "two"})
	r := e.do("POST", fmt.Sprintf("/api/v1/channels/%d/posts", ch), map[string]any{"kind": "idea", "body": "four", "anonymous": true})
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("fourth public write in a minute: %s", r)
	}
	var n int64
	e.store.DB.Model(&feedbackmodel.FeedbackPost{}).Count(&n)
	if n != 1 {
		t.Fatalf("%d posts stored, want 1", n)
	}
	// The team is not limited by it.
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/channels/%d", ch), map[string]any{"description": "Now described", "require_approval": true},
		"token", admin); r.Status != 200 || !strings.Contains(string(r.Body), `"require_approval":true`) {
		t.Fatalf("update channel: %s", r)
	}
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/channels/%d", ch), map[string]any{"audience": "nobody"}, "token", admin); r.Status != 422 {
		t.Fatalf("bad audience update: %s", r)
	}
}
