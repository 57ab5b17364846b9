package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/server/web"
)

// TestSiteNamesTheProgrammeForAnyone: the header of every page, signed in or not, names the
// programme and the ICS from the settings, and a name too long for a header refuses to start.
func TestSiteNamesTheProgrammeForAnyone(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) {
		c.Site = web.SiteConfig{Programme: "One Record North Moor", ICS: "North Moor ICS"}
	})
	r := e.do("GET", "/api/v1/site", nil)
	if r.Status != 200 {
		t.Fatalf("GET /api/v1/site = %d %s", r.Status, r.Body)
	}
	var got web.SiteConfig
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil || got.Programme != "One Record North Moor" || got.ICS != "North Moor ICS" {
		t.Fatalf("site = %s (%v)", r.Body, err)
	}

	_, err := web.LoadConfig(func(k string) string {
		return map[string]string{"CONFER_PROGRAMME_NAME": strings.Repeat("x", 81)}[k]
	})
	if err == nil || !strings.Contains(err.Error(), "CONFER_PROGRAMME_NAME") {
		t.Fatalf("a long programme name was accepted: %v", err)
	}
	def, _ := web.LoadConfig(func(string) string { return "" })
	if def.Site.Programme == "" {
		t.Fatal("the default programme name is empty")
	}
}
