package server

import (
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/campaigns"
)

// TestCampaignEditorsMayNotApprove reproduces the approval bypass: another comms user of
// the same organisation rewrote someone else's campaign, submitted it and approved their
// own words. Nobody who edited the version being approved (or any version it grew from)
// may decide on it; someone who did not edit it still may.
func TestCampaignEditorsMayNotApprove(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	raa := e.makeOrg("RAA")
	author, _ := e.userToken(models.RoleComms, raa)
	intruder, _ := e.userToken(models.RoleComms, raa)
	reviewer, _ := e.userToken(models.RoleComms, raa)
	admin, _ := e.userToken(models.RoleAdmin, 0)
	otherAdmin, _ := e.userToken(models.RoleAdmin, 0)
	e.importCSV(author, contactsCSV(10, "RAA"))

	body := newsletter("Rota update", "Hello {{first_name}}", "The rota changes on Monday.")
	body["audience"] = map[string]any{"organisation_ids": []uint{raa}}
	r := e.do("POST", "/api/v1/campaigns", body, "token", author)
	var c campaigns.CampaignResponse
	r.JSON(t, &c)
	if r.Status != 201 {
		t.Fatalf("create: %s", r)
	}
	id := "/api/v1/campaigns/" + itoa(c.ID)
	e.run([]scenario{
		{name: "another comms user rewrites it", method: "PATCH", url: id, body: map[string]any{"body_markdown": "Reset your password at https://evil.example"},
			headers: []string{"token", intruder}, status: 200, contains: []string{`"version":2`}},
		{name: "and submits it", method: "POST", url: id + "/submit", headers: []string{"token", intruder}, status: 200},
		{name: "the editor may not approve their own edit", method: "POST", url: id + "/approve", headers: []string{"token", intruder}, status: 403,
			contains: []string{"edited"}},
		{name: "nor return it", method: "POST", url: id + "/return", body: map[string]any{"comment": "x"}, headers: []string{"token", intruder}, status: 403},
		{name: "so it cannot be sent", method: "POST", url: id + "/send", headers: []string{"token", intruder}, status: 409},
		{name: "the editor is not offered the decision", method: "GET", url: id, headers: []string{"token", intruder}, status: 200,
			contains: []string{`"can_decide":false`, `"status":"awaiting_approval"`}},
		{name: "each version's editor is shown", method: "GET", url: id, headers: []string{"token", reviewer}, status: 200,
			contains: []string{`"can_decide":true`, `"edits":[{"version":1,`, `{"version":2,`}},
		{name: "someone who edited nothing returns it", method: "POST", url: id + "/return", body: map[string]any{"comment": "Not ours"},
			headers: []string{"token", reviewer}, status: 200, contains: []string{`"status":"returned"`}},
		// An admin who edits is an editor like anyone else.
		{name: "an admin edits", method: "PATCH", url: id, body: map[string]any{"body_markdown": "The rota changes on Tuesday."},
			headers: []string{"token", admin}, status: 200, contains: []string{`"version":3`}},
		{name: "the author resubmits", method: "POST", url: id + "/submit", headers: []string{"token", author}, status: 200},
		{name: "the editing admin may not approve", method: "POST", url: id + "/approve", headers: []string{"token", admin}, status: 403},
		{name: "an earlier version's editor may not approve a later one", method: "POST", url: id + "/approve", headers: []string{"token", intruder}, status: 403},
		{name: "the author still may not", method: "POST", url: id + "/approve", headers: []string{"token", author}, status: 403},
		{name: "an admin who edited nothing approves", method: "POST", url: id + "/approve", headers: []string{"token", otherAdmin}, status: 200,
			contains: []string{`"status":"approved"`}},
	})
}
