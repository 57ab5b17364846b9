package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
)

// TestDecisionPublishingClosesTheLoop (issue 16, closing the loop): publishing tells each
// linked contributor once. A named poster with three linked posts (their address typed in
// two casings) gets one email; a poster linked through a theme, a workshop participant who
// left an email with consent, and a booker who asked to hear each get one; the anonymous
// poster sees it through their follow-up link; nobody unlinked hears (a named poster of
// another post, a voter who left no email, a booker who did not ask); and a second publish
// is a conflict that sends nothing.
func TestDecisionPublishingClosesTheLoop(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin, fac := e.tokenFor(models.RoleAdmin), e.tokenFor(models.RoleFacilitator)
	ch := e.newChannel(admin, map[string]any{})
	named := func(email, body string) uint {
		return e.newPost(ch, map[string]any{"name": "Ann Lee", "email": email, "body": body}).ID
	}
	ann := []uint{named("ann.lee@ward.example.org", "Falls alerts fire too often"),
		named("Ann.Lee@Ward.Example.org", "The falls order set is hard to find"),
		named("ann.lee@ward.example.org", "Night staff miss the falls review")}
	anon := e.newPost(ch, map[string]any{"anonymous": true, "body": "Nobody asked the night shift"})
	bob := e.newPost(ch, map[string]any{"name": "Bob", "email": "bob@ward.example.org", "body": "Parking is full"})
	cara := named("cara@ward.example.org", "Falls risk should show on the ward board")
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/posts/%d", cara), map[string]any{"tags": []string{"falls"}}, "token", admin); r.Status != 200 {
		t.Fatalf("tag: %s", r)
	}

	w := e.newWorkshop(fac)
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Which first?", "options": []string{"Alerts", "Order sets"}}, "open")
	dee := e.join(w.JoinCode, "")
	dee.send(map[string]any{"type": "profile", "display_name": "Dee", "notify_email": "Dee@Ward.Example.org", "notify_consent": true})
	dee.next("profile_saved")
	if f := dee.vote(map[string]any{"poll_id": poll, "choices": []int{0}}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	quiet := e.join(w.JoinCode, "")
	if f := quiet.vote(map[string]any{"poll_id": poll, "choices": []int{1}}); f.Type != "ack" {
		t.Fatalf("vote: %s", f.raw)
	}
	f := newSessionFixture(e, 10, nil)
	if r, b := f.book(f.slot.ID, person(1, "hear_outcomes", true)); r.Status != 201 || !b.HearOutcomes {
		t.Fatalf("booking that asks to hear: %s", r)
	}
	if r, b := f.book(f.slot.ID, person(2)); r.Status != 201 || b.HearOutcomes {
		t.Fatalf("booking that does not: %s", r)
	}

	d := e.newDecision(fac, map[string]any{"title": "One falls order set", "question": "How should nurses order falls care?"})
	for _, id := range append(ann, anon.ID) {
		e.linkDecision(fac, d.ID, "post", id)
	}
	e.linkDecision(fac, d.ID, "theme", "Falls")
	e.linkDecision(fac, d.ID, "poll", poll)
	e.linkDecision(fac, d.ID, "session", f.session.ID)

	if r := e.do("POST", fmt.Sprintf("/api/v1/decisions/%d/publish", d.ID), nil, "token", fac); r.Status != 422 ||
		!strings.Contains(string(r.Body), `"field":"status"`) {
		t.Fatalf("publishing a proposed decision: %s, want 422 on status", r)
	}
	e.decide(fac, d.ID)
	pub := e.publishDecision(fac, d.ID)
	if pub.PublishedAt == nil || pub.Notified != 4 {
		t.Fatalf("published %+v, want published_at and 4 people told (Ann, Cara, Dee, person 1)", pub)
	}
	link := fmt.Sprintf("%s/decisions/%d", e.URL, d.ID)
	for _, addr := range []string{"ann.lee@ward.example.org", "cara@ward.example.org", "dee@ward.example.org", "person.1@ward.example.org"} {
		m := e.mailWithSubject(addr, "A decision on what you told us: One falls order set")
		if !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) {
			t.Errorf("mail to %s does not link the public decision %s:\n%s", addr, link, m.Text)
		}
	}
	// The mails go out in one background job in order: all four are there, so it is done.
	if got := e.mailsTo("ann.lee@ward.example.org"); len(got) != 1 {
		t.Errorf("Ann, with three linked posts, got %d emails, want 1", len(got))
	}
	e.noMailTo(t, "bob@ward.example.org")
	if got := e.mailsTo("person.2@ward.example.org"); len(got) != 1 { // the booking's own confirmation only
		t.Errorf("person 2 got %d emails, want only their booking's", len(got))
	}
	if r := e.do("POST", fmt.Sprintf("/api/v1/decisions/%d/publish", d.ID), nil, "token", fac); r.Status != 409 {
		t.Errorf("publishing twice: %s, want 409", r)
	}

	var seen []struct {
		ID    uint   `json:"id"`
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	e.do("GET", "/api/v1/follow/"+anon.FollowToken+"/decisions", nil).JSON(t, &seen)
	if len(seen) != 1 || seen[0].ID != d.ID || seen[0].URL != fmt.Sprintf("/decisions/%d", d.ID) {
		t.Errorf("the anonymous poster's follow-up decisions: %+v, want the published decision", seen)
	}
	var none []any
	e.do("GET", "/api/v1/follow/"+bob.FollowToken+"/decisions", nil).JSON(t, &none)
	if len(none) != 0 {
		t.Errorf("an unlinked poster's follow-up decisions: %v, want none", none)
	}
	if r := e.do("GET", "/api/v1/follow/fb_not-a-token/decisions", nil); r.Status != 404 {
		t.Errorf("an unknown follow-up token: %s, want 404", r)
	}
	time.Sleep(200 * time.Millisecond) // a second publish, had it sent anything, would have by now
	if got := e.mailsTo("ann.lee@ward.example.org"); len(got) != 1 {
		t.Errorf("after publishing twice Ann has %d emails, want 1", len(got))
	}
}

// TestDecisionVersionsKeepHistory (issue 16, item 1): edits before publication change the
// decision in place; after it, each change keeps the previous content as a version, with
// who changed it and the note, and the public page lists the versions' dates. Superseded
// needs another decision that exists.
func TestDecisionVersionsKeepHistory(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	d := e.newDecision(comms, map[string]any{"title": "Draft title", "options": []string{"Keep paper", "Go digital"}})
	url := fmt.Sprintf("/api/v1/decisions/%d", d.ID)
	e.run([]scenario{
		{name: "edit before publishing", method: "PATCH", url: url, body: map[string]any{"title": "Digital observations"},
			headers: []string{"token", comms}, status: 200, contains: []string{`"version":1`, `"title":"Digital observations"`}},
		{name: "no versions yet", method: "GET", url: url + "/versions", headers: []string{"token", comms}, status: 200, contains: []string{`[]`}},
	})
	e.decide(comms, d.ID)
	e.publishDecision(comms, d.ID)
	other := e.newDecision(comms, map[string]any{"title": "Observations on the new devices"})
	e.run([]scenario{
		{name: "a change to nothing keeps the version", method: "PATCH", url: url, body: map[string]any{"title": "Digital  observations "},
			headers: []string{"token", comms}, status: 200, contains: []string{`"version":1`}},
		{name: "change after publishing", method: "PATCH", url: url, body: map[string]any{"rationale": "Fewer transcription errors", "note": "Added the reason"},
			headers: []string{"token", comms}, status: 200, contains: []string{`"version":2`, `"rationale":"Fewer transcription errors"`}},
		{name: "superseded needs superseded_by", method: "PATCH", url: url, body: map[string]any{"status": "superseded"},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"superseded_by"`}},
		{name: "not by itself", method: "PATCH", url: url, body: map[string]any{"status": "superseded", "superseded_by": d.ID},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"superseded_by"`}},
		{name: "not by one that does not exist", method: "PATCH", url: url, body: map[string]any{"status": "superseded", "superseded_by": 99999},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"superseded_by"`}},
		{name: "superseded", method: "PATCH", url: url, body: map[string]any{"status": "superseded", "superseded_by": other.ID},
			headers: []string{"token", comms}, status: 200, contains: []string{`"version":3`, fmt.Sprintf(`"superseded_by":%d`, other.ID)}},
		{name: "never back to proposed", method: "PATCH", url: url, body: map[string]any{"status": "proposed"},
			headers: []string{"token", comms}, status: 422, contains: []string{`"field":"status"`}},
	})
	var versions []struct {
		Version   int    `json:"version"`
		ChangedBy string `json:"changed_by"`
		Note      string `json:"note"`
		Snapshot  struct {
			Title     string `json:"title"`
			Rationale string `json:"rationale"`
			Status    string `json:"status"`
		} `json:"snapshot"`
	}
	e.do("GET", url+"/versions", nil, "token", comms).JSON(t, &versions)
	if len(versions) != 2 || versions[0].Version != 2 || versions[1].Version != 1 {
		t.Fatalf("versions %+v, want 2 then 1", versions)
	}
	if v := versions[1]; v.Snapshot.Rationale != "" || v.Snapshot.Title != "Digital observations" || v.Note != "Added the reason" || v.ChangedBy == "" {
		t.Errorf("version 1 kept %+v, want the content before the change, the note and who changed it", v)
	}
	if v := versions[0]; v.Snapshot.Status != "decided" || v.Snapshot.Rationale != "Fewer transcription errors" {
		t.Errorf("version 2 kept %+v", v)
	}
	var pub struct {
		Status   string `json:"status"`
		Versions []struct {
			Version   int       `json:"version"`
			ChangedAt time.Time `json:"changed_at"`
		} `json:"versions"`
	}
	e.do("GET", fmt.Sprintf("/api/v1/public/decisions/%d", d.ID), nil).JSON(t, &pub)
	if pub.Status != "superseded" || len(pub.Versions) != 2 || pub.Versions[1].ChangedAt.IsZero() {
		t.Errorf("public decision %+v, want superseded with two versions' dates", pub)
	}
}

// TestDecisionAuthorisationAndBadInput: the public cannot write or read the team's
// routes; an unpublished decision is not found publicly and not listed; bad input is a
// 4xx naming its field; a link's target must exist, and the same link twice is a conflict.
func TestDecisionAuthorisationAndBadInput(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	fac, admin := e.tokenFor(models.RoleFacilitator), e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{})
	post := e.newPost(ch, map[string]any{"anonymous": true, "body": "Too many clicks"})
	d := e.newDecision(fac, map[string]any{"title": "Secret draft about clicks"})
	url := fmt.Sprintf("/api/v1/decisions/%d", d.ID)
	tok := []string{"token", fac}
	e.run([]scenario{
		{name: "public create", method: "POST", url: "/api/v1/decisions", body: map[string]any{"title": "x"}, status: 401},
		{name: "public read of the team view", method: "GET", url: url, status: 401},
		{name: "public publish", method: "POST", url: url + "/publish", status: 401},
		{name: "public link", method: "POST", url: url + "/links", body: map[string]any{"kind": "post", "id": post.ID}, status: 401},
		{name: "unpublished is not public", method: "GET", url: fmt.Sprintf("/api/v1/public/decisions/%d", d.ID), status: 404},
		{name: "unpublished is not listed", method: "GET", url: "/api/v1/public/decisions", status: 200,
			contains: []string{`"items":[]`, `"total":0`}, notContains: []string{"Secret draft"}},
		{name: "unpublished is not in the feed", method: "GET", url: "/api/v1/public/decisions.rss", status: 200, notContains: []string{"Secret draft"}},
		{name: "title required", method: "POST", url: "/api/v1/decisions", body: map[string]any{"question": "q"}, headers: tok,
			status: 422, contains: []string{`"field":"title"`}},
		{name: "unknown field", method: "POST", url: "/api/v1/decisions", body: map[string]any{"title": "t", "published_at": "now"}, headers: tok, status: 400},
		{name: "bad date", method: "PATCH", url: url, body: map[string]any{"decided_on": "7/12/2026"}, headers: tok,
			status: 422, contains: []string{`"field":"decided_on"`}},
		{name: "bad status", method: "PATCH", url: url, body: map[string]any{"status": "maybe"}, headers: tok,
			status: 422, contains: []string{`"field":"status"`}},
		{name: "decided needs the decision", method: "PATCH", url: url, body: map[string]any{"status": "decided"}, headers: tok,
			status: 422, contains: []string{`"field":"decided"`}},
		{name: "organisation must exist", method: "PATCH", url: url, body: map[string]any{"organisation_ids": []uint{99999}}, headers: tok,
			status: 422, contains: []string{`"field":"organisation_ids"`}},
		{name: "quote needs its source", method: "PATCH", url: url, body: map[string]any{"quotes": []map[string]any{{"text": "x", "source_kind": "post"}}},
			headers: tok, status: 422, contains: []string{`"field":"quotes.0.source_id"`}},
		{name: "bad kind", method: "POST", url: url + "/links", body: map[string]any{"kind": "tweet", "id": 1}, headers: tok,
			status: 422, contains: []string{`"field":"kind"`}},
		{name: "missing id", method: "POST", url: url + "/links", body: map[string]any{"kind": "post"}, headers: tok,
			status: 422, contains: []string{`"field":"id"`}},
		{name: "post that does not exist", method: "POST", url: url + "/links", body: map[string]any{"kind": "post", "id": 99999}, headers: tok,
			status: 422, contains: []string{`"field":"id"`}},
		{name: "session that does not exist", method: "POST", url: url + "/links", body: map[string]any{"kind": "session", "id": 99999}, headers: tok,
			status: 422, contains: []string{`"field":"id"`}},
		{name: "theme by number", method: "POST", url: url + "/links", body: map[string]any{"kind": "theme", "id": 4}, headers: tok,
			status: 422, contains: []string{`"field":"id"`}},
		{name: "post by name", method: "POST", url: url + "/links", body: map[string]any{"kind": "post", "id": "four"}, headers: tok,
			status: 422, contains: []string{`"field":"id"`}},
		{name: "link", method: "POST", url: url + "/links", body: map[string]any{"kind": "post", "id": post.ID}, headers: tok,
			status: 201, contains: []string{`"label":"Too many clicks"`, fmt.Sprintf(`"url":"/feedback/triage/%d"`, post.ID)}},
		{name: "the same link twice", method: "POST", url: url + "/links", body: map[string]any{"kind": "post", "id": post.ID}, headers: tok,
			status: 409, contains: []string{`"field":"id"`}},
		{name: "decision that does not exist", method: "POST", url: "/api/v1/decisions/99999/links", body: map[string]any{"kind": "theme", "id": "x"}, headers: tok, status: 404},
		{name: "link that does not exist", method: "DELETE", url: url + "/links/99999", headers: tok, status: 404},
		{name: "bad page", method: "GET", url: "/api/v1/public/decisions?page=x", status: 400, contains: []string{`"field":"page"`}},
		{name: "bad public status", method: "GET", url: "/api/v1/public/decisions?status=maybe", status: 422, contains: []string{`"field":"status"`}},
	})
	var got testDecision
	e.do("GET", url, nil, tok...).JSON(t, &got)
	if len(got.Links) != 1 {
		t.Fatalf("links %+v, want one", got.Links)
	}
	if r := e.do("DELETE", fmt.Sprintf("%s/links/%d", url, got.Links[0].ID), nil, tok...); r.Status != 204 {
		t.Errorf("unlink: %s", r)
	}
}

// TestDecisionRegisterSearchAndFilter: the public register lists published decisions only,
// searches their words, and filters by theme (the decision's own or a linked one),
// organisation affected and status.
func TestDecisionRegisterSearchAndFilter(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	org, other := e.makeOrg("RX1"), e.makeOrg("RX10")
	a := e.newDecision(comms, map[string]any{"title": "Discharge letters go digital", "themes": []string{"Letters"},
		"organisation_ids": []uint{org}})
	b := e.newDecision(comms, map[string]any{"title": "Blood results 100% in the EPR", "organisation_ids": []uint{other}})
	e.linkDecision(comms, b.ID, "theme", "pathology")
	e.newDecision(comms, map[string]any{"title": "Discharge draft never published", "themes": []string{"letters"}})
	for _, id := range []uint{a.ID, b.ID} {
		e.decide(comms, id)
		e.publishDecision(comms, id)
	}
	list := func(query string) []uint {
		var page struct {
			Items []struct{ ID uint } `json:"items"`
			Total int                 `json:"total"`
		}
		r := e.do("GET", "/api/v1/public/decisions"+query, nil)
		if r.Status != 200 {
			t.Fatalf("%s: %s", query, r)
		}
		r.JSON(t, &page)
		var ids []uint
		for _, it := range page.Items {
			ids = append(ids, it.ID)
		}
		if page.Total != len(ids) && !strings.Contains(query, "page=") {
			t.Errorf("%s: total %d for %d items", query, page.Total, len(ids))
		}
		return ids
	}
	for _, c := range []struct {
		query string
		want  []uint
	}{
		{"", []uint{b.ID, a.ID}},
		{"?q=discharge", []uint{a.ID}},
		{"?q=100%25", []uint{b.ID}},
		{"?theme=letters", []uint{a.ID}},
		{"?theme=Pathology", []uint{b.ID}},
		{fmt.Sprintf("?organisation_id=%d", org), []uint{a.ID}},
		{fmt.Sprintf("?organisation_id=%d", other), []uint{b.ID}},
		{"?status=superseded", nil},
		{"?status=decided&per_page=1&page=2", []uint{a.ID}},
	} {
		if got := list(c.query); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.query, got, c.want)
		}
	}
}

// countsAtLeastFive walks a public JSON value and fails on any published count between 1
// and 4: every count key ("contributions", "count", "total", "counts") is null or >= 5.
func countsAtLeastFive(t *testing.T, v any, path string) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			switch k {
			case "contributions", "count", "total":
				if n, ok := val.(float64); ok && n > 0 && n < 5 {
					t.Errorf("%s.%s = %v is published", path, k, n)
				}
			case "counts":
				for i, c := range val.([]any) {
					if n, ok := c.(float64); ok && n > 0 && n < 5 {
						t.Errorf("%s.counts[%d] = %v is published", path, i, n)
					}
				}
			}
			countsAtLeastFive(t, val, path+"."+k)
		}
	case []any:
		for i, item := range x {
			countsAtLeastFive(t, item, fmt.Sprintf("%s[%d]", path, i))
		}
	}
}

// TestDecisionHeardSuppressesSmallCounts (issue 16, item 2): "what we heard" counts each
// contribution once (a post linked directly and through its theme counts once), and the
// public view shows no count from 1 to 4, nor one that would give a small one away; the
// team sees them all. A private post is counted but its words never reach the public page.
func TestDecisionHeardSuppressesSmallCounts(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	big, small := e.makeOrg("BIG"), e.makeOrg("SML")
	ch := e.newChannel(admin, map[string]any{})
	private := e.newChannel(admin, map[string]any{"require_approval": true})
	var posts []uint
	for i := 0; i < 6; i++ {
		posts = append(posts, e.newPost(ch, map[string]any{"anonymous": true, "body": fmt.Sprintf("Big trust post %d", i),
			"organisation_id": big, "staff_group": "Nursing and Midwifery Registered"}).ID)
	}
	for i := 0; i < 2; i++ {
		posts = append(posts, e.newPost(ch, map[string]any{"anonymous": true, "body": fmt.Sprintf("Small trust post %d", i),
			"organisation_id": small, "staff_group": "Allied Health Professionals"}).ID)
	}
	hidden := e.newPost(private, map[string]any{"anonymous": true, "body": "Private words that must stay private",
		"organisation_id": big, "staff_group": "Nursing and Midwifery Registered"})
	posts = append(posts, hidden.ID)
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/posts/%d", posts[0]), map[string]any{"tags": []string{"alerts"}}, "token", admin); r.Status != 200 {
		t.Fatal(r)
	}
	w := e.newWorkshop(admin)
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Which alert first?", "options": []string{"Sepsis", "Falls"}}, "open")
	for i := 0; i < 9; i++ {
		choice := 0
		if i < 2 {
			choice = 1
		}
		p := e.join(w.JoinCode, "")
		if f := p.vote(map[string]any{"poll_id": poll, "choices": []int{choice}}); f.Type != "ack" {
			t.Fatalf("vote: %s", f.raw)
		}
		p.Close()
	}
	d := e.newDecision(admin, map[string]any{"title": "Alerts reviewed"})
	for _, id := range posts {
		e.linkDecision(admin, d.ID, "post", id)
	}
	e.linkDecision(admin, d.ID, "theme", "alerts")
	e.linkDecision(admin, d.ID, "poll", poll)
	e.decide(admin, d.ID)
	team := e.publishDecision(admin, d.ID)
	if team.Heard.Contributions == nil || *team.Heard.Contributions != 18 { // 9 posts + 9 votes, each once
		t.Fatalf("team heard %+v, want 18 contributions", team.Heard)
	}
	r := e.do("GET", fmt.Sprintf("/api/v1/decisions/%d", d.ID), nil, "token", admin)
	if !strings.Contains(string(r.Body), `"name":"Org SML","count":2,"count_text":"2"`) {
		t.Errorf("the team view hides a small count: %s", r.Body)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/public/decisions/%d", d.ID), nil)
	if r.Status != 200 {
		t.Fatal(r)
	}
	var pub map[string]any
	r.JSON(t, &pub)
	countsAtLeastFive(t, pub, "decision")
	body := string(r.Body)
	for _, want := range []string{`"name":"Org SML","count":null,"count_text":"fewer than 5"`, `"contributions":18`,
		`"counts":[null,null]`, `"total":9`} {
		if !strings.Contains(body, want) {
			t.Errorf("public decision lacks %s: %s", want, body)
		}
	}
	if strings.Contains(body, "Private words") {
		t.Errorf("a private post's words reached the public page: %s", body)
	}
	var links []struct{ Kind string }
	raw, _ := json.Marshal(pub["links"])
	json.Unmarshal(raw, &links)
	if len(links) != 10 { // 8 public posts, the theme and the poll
		t.Errorf("public links %s, want 10 (no private post)", raw)
	}
}

// TestYouSaidWeDidShowsItsDecisions (issue 16, item 4): on the public programme page,
// each "you said, we did" post carries the published decisions it informed (linked
// directly or through its theme); an unpublished one is not there.
func TestYouSaidWeDidShowsItsDecisions(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	ch := e.newChannel(e.tokenFor(models.RoleAdmin), map[string]any{})
	post := e.newPost(ch, map[string]any{"anonymous": true, "body": "Handover takes too long"})
	if r := e.do("PATCH", fmt.Sprintf("/api/v1/posts/%d", post.ID), map[string]any{"status": "actioned",
		"action_taken": "We shortened the handover form", "tags": []string{"handover"}}, "token", comms); r.Status != 200 {
		t.Fatal(r)
	}
	published := e.newDecision(comms, map[string]any{"title": "A shorter handover form"})
	e.linkDecision(comms, published.ID, "theme", "handover")
	e.decide(comms, published.ID)
	e.publishDecision(comms, published.ID)
	draft := e.newDecision(comms, map[string]any{"title": "Handover draft"})
	e.linkDecision(comms, draft.ID, "post", post.ID)
	e.run([]scenario{{name: "programme", method: "GET", url: "/api/v1/programme", status: 200,
		contains:    []string{fmt.Sprintf(`"decisions":[{"id":%d,"title":"A shorter handover form","url":"/decisions/%d"}]`, published.ID, published.ID)},
		notContains: []string{"Handover draft"}}})

	// The public "you said, we did" page asks which decisions its posts informed; a hidden
	// post (linked to a published decision too) is not answered for.
	hidden := e.newPost(ch, map[string]any{"anonymous": true, "body": "Handover notes go missing"})
	e.linkDecision(comms, published.ID, "post", hidden.ID)
	if r := e.do("POST", fmt.Sprintf("/api/v1/posts/%d/moderation", hidden.ID), map[string]any{"action": "hide",
		"reason": "It names a patient"}, "token", e.tokenFor(models.RoleAdmin)); r.Status != 200 {
		t.Fatal(r)
	}
	forPosts := fmt.Sprintf("/api/v1/public/decisions-for-posts?post_ids=%d,%d", post.ID, hidden.ID)
	e.run([]scenario{
		{name: "decisions for posts", method: "GET", url: forPosts, status: 200,
			contains:    []string{fmt.Sprintf(`{"%d":[{"id":%d,"title":"A shorter handover form","url":"/decisions/%d"}]}`, post.ID, published.ID, published.ID)},
			notContains: []string{"Handover draft", fmt.Sprintf(`"%d":`, hidden.ID)}},
		{name: "decisions for posts: not numbers", method: "GET", url: "/api/v1/public/decisions-for-posts?post_ids=1,x", status: 422,
			contains: []string{`"field":"post_ids"`}},
		{name: "decisions for posts: too many", method: "GET", url: "/api/v1/public/decisions-for-posts?post_ids=" + strings.Repeat("1,", 101) + "1",
			status: 422, contains: []string{`"field":"post_ids"`}},
	})
}

// TestDecisionAnswersInCoverage (issue 16, item 5): a contribution a published decision
// links counts as answered in coverage, from the moment it is published (an unpublished
// decision answers nobody); a vote in a linked poll too.
func TestDecisionAnswersInCoverage(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{})
	for i := 0; i < 6; i++ {
		id := e.newPost(ch, map[string]any{"name": "Poster", "email": fmt.Sprintf("poster%d@ward.example.org", i), "body": "Scanners are slow"}).ID
		if r := e.do("PATCH", fmt.Sprintf("/api/v1/posts/%d", id), map[string]any{"tags": []string{"scanners"}}, "token", admin); r.Status != 200 {
			t.Fatal(r)
		}
	}
	w := e.newWorkshop(admin)
	poll := e.newPoll(w, map[string]any{"kind": "single", "question": "Which scanner?", "options": []string{"A", "B"}}, "open")
	p := e.join(w.JoinCode, "")
	if f := p.vote(map[string]any{"poll_id": poll, "choices": []int{0}}); f.Type != "ack" {
		t.Fatal(f.raw)
	}
	answered := func() int {
		r, err := coveragemodel.Of(e.store).Coverage(t.Context(), coveragemodel.CoverageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return r.Totals[coveragemodel.StageAnswered]
	}
	d := e.newDecision(admin, map[string]any{"title": "Faster scanners"})
	e.linkDecision(admin, d.ID, "theme", "scanners")
	e.linkDecision(admin, d.ID, "poll", poll)
	e.decide(admin, d.ID)
	if n := answered(); n != 0 {
		t.Fatalf("answered before publishing: %d, want 0", n)
	}
	e.publishDecision(admin, d.ID)
	if n := answered(); n != 7 {
		t.Errorf("answered after publishing: %d, want 7 (six posters and a voter)", n)
	}
	// The evidence pack's fourth Gunning principle names it, with its contributions.
	e.run([]scenario{{name: "evidence report", method: "GET", url: "/api/v1/evidence-pack/report", headers: []string{"token", admin},
		status: 200, contains: []string{"1 decision was published in the decision register with what informed it.",
			"“Faster scanners”, decided by Clinical design authority and published", "was informed by 7 contributions."}}})
}
