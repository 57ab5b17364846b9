package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/web"
)

// TestRetentionSettings: every kind has a default the README explains and a setting that
// changes it; a bad value refuses to start, naming its variable.
func TestRetentionSettings(t *testing.T) {
	t.Parallel()
	def, err := web.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]string{"bookings": "12 months", "workshop_participants": "6 months",
		"campaign_recipients": "24 months", "outbox": "30 days", "follow_links": "12 months", "audit": "6 years",
		"leavers": "6 months", "sign_in": "1 day", "pulse_answers": "12 months"} {
		if got := def.Retention[kind].String(); got != want {
			t.Errorf("%s kept %s by default, want %s", kind, got, want)
		}
	}
	set, err := web.LoadConfig(func(k string) string {
		return map[string]string{"CONFER_RETAIN_BOOKINGS": "18 months", "CONFER_RETAIN_OUTBOX": "7d", "CONFER_RETAIN_AUDIT": "8y",
			"CONFER_RETAIN_PULSE_ANSWERS": "6mo"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if set.Retention["bookings"] != (models.Span{Months: 18}) || set.Retention["outbox"] != (models.Span{Days: 7}) ||
		set.Retention["audit"] != (models.Span{Years: 8}) || set.Retention["pulse_answers"] != (models.Span{Months: 6}) {
		t.Errorf("settings read as %+v", set.Retention)
	}
	for _, bad := range []string{"12", "twelve months", "0d", "-3mo", "12 weeks", "101y"} {
		_, err := web.LoadConfig(func(k string) string {
			return map[string]string{"CONFER_RETAIN_WORKSHOP_PARTICIPANTS": bad}[k]
		})
		if err == nil || !strings.HasPrefix(err.Error(), "CONFER_RETAIN_WORKSHOP_PARTICIPANTS") {
			t.Errorf("CONFER_RETAIN_WORKSHOP_PARTICIPANTS=%q: %v, want an error naming the variable", bad, err)
		}
	}
}

// TestRetentionPolicyAndWhatConferKeeps: anyone reads the policy (the privacy notice shows
// it, with no counts); only admins read what is due and what was last removed, which
// follow the settings.
func TestRetentionPolicyAndWhatConferKeeps(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t, func(c *web.Config) { c.Retention["outbox"] = models.Span{Days: 2} })
	admin, comms := e.tokenFor(models.RoleAdmin), e.tokenFor(models.RoleComms)
	old := time.Now().UTC().AddDate(0, 0, -3)
	soon := time.Now().UTC().AddDate(0, 0, -1)
	for _, at := range []time.Time{old, soon, soon} {
		if err := e.store.AddOutboxMessage(t.Context(), &models.OutboxMessage{To: "jo@x.example", Subject: "Hi", Headers: map[string]string{}, Attachments: []models.OutboxAttachment{}, Alternatives: []models.OutboxPart{}, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	e.run([]scenario{
		{name: "public policy", method: "GET", url: "/api/v1/privacy/retention", status: 200,
			contains:    []string{`"kind":"bookings"`, `"keep":"12 months"`, `"after":"the session"`, `"action":"anonymised"`, `"keep":"2 days"`, `"why":"`},
			notContains: []string{"due_now", "setting", "CONFER_"}},
		{name: "keeps needs sign-in", method: "GET", url: "/api/v1/privacy/keeps", status: 401},
		{name: "keeps is for admins", method: "GET", url: "/api/v1/privacy/keeps", headers: []string{"token", comms}, status: 403},
	})
	r := e.do("GET", "/api/v1/privacy/retention", nil)
	var public struct {
		Kinds []map[string]any `json:"kinds"`
	}
	if err := json.Unmarshal(r.Body, &public); err != nil || len(public.Kinds) != 9 {
		t.Fatalf("policy %s (%v)", r.Body, err)
	}
	for _, k := range public.Kinds {
		if len(k) != 6 {
			t.Errorf("policy row %v: want exactly kind, label, keep, after, action, why", k)
		}
	}
	r = e.do("GET", "/api/v1/privacy/keeps", nil, "token", admin)
	if r.Status != 200 {
		t.Fatalf("keeps: %s", r)
	}
	var keeps struct {
		SoonDays int `json:"soon_days"`
		Kinds    []struct {
			Kind    string `json:"kind"`
			Setting string `json:"setting"`
			DueNow  *int64 `json:"due_now"`
			DueSoon *int64 `json:"due_soon"`
		} `json:"kinds"`
	}
	if err := json.Unmarshal(r.Body, &keeps); err != nil {
		t.Fatal(err)
	}
	for _, k := range keeps.Kinds {
		switch k.Kind {
		case "outbox":
			if k.Setting != "CONFER_RETAIN_OUTBOX" || k.DueNow == nil || *k.DueNow != 1 || *k.DueSoon != 2 {
				t.Errorf("outbox kept 2 days: %s due now, %s soon, setting %q; want 1 and 2", ptrStr(k.DueNow), ptrStr(k.DueSoon), k.Setting)
			}
		case "pulse_answers": // its tables are counted: none due in a fresh database
			if k.Setting != "CONFER_RETAIN_PULSE_ANSWERS" || k.DueNow == nil || *k.DueNow != 0 || *k.DueSoon != 0 {
				t.Errorf("pulse answers: %s due now, %s soon, setting %q; want 0, 0 and its setting", ptrStr(k.DueNow), ptrStr(k.DueSoon), k.Setting)
			}
		case "audit", "leavers":
			if k.DueNow != nil {
				t.Errorf("%s is counted (%d) though its tables are not this area's", k.Kind, *k.DueNow)
			}
		}
	}
}

func ptrStr(n *int64) string {
	if n == nil {
		return "null"
	}
	b, _ := json.Marshal(*n)
	return string(b)
}
