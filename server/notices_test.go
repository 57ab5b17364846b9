package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/server/web"
)

// TestNoticesComeFromTheSettings: the public privacy notice and accessibility statement are
// built from the organisation's settings, read by anyone signed out; the controller falls
// back to the ICS, the accessibility contact to the DPO; bad settings refuse to start with
// the variable named.
func TestNoticesComeFromTheSettings(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"CONFER_ICS_NAME":             "North Moor ICS",
		"CONFER_DPO_EMAIL":            "dpo@northmoor.nhs.example",
		"CONFER_DPO_ADDRESS":          "1 Moor Lane, Northtown NT1 1AA",
		"CONFER_ACCESSIBILITY_ISSUES": " The presenter view has no skip link | | Some older PDFs are not tagged ",
		"CONFER_ACCESSIBILITY_TESTED": "2026-11-30",
	}
	cfg, err := web.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t, func(c *web.Config) { c.Notices = cfg.Notices; c.Site = cfg.Site })
	r := e.do("GET", "/api/v1/notices", nil)
	if r.Status != 200 {
		t.Fatalf("GET /api/v1/notices = %d %s", r.Status, r.Body)
	}
	var got struct {
		web.NoticesConfig
		Programme, ICS, BaseURL, Mail string
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"The presenter view has no skip link", "Some older PDFs are not tagged"}
	if got.Controller != "North Moor ICS" || got.DPOEmail != "dpo@northmoor.nhs.example" ||
		got.AccessibilityEmail != "dpo@northmoor.nhs.example" || got.TestedOn != "2026-11-30" ||
		strings.Join(got.KnownIssues, "|") != strings.Join(want, "|") || got.Mail != "outbox" || got.ICS != "North Moor ICS" {
		t.Fatalf("notices = %s", r.Body)
	}

	for k, v := range map[string]string{
		"CONFER_DPO_EMAIL":            "Data Protection <dpo@example.nhs.uk>",
		"CONFER_ACCESSIBILITY_EMAIL":  "not an address",
		"CONFER_ACCESSIBILITY_TESTED": "30/11/2026",
		"CONFER_PRIVACY_UPDATED":      "yesterday",
		"CONFER_CONTROLLER_NAME":      strings.Repeat("x", 201),
		"CONFER_ACCESSIBILITY_ISSUES": strings.Repeat("x", 501),
	} {
		if _, err := web.LoadConfig(func(key string) string { return map[string]string{k: v}[key] }); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%q: %v, want an error naming it", k, v, err)
		}
	}
	def, err := web.LoadConfig(func(string) string { return "" })
	if err != nil || def.Notices.Controller != def.Site.Programme || def.Notices.KnownIssues == nil {
		t.Fatalf("defaults: %+v %v", def.Notices, err)
	}
}
