package server

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/confer-nhs/confer/models"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/server/coverage"
	"github.com/confer-nhs/confer/server/feedback"
	"github.com/confer-nhs/confer/server/people"
)

// TestPublicChannelRecordsPatientOrPublic: on a channel for patients and the public, the
// page's plain question ("Are you a patient, carer or member of the public?") is answered
// as the "Patient or Public" group. It is stored with the post like any stated group and
// coverage counts it in that organisation's "Patient or Public" column, the same join as
// every other flow.
func TestPublicChannelRecordsPatientOrPublic(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	var org people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "North Moor Hospital", "code": "RNM", "kind": "acute"},
		"token", admin).JSON(t, &org)
	ch := e.newChannel(admin, map[string]any{"name": "Patients and carers", "audience": "public"})
	var chResp feedback.ChannelResponse
	e.do("GET", fmt.Sprintf("/api/v1/channels/%d", ch), nil).JSON(t, &chResp)
	if chResp.Audience != "public" {
		t.Fatalf("audience %q: the page asks the public question only for public and both", chResp.Audience)
	}
	var ids []uint
	for i := 0; i < coveragemodel.SmallNumber; i++ {
		p := e.newPost(ch, map[string]any{"body": fmt.Sprintf("Visiting hours %d", i), "anonymous": true,
			"organisation_id": org.ID, "staff_group": "Patient or Public"})
		ids = append(ids, p.ID)
	}
	var post struct {
		StaffGroup     string `json:"staff_group"`
		OrganisationID *uint  `json:"organisation_id"`
	}
	r := e.do("GET", fmt.Sprintf("/api/v1/posts/%d", ids[0]), nil, "token", admin)
	if r.Status != http.StatusOK {
		t.Fatalf("team post: %s", r)
	}
	r.JSON(t, &post)
	if post.StaffGroup != "Patient or Public" || post.OrganisationID == nil || *post.OrganisationID != org.ID {
		t.Fatalf("stored answer: %s", r.Body)
	}
	var cov coverage.CoverageResponse
	e.do("GET", "/api/v1/coverage", nil, "token", admin).JSON(t, &cov)
	found := false
	for _, c := range cov.Cells {
		if c.OrganisationID == org.ID && c.StaffGroup == "Patient or Public" {
			found = true
			if c.Contributed == nil || *c.Contributed != coveragemodel.SmallNumber {
				t.Errorf("contributed %s, want %d", shown(c.Contributed), coveragemodel.SmallNumber)
			}
		}
	}
	if !found {
		t.Fatalf("coverage has no Patient or Public cell for %s: %+v", org.Name, cov.Cells)
	}
}
