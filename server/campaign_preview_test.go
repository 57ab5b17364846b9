package server

import (
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/campaigns"
)

// TestCampaignPreviewAsRecipient: an approver previews the campaign as a person its
// audience reaches, with that person's first name, organisation and staff group (not the
// approver's own); someone outside the audience is refused, and only the comms team may ask.
func TestCampaignPreviewAsRecipient(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	raa, rbb := e.makeOrg("RAA"), e.makeOrg("RBB")
	author, _ := e.userToken(models.RoleComms, raa)
	approver, _ := e.userToken(models.RoleComms, rbb)
	e.importCSV(author, contactsCSV(6, "RAA", "RBB"))
	body := newsletter("N", "Hello {{first_name}}", "At **{{organisation}}** as {{staff_group}}.")
	body["audience"] = map[string]any{"organisation_ids": []uint{raa}}
	var c campaigns.CampaignResponse
	e.do("POST", "/api/v1/campaigns", body, "token", author).JSON(t, &c)
	id := "/api/v1/campaigns/" + itoa(c.ID)

	var audience struct {
		Items []campaigns.AudienceMember
		Total int64
	}
	e.do("GET", id+"/audience?q=person2", nil, "token", approver).JSON(t, &audience)
	if audience.Total != 1 || audience.Items[0].Name != "Person 2 Smith" || *audience.Items[0].OrganisationID != raa {
		t.Fatalf("audience search: %+v", audience)
	}
	in := itoa(audience.Items[0].ID)
	e.do("GET", id+"/audience", nil, "token", approver).JSON(t, &audience)
	if audience.Total != 3 {
		t.Errorf("audience has %d people, want 3 (those of RAA)", audience.Total)
	}
	var outside models.Contact
	if err := e.store.DB.Where("email = ?", "person1@staff.example").First(&outside).Error; err != nil {
		t.Fatal(err)
	}
	e.run([]scenario{
		{name: "as a recipient", method: "GET", url: id + "/preview?contact_id=" + in, headers: []string{"token", approver}, status: 200,
			contains:    []string{`"subject":"Hello Person"`, "At Org RAA as Nursing and Midwifery Registered.", `\u003cstrong\u003eOrg RAA\u003c/strong\u003e`},
			notContains: []string{"Org RBB", "User "}},
		{name: "html as a recipient", method: "GET", url: id + "/preview.html?contact_id=" + in, headers: []string{"token", approver}, status: 200,
			contains: []string{"<strong>Org RAA</strong>"}, notContains: []string{"Org RBB"}},
		{name: "outside the audience", method: "GET", url: id + "/preview?contact_id=" + itoa(outside.ID), headers: []string{"token", approver},
			status: 422, contains: []string{`"field":"contact_id"`, "not in this campaign's audience"}},
		{name: "no such contact", method: "GET", url: id + "/preview.html?contact_id=99999", headers: []string{"token", approver}, status: 422},
		{name: "bad contact id", method: "GET", url: id + "/preview?contact_id=abc", headers: []string{"token", approver}, status: 400,
			contains: []string{`"field":"contact_id"`}},
		{name: "facilitator", method: "GET", url: id + "/preview?contact_id=" + in, headers: []string{"token", e.tokenFor(models.RoleFacilitator)}, status: 403},
		{name: "signed out", method: "GET", url: id + "/preview?contact_id=" + in, status: 401},
		{name: "facilitator lists the audience", method: "GET", url: id + "/audience", headers: []string{"token", e.tokenFor(models.RoleFacilitator)}, status: 403},
		{name: "without a recipient: the caller", method: "GET", url: id + "/preview", headers: []string{"token", approver}, status: 200,
			contains: []string{"At Org RBB"}},
	})
	if r := e.do("GET", id+"/preview?contact_id="+in, nil, "token", approver); strings.Contains(string(r.Body), "-confer.") {
		t.Errorf("substitution keys left in the preview: %s", r.Body)
	}
}
