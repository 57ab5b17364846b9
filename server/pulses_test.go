package server

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	readinessmodel "github.com/confer-nhs/confer/models/readiness"
	"github.com/confer-nhs/confer/server/web"
)

// Readiness pulses (issue 17): made and sent by the comms team through a campaign whose
// email carries each recipient's own link; one response per person, changed until the
// pulse closes; an open link counted apart; results and trend with counts under 5 withheld.

type pulseView struct {
	ID          uint   `json:"id"`
	State       string `json:"state"`
	HasOpenLink bool   `json:"has_open_link"`
	OpenLinkURL string `json:"open_link_url"`
	Questions   []struct {
		ID          uint  `json:"id"`
		ReadyValues []int `json:"ready_values"`
	} `json:"questions"`
	Campaigns []struct {
		ID     uint   `json:"id"`
		Status string `json:"status"`
	} `json:"campaigns"`
	Answered readinessmodel.Answered `json:"answered"`
}

// pulseBody is a valid pulse open now until tomorrow: a 1-5 headline (4 and 5 ready), a
// multiple choice and an open question.
func pulseBody(title string, openLink bool) map[string]any {
	now := time.Now().UTC()
	return map[string]any{"title": title, "opens_at": now.Add(-time.Hour).Format(time.RFC3339),
		"closes_at": now.Add(24 * time.Hour).Format(time.RFC3339), "open_link": openLink,
		"questions": []map[string]any{
			{"kind": "scale", "prompt": "How ready do you feel for go-live?", "ready_values": []int{4, 5}},
			{"kind": "multiple", "prompt": "What would help?", "options": []string{"Training", "Floorwalkers", "Time"}},
			{"kind": "open", "prompt": "Anything else?"},
		}}
}

func (e *testEnv) createPulse(token string, body map[string]any) pulseView {
	e.t.Helper()
	r := e.do("POST", "/api/v1/pulses", body, "token", token)
	if r.Status != 201 {
		e.t.Fatalf("create pulse: %s", r)
	}
	var p pulseView
	r.JSON(e.t, &p)
	return p
}

func TestPulseValidationAndAuthorisation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms, facilitator := e.tokenFor(models.RoleComms), e.tokenFor(models.RoleFacilitator)
	with := func(change func(m map[string]any)) map[string]any {
		b := pulseBody("Go-live pulse", false)
		change(b)
		return b
	}
	q := func(qs ...map[string]any) func(map[string]any) {
		return func(m map[string]any) { m["questions"] = qs }
	}
	scale := func(extra map[string]any) map[string]any {
		m := map[string]any{"kind": "scale", "prompt": "Ready?"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tooMany := make([]map[string]any, 21)
	for i := range tooMany {
		tooMany[i] = scale(nil)
	}
	bad := []struct {
		name, field string
		body        map[string]any
	}{
		{"no title", "title", with(func(m map[string]any) { m["title"] = " " })},
		{"closes before it opens", "closes_at", with(func(m map[string]any) { m["closes_at"] = m["opens_at"] })},
		{"bad time", "opens_at", with(func(m map[string]any) { m["opens_at"] = "next Tuesday" })},
		{"no questions", "questions", with(q())},
		{"21 questions", "questions", with(q(tooMany...))},
		{"unknown kind", "questions.0.kind", with(q(map[string]any{"kind": "ranking", "prompt": "Rank"}))},
		{"one option", "questions.0.options", with(q(map[string]any{"kind": "single", "prompt": "Pick", "options": []string{"A"}}))},
		{"scale from 2", "questions.0.min", with(q(scale(map[string]any{"min": 2})))},
		{"scale to 11", "questions.0.max", with(q(scale(map[string]any{"max": 11})))},
		{"ready value off the scale", "questions.0.ready_values", with(q(scale(map[string]any{"ready_values": []int{6}})))},
		{"ready option that is not there", "questions.0.ready_values",
			with(q(map[string]any{"kind": "single", "prompt": "Pick", "options": []string{"A", "B"}, "ready_values": []int{2}}))},
		{"two headlines", "questions.1.ready_values", with(q(scale(map[string]any{"ready_values": []int{5}}), scale(map[string]any{"ready_values": []int{4}})))},
		{"open with ready values", "questions.0.ready_values", with(q(map[string]any{"kind": "open", "prompt": "Say", "ready_values": []int{1}}))},
		{"missing milestone", "milestone_id", with(func(m map[string]any) { m["milestone_id"] = 999 })},
	}
	for _, b := range bad {
		r := e.do("POST", "/api/v1/pulses", b.body, "token", comms)
		var out struct{ Error, Field string }
		_ = json.Unmarshal(r.Body, &out)
		if r.Status != 422 || out.Field != b.field || out.Error == "" {
			t.Errorf("%s: got %s, want 422 on %s", b.name, r, b.field)
		}
	}
	if n := countRows(t, e, "pulses"); n != 0 {
		t.Fatalf("refused pulses stored %d rows", n)
	}
	p := e.createPulse(comms, pulseBody("Go-live pulse", false))
	if p.State != "open" || len(p.Questions) != 3 || len(p.Questions[0].ReadyValues) != 2 || p.HasOpenLink || p.OpenLinkURL != "" {
		t.Fatalf("created: %+v", p)
	}
	id := itoa(p.ID)
	e.run([]scenario{
		{name: "facilitator cannot create", method: "POST", url: "/api/v1/pulses", body: pulseBody("x", false), headers: []string{"token", facilitator}, status: 403},
		{name: "facilitator cannot send", method: "POST", url: "/api/v1/pulses/" + id + "/send", body: map[string]any{}, headers: []string{"token", facilitator}, status: 403},
		{name: "facilitator cannot make an open link", method: "POST", url: "/api/v1/pulses/" + id + "/open-link", headers: []string{"token", facilitator}, status: 403},
		{name: "facilitator reads", method: "GET", url: "/api/v1/pulses/" + id, headers: []string{"token", facilitator}, status: 200, contains: []string{`"state":"open"`}},
		{name: "facilitator lists", method: "GET", url: "/api/v1/pulses", headers: []string{"token", facilitator}, status: 200, contains: []string{"Go-live pulse"}},
		{name: "facilitator reads results", method: "GET", url: "/api/v1/pulses/" + id + "/results", headers: []string{"token", facilitator}, status: 200},
		{name: "the public cannot list", method: "GET", url: "/api/v1/pulses", status: 401},
		{name: "the public cannot read results", method: "GET", url: "/api/v1/pulses/" + id + "/results", status: 401},
		{name: "the public cannot read the trend", method: "GET", url: "/api/v1/pulses/trend", status: 401},
		{name: "missing pulse", method: "GET", url: "/api/v1/pulses/9999", headers: []string{"token", comms}, status: 404},
		{name: "bad staff group in trend", method: "GET", url: "/api/v1/pulses/trend?staff_group=Wizards", headers: []string{"token", comms}, status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "send to a staff group that does not exist", method: "POST", url: "/api/v1/pulses/" + id + "/send",
			body: map[string]any{"staff_groups": []string{"Wizards"}}, headers: []string{"token", comms}, status: 422, contains: []string{`"field":"audience.staff_groups"`}},
		{name: "own email without the link", method: "POST", url: "/api/v1/pulses/" + id + "/send",
			body: map[string]any{"body_markdown": "Please answer"}, headers: []string{"token", comms}, status: 422, contains: []string{`"field":"body_markdown"`}},
		{name: "no personal link outside a pulse's campaign", method: "POST", url: "/api/v1/campaigns",
			body: newsletter("n", "s", "Answer at {{pulse_link}}"), headers: []string{"token", comms}, status: 422, contains: []string{"pulse_link"}},
	})
}

func countRows(t *testing.T, e *testEnv, table string) (n int64) {
	t.Helper()
	if err := e.store.DB.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

var pulseLinkRe = regexp.MustCompile(`/pulse/([0-9]+\.[A-Za-z0-9_-]+)`)

// sentPulse makes a pulse, sends it to the contacts of org (imported: n of them), has an
// admin approve the campaign and the author send it, and returns the pulse, the campaign
// and each contact's personal token, read from the email in the outbox.
func sentPulse(t *testing.T, e *testEnv, comms, admin string, n int, code string) (pulseView, uint, []string) {
	t.Helper()
	org := e.makeOrg(code)
	e.importCSV(admin, contactsCSV(n, code))
	p := e.createPulse(comms, pulseBody("Pulse "+code, false))
	r := e.do("POST", "/api/v1/pulses/"+itoa(p.ID)+"/send", map[string]any{"organisation_ids": []uint{org},
		"staff_groups": []string{"Nursing and Midwifery Registered"}, "job_roles": []string{}}, "token", comms)
	var sent struct {
		CampaignID     uint   `json:"campaign_id"`
		CampaignStatus string `json:"campaign_status"`
		ApprovalNeeded bool   `json:"approval_needed"`
	}
	r.JSON(t, &sent)
	if r.Status != 201 || sent.CampaignStatus != campaignmodel.CampaignSubmitted || !sent.ApprovalNeeded {
		t.Fatalf("send: %s", r)
	}
	camp, err := campaignmodel.Of(e.store).GetCampaign(context.Background(), sent.CampaignID)
	if err != nil || camp.PulseID == nil || *camp.PulseID != p.ID || camp.Kind != "newsletter" ||
		!strings.Contains(camp.BodyMarkdown, "{{pulse_link}}") || !strings.Contains(camp.BodyMarkdown, "You can change your answers until") {
		t.Fatalf("campaign: %+v %v", camp, err)
	}
	if r := e.do("POST", "/api/v1/campaigns/"+itoa(camp.ID)+"/approve", map[string]any{}, "token", admin); r.Status != 200 {
		t.Fatalf("approve: %s", r)
	}
	if r := e.do("POST", "/api/v1/campaigns/"+itoa(camp.ID)+"/send", map[string]any{}, "token", comms); r.Status != 200 {
		t.Fatalf("send campaign: %s", r)
	}
	e.waitStatus(comms, camp.ID, campaignmodel.CampaignSent, 30*time.Second)
	tokens := make([]string, n)
	for i := range n {
		m := e.waitForMail(fmt.Sprintf("person%d@staff.example", i), 0)
		text, html := pulseLinkRe.FindStringSubmatch(m.Text), pulseLinkRe.FindStringSubmatch(m.HTML)
		if text == nil || html == nil || text[1] != html[1] || !strings.Contains(m.HTML, `href="`+e.URL+"/pulse/"+text[1]) {
			t.Fatalf("no personal link in the email to person%d: %q", i, m.Text)
		}
		tokens[i] = text[1]
	}
	return p, camp.ID, tokens
}

func TestPulseSentThroughCampaignOneAnswerPerRecipient(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	comms, _ := e.userToken(models.RoleComms, 0)
	p, campID, tokens := sentPulse(t, e, comms, admin, 3, "RX1")
	if tokens[0] == tokens[1] {
		t.Fatal("two recipients share a link")
	}
	// previews and test sends carry an example link, not anyone's
	e.run([]scenario{{name: "preview", method: "GET", url: "/api/v1/campaigns/" + itoa(campID) + "/preview", headers: []string{"token", comms},
		status: 200, contains: []string{"/pulse/example", "Answer the questions"}, notContains: []string{"{{pulse_link}}", "pulse_link"}}})
	scale, multi, open := p.Questions[0].ID, p.Questions[1].ID, p.Questions[2].ID
	link := "/api/v1/public/pulses/" + tokens[0]

	r := e.do("GET", link, nil)
	if r.Status != 200 || !strings.Contains(r.String(), `"answered":false`) || !strings.Contains(r.String(), "Org RX1") ||
		strings.Contains(r.String(), "person0") {
		t.Fatalf("personal page: %s", r)
	}
	answer := func(token string, v int, values []int, text string) resp {
		return e.do("PUT", "/api/v1/public/pulses/"+token+"/response", map[string]any{"answers": []map[string]any{
			{"question_id": scale, "value": v}, {"question_id": multi, "values": values}, {"question_id": open, "text": text}}})
	}
	// bad answers are refused and store nothing
	for _, b := range []struct {
		name, field string
		r           resp
	}{
		{"off the scale", "answers.0.value", answer(tokens[0], 6, nil, "")},
		{"repeated option", "answers.1.values", answer(tokens[0], 3, []int{0, 0}, "")},
		{"no such option", "answers.1.values", answer(tokens[0], 3, []int{3}, "")},
		{"too long", "answers.2.text", answer(tokens[0], 3, nil, strings.Repeat("x", 2001))},
		{"other pulse's question", "answers.0.question_id", e.do("PUT", link+"/response", map[string]any{"answers": []map[string]any{{"question_id": 99999, "value": 1}}})},
		{"nothing", "answers", e.do("PUT", link+"/response", map[string]any{"answers": []map[string]any{}})},
	} {
		if b.r.Status != 422 || !strings.Contains(b.r.String(), `"field":"`+b.field+`"`) {
			t.Errorf("%s: %s", b.name, b.r)
		}
	}
	if n := countRows(t, e, "pulse_responses"); n != 0 {
		t.Fatalf("refused answers stored %d responses", n)
	}

	if r := answer(tokens[0], 2, []int{0, 2}, "More training please"); r.Status != 200 || !strings.Contains(r.String(), `"answered":true`) {
		t.Fatalf("answer: %s", r)
	}
	// a second answer replaces the first: still one response, with only the new answers
	if r := answer(tokens[0], 5, []int{1}, ""); r.Status != 200 || !strings.Contains(r.String(), `"value":5`) ||
		!strings.Contains(r.String(), `"values":[1]`) || strings.Contains(r.String(), "More training") {
		t.Fatalf("change: %s", r)
	}
	if n := countRows(t, e, "pulse_responses"); n != 1 {
		t.Fatalf("%d responses after changing an answer, want 1", n)
	}
	if n := countRows(t, e, "pulse_answers"); n != 2 {
		t.Fatalf("%d answer rows after changing, want 2", n)
	}
	// answers sent at once through one link leave one response
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := answer(tokens[1], 1+i%5, []int{i % 3}, ""); r.Status != 200 {
				t.Errorf("concurrent answer: %s", r)
			}
		}()
	}
	wg.Wait()
	var rows []readinessmodel.PulseResponse
	e.store.DB.Where("pulse_id = ?", p.ID).Find(&rows)
	if len(rows) != 2 {
		t.Fatalf("%d responses after concurrent answers from one link, want 2", len(rows))
	}
	for _, row := range rows {
		if row.Source != "personal" || row.ContactID == nil || row.StaffGroup != "Nursing and Midwifery Registered" ||
			row.JobRole != "Staff Nurse" || row.OrganisationID == nil {
			t.Fatalf("response: %+v", row)
		}
	}
	var perResponse []struct {
		ResponseID, QuestionID uint
		N                      int
	}
	e.store.DB.Table("pulse_answers").Select("response_id, question_id, COUNT(*) AS n").Group("response_id, question_id").Scan(&perResponse)
	for _, c := range perResponse {
		if c.N != 1 {
			t.Fatalf("a response holds %d answers to one single-answer question: %+v", c.N, perResponse)
		}
	}

	if cov, err := coveragemodel.Of(e.store).Coverage(context.Background(), coveragemodel.CoverageFilter{}); err != nil ||
		cov.Totals[coveragemodel.StageContributed] != 2 {
		t.Fatalf("coverage counts the 2 people who answered: %v %v", cov, err)
	}
	var got pulseView
	e.do("GET", "/api/v1/pulses/"+itoa(p.ID), nil, "token", comms).JSON(t, &got)
	if got.Answered.Personal != 2 || got.Answered.Open != 0 || len(got.Campaigns) != 1 || got.Campaigns[0].ID != campID {
		t.Fatalf("pulse: %+v", got)
	}

	// forged, altered and other campaigns' tokens find nothing
	id, mac, _ := strings.Cut(tokens[0], ".")
	other := e.approvedCampaign(comms, admin, newsletter("Other", "Hello", "Hello {{first_name}}"))
	var otherRecipient campaignmodel.CampaignRecipient
	if _, err := campaignmodel.Of(e.store).StartCampaign(context.Background(), other.ID, nil, 100); err != nil {
		t.Fatal(err)
	}
	e.store.DB.Where("campaign_id = ?", other.ID).First(&otherRecipient)
	var pulseCamp, otherCamp campaignmodel.Campaign
	e.store.DB.First(&pulseCamp, campID)
	e.store.DB.First(&otherCamp, other.ID)
	for _, tok := range []string{
		id + "." + strings.Repeat("A", len(mac)),
		tokens[1][:strings.Index(tokens[1], ".")] + "." + mac,                     // one recipient's MAC on another's id
		campaignmodel.PulseToken(otherCamp.UnsubKey, otherRecipient.ID),           // a campaign with no pulse
		campaignmodel.UnsubscribeToken(pulseCamp.UnsubKey, uint(mustAtoi(t, id))), // the same row's unsubscribe token
		"nonsense", "12", "",
	} {
		if r := e.do("GET", "/api/v1/public/pulses/"+tok, nil); r.Status != 404 {
			t.Errorf("token %q: %s", tok, r)
		}
		if r := e.do("PUT", "/api/v1/public/pulses/"+tok+"/response", map[string]any{"answers": []map[string]any{{"question_id": scale, "value": 1}}}); r.Status != 404 && tok != "" {
			t.Errorf("PUT token %q: %s", tok, r)
		}
	}

	// once closed, answers are refused and kept as they were
	e.store.DB.Model(&readinessmodel.Pulse{}).Where("id = ?", p.ID).Update("closes_at", time.Now().UTC().Add(-time.Minute))
	r = answer(tokens[0], 1, nil, "")
	if r.Status != 409 || !strings.Contains(r.String(), `"field":"closes_at"`) {
		t.Fatalf("answer after closing: %s", r)
	}
	if r := e.do("GET", link, nil); !strings.Contains(r.String(), `"value":5`) || !strings.Contains(r.String(), `"state":"closed"`) {
		t.Fatalf("answers after a refused change: %s", r)
	}
	if r := e.do("POST", "/api/v1/pulses/"+itoa(p.ID)+"/send", map[string]any{}, "token", comms); r.Status != 409 {
		t.Fatalf("sending a closed pulse: %s", r)
	}

	// subject access finds a person's answers through their link; erasure unlinks them
	// and removes what they wrote, and the answers still count
	if r := answer(tokens[2], 3, nil, "Quokka ward needs more time"); r.Status != 409 {
		t.Fatalf("closed: %s", r)
	}
	e.store.DB.Model(&readinessmodel.Pulse{}).Where("id = ?", p.ID).Update("closes_at", time.Now().UTC().Add(time.Hour))
	if r := answer(tokens[2], 3, nil, "Quokka ward needs more time"); r.Status != 200 {
		t.Fatalf("answer: %s", r)
	}
	var found struct {
		Counts map[string]int `json:"counts"`
	}
	r = e.do("GET", "/api/v1/privacy/subject?email=person2@staff.example", nil, "token", admin)
	r.JSON(t, &found)
	if r.Status != 200 || found.Counts["pulse_answers"] != 2 || !strings.Contains(r.String(), "Quokka ward") {
		t.Fatalf("subject access: %s", r)
	}
	if r := e.do("POST", "/api/v1/privacy/erase", map[string]any{"email": "person2@staff.example", "reason": "DP-1"}, "token", admin); r.Status != 200 {
		t.Fatalf("erase: %s", r)
	}
	var left []readinessmodel.PulseResponse
	e.store.DB.Where("pulse_id = ?", p.ID).Order("id").Find(&left)
	if len(left) != 3 || left[2].ContactID != nil || left[2].JobRole != "" ||
		left[2].StaffGroup != "Nursing and Midwifery Registered" {
		t.Fatalf("after erasure: %+v", left)
	}
	if n := int64(0); e.store.DB.Table("pulse_answers").Where("text LIKE ?", "%Quokka%").Count(&n).Error != nil || n != 0 {
		t.Fatalf("the written answer survived erasure")
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// openLinkToken is the token at the end of an open link's URL.
func openLinkToken(t *testing.T, url string) string {
	t.Helper()
	_, tok, ok := strings.Cut(url, "/pulse/open/")
	if !ok || len(tok) < 40 {
		t.Fatalf("open link %q", url)
	}
	return tok
}

func answerOpen(e *testEnv, token string, p pulseView, org uint, group string, v int) resp {
	return e.do("POST", "/api/v1/public/pulses/open/"+token+"/responses", map[string]any{"organisation_id": org,
		"staff_group": group, "job_role": "Ward Sister", "answers": []map[string]any{{"question_id": p.Questions[0].ID, "value": v}}})
}

func TestPulseOpenLinkResultsAndTrendWithholdSmallCounts(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	oa, ob := e.makeOrg("OA"), e.makeOrg("OB")
	nurses := "Nursing and Midwifery Registered"

	first := pulseBody("March pulse", true)
	first["opens_at"] = time.Now().UTC().Add(-2 * time.Hour).Format(time.RFC3339)
	p1 := e.createPulse(comms, first)
	p2 := e.createPulse(comms, pulseBody("April pulse", true))
	if !p1.HasOpenLink || !strings.HasPrefix(p1.OpenLinkURL, e.URL+"/pulse/open/") {
		t.Fatalf("open link: %+v", p1)
	}
	t1, t2 := openLinkToken(t, p1.OpenLinkURL), openLinkToken(t, p2.OpenLinkURL)
	if r := e.do("GET", "/api/v1/pulses/"+itoa(p1.ID), nil, "token", comms); strings.Contains(r.String(), t1) || strings.Contains(r.String(), "open_link_url") {
		t.Fatalf("the open link is shown again: %s", r)
	}
	if r := e.do("GET", "/api/v1/public/pulses/open/"+t1, nil); r.Status != 200 || !strings.Contains(r.String(), "March pulse") {
		t.Fatalf("open page: %s", r)
	}
	for _, b := range []struct {
		name, field string
		body        map[string]any
	}{
		{"no organisation", "organisation_id", map[string]any{"staff_group": nurses, "answers": []map[string]any{{"question_id": p1.Questions[0].ID, "value": 1}}}},
		{"no such organisation", "organisation_id", map[string]any{"organisation_id": 9999, "staff_group": nurses, "answers": []map[string]any{{"question_id": p1.Questions[0].ID, "value": 1}}}},
		{"not a staff group", "staff_group", map[string]any{"organisation_id": oa, "staff_group": "Wizards", "answers": []map[string]any{{"question_id": p1.Questions[0].ID, "value": 1}}}},
		{"no answers", "answers", map[string]any{"organisation_id": oa, "staff_group": nurses}},
	} {
		r := e.do("POST", "/api/v1/public/pulses/open/"+t1+"/responses", b.body)
		if r.Status != 422 || !strings.Contains(r.String(), `"field":"`+b.field+`"`) {
			t.Errorf("%s: %s", b.name, r)
		}
	}
	// March: 5 nurses at OA, 2 of them ready (40%), and 2 at OB
	for _, v := range []int{4, 5, 1, 2, 3} {
		if r := answerOpen(e, t1, p1, oa, nurses, v); r.Status != 201 {
			t.Fatalf("open answer: %s", r)
		}
	}
	answerOpen(e, t1, p1, ob, nurses, 5)
	answerOpen(e, t1, p1, ob, nurses, 5)
	// April: 6 nurses at OA, 4 ready (67%)
	for _, v := range []int{5, 5, 4, 4, 1, 2} {
		answerOpen(e, t2, p2, oa, nurses, v)
	}
	// an open link answered twice from one device is two responses: nothing ties them
	var got pulseView
	e.do("GET", "/api/v1/pulses/"+itoa(p1.ID), nil, "token", comms).JSON(t, &got)
	if got.Answered.Open != 7 || got.Answered.Personal != 0 {
		t.Fatalf("answered: %+v", got.Answered)
	}

	// each open response counts in coverage as one person heard, in the cell they declared
	cov, err := coveragemodel.Of(e.store).Coverage(context.Background(), coveragemodel.CoverageFilter{})
	if err != nil || cov.Totals[coveragemodel.StageContributed] != 13 {
		t.Fatalf("coverage contributed: %v %v", cov.Totals, err)
	}

	var res readinessmodel.Results
	r := e.do("GET", "/api/v1/pulses/"+itoa(p1.ID)+"/results", nil, "token", comms)
	r.JSON(t, &res)
	head := res.Questions[0]
	if !head.Headline || len(head.Labels) != 5 || len(head.Overall) != 2 {
		t.Fatalf("results: %s", r)
	}
	personal, open := head.Overall[0], head.Overall[1]
	if personal.Answered == nil || open.Answered == nil {
		t.Fatalf("overall withheld: %s", r)
	}
	if personal.Source != "personal" || *personal.Answered != 0 || open.Source != "open" || *open.Answered != 7 ||
		open.ReadyPercent == nil || *open.ReadyPercent != 57 {
		t.Fatalf("overall: %+v %+v", personal, open)
	}
	// each scale point of 7 answers has 1 to 4 people: every count withheld
	for i, c := range open.Counts {
		if c != nil && *c > 0 && *c < 5 {
			t.Fatalf("count %d of %v shown: %s", i, open.CountsText, r)
		}
	}
	var cellOB, cellOA *readinessmodel.Cell
	for i, c := range head.Cells {
		switch c.Organisation {
		case "Org OB":
			cellOB = &head.Cells[i]
		case "Org OA":
			cellOA = &head.Cells[i]
		}
	}
	if cellOB == nil || cellOB.Answered != nil || cellOB.AnsweredText != "fewer than 5" || !cellOB.Withheld || cellOB.ReadyPercent != nil ||
		cellOB.JobRole != "Ward Sister" || cellOB.Source != "open" {
		t.Fatalf("OB's 2 answers: %+v", cellOB)
	}
	// OA's 5 would give OB's 2 away (7 - 5), so it is withheld too
	if cellOA == nil || cellOA.Answered != nil || cellOA.AnsweredText != "not shown" || cellOA.ReadyPercent != nil {
		t.Fatalf("OA's 5 answers beside OB's 2: %+v", cellOA)
	}
	for _, c := range res.Questions[1].Overall {
		if c.Answered == nil || *c.Answered != 0 {
			t.Fatalf("an unanswered question: %+v", c)
		}
	}

	var trend readinessmodel.Trend
	r = e.do("GET", fmt.Sprintf("/api/v1/pulses/trend?organisation_id=%d&staff_group=%s", oa, "nursing%20and%20midwifery%20registered"), nil, "token", comms)
	r.JSON(t, &trend)
	if len(trend.Points) != 2 || trend.Points[0].PulseID != p1.ID || *trend.Points[0].ReadyPercent != 40 || *trend.Points[1].ReadyPercent != 67 ||
		trend.Summary != "Feeling ready rose from 40% to 67% among Nursing and Midwifery Registered staff at Org OA, from ‘March pulse’ to ‘April pulse’." {
		t.Fatalf("trend: %s", r)
	}
	r = e.do("GET", fmt.Sprintf("/api/v1/pulses/trend?organisation_id=%d", ob), nil, "token", comms)
	r.JSON(t, &trend)
	if len(trend.Points) != 2 || trend.Points[0].ReadyPercent != nil || !trend.Points[0].Withheld || trend.Points[0].Answered != nil ||
		trend.Points[0].AnsweredText != "fewer than 5" || !strings.HasPrefix(trend.Summary, "Fewer than 5 people") || strings.Contains(r.String(), "100") {
		t.Fatalf("trend of 2 people: %s", r)
	}

	// a milestone's trend holds only its pulses
	r = e.do("POST", "/api/v1/milestones", map[string]any{"organisation_id": oa, "name": "Go-live", "go_live_on": "2027-04-27",
		"targets": []any{}}, "token", comms)
	var ms struct{ ID uint }
	r.JSON(t, &ms)
	if r.Status != 201 {
		t.Fatalf("milestone: %s", r)
	}
	third := pulseBody("Milestone pulse", false)
	third["milestone_id"] = ms.ID
	p3 := e.createPulse(comms, third)
	e.do("GET", "/api/v1/pulses/trend?milestone="+itoa(ms.ID), nil, "token", comms).JSON(t, &trend)
	if len(trend.Points) != 1 || trend.Points[0].PulseID != p3.ID || trend.Points[0].ReadyPercent != nil {
		t.Fatalf("milestone trend: %+v", trend)
	}

	// a new open link: the old one stops working
	var fresh struct {
		OpenLinkURL string `json:"open_link_url"`
	}
	e.do("POST", "/api/v1/pulses/"+itoa(p1.ID)+"/open-link", nil, "token", comms).JSON(t, &fresh)
	t3 := openLinkToken(t, fresh.OpenLinkURL)
	if r := e.do("GET", "/api/v1/public/pulses/open/"+t1, nil); r.Status != 404 {
		t.Fatalf("old open link: %s", r)
	}
	if r := answerOpen(e, t1, p1, oa, nurses, 1); r.Status != 404 {
		t.Fatalf("answer through the old open link: %s", r)
	}
	if r := answerOpen(e, t3, p1, oa, nurses, 1); r.Status != 201 {
		t.Fatalf("answer through the new open link: %s", r)
	}
	// and once closed, the open link refuses too
	e.store.DB.Model(&readinessmodel.Pulse{}).Where("id = ?", p1.ID).Update("closes_at", time.Now().UTC().Add(-time.Minute))
	if r := answerOpen(e, t3, p1, oa, nurses, 1); r.Status != 409 || !strings.Contains(r.String(), `"field":"closes_at"`) {
		t.Fatalf("open answer after closing: %s", r)
	}
}

func TestPulseOpenLinkIsRateLimitedPerClient(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.Clients.PollJoinLimit = 3 })
	comms := e.tokenFor(models.RoleComms)
	org := e.makeOrg("RL")
	p := e.createPulse(comms, pulseBody("Limited", true))
	tok := openLinkToken(t, p.OpenLinkURL)
	for i := range 3 {
		if r := answerOpen(e, tok, p, org, "Nursing and Midwifery Registered", 3); r.Status != 201 {
			t.Fatalf("answer %d: %s", i+1, r)
		}
	}
	r := answerOpen(e, tok, p, org, "Nursing and Midwifery Registered", 3)
	if r.Status != 429 || r.Header.Get("Retry-After") == "" || !strings.Contains(r.String(), "too many answers") {
		t.Fatalf("fourth answer from one client: %s", r)
	}
	if n := countRows(t, e, "pulse_responses"); n != 3 {
		t.Fatalf("%d responses stored, want 3", n)
	}
	// reading the page is not limited
	if r := e.do("GET", "/api/v1/public/pulses/open/"+tok, nil); r.Status != 200 {
		t.Fatalf("reading after the limit: %s", r)
	}
}
