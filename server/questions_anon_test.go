package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/models/polls"
)

// TestAnonymousQuestionHasNoLinkInTheAPI: a participant who stated a name and staff group
// asks anonymously; no API answer or export about the question carries a field that leads
// to them (the stored row is checked in models/polls TestAnonymousQuestionIsUnlinkable).
func TestAnonymousQuestionHasNoLinkInTheAPI(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	pres := e.present(w.ID, w.token)
	asker := e.join(w.JoinCode, "")
	asker.send(map[string]any{"type": "profile", "display_name": "Zoë Quist", "staff_group": "Allied Health Professionals"})
	asker.next("profile_saved")
	asker.send(map[string]any{"type": "ask", "text": "Is the rota fair?", "anonymous": true})
	q := asker.next("asked")
	all := pres.until(func(f frame) bool { return f.Type == "questions_all" && strings.Contains(string(f.Questions), "rota") }, "the question")
	if r := e.do("POST", fmt.Sprintf("/api/v1/questions/%d/approve", q.QuestionID), nil, "token", w.token); r.Status != 200 {
		t.Fatalf("approve: %s", r)
	}
	room := asker.until(func(f frame) bool { return f.Type == "questions" && strings.Contains(string(f.Questions), "rota") }, "the approved question")
	list := e.do("GET", fmt.Sprintf("/api/v1/workshops/%d/questions", w.ID), nil, "token", w.token)
	csv := e.do("GET", fmt.Sprintf("/api/v1/workshops/%d/questions.csv", w.ID), nil, "token", w.token)
	want := []string{"answered", "created_at", "highlighted", "id", "name", "status", "text", "upvotes"}
	for what, body := range map[string][]byte{"questions_all frame": all.Questions, "questions frame": room.Questions, "GET questions": list.Body} {
		var qs []map[string]any
		if err := json.Unmarshal(body, &qs); err != nil || len(qs) != 1 {
			t.Fatalf("%s: %s (%v)", what, body, err)
		}
		keys := make([]string, 0, len(qs[0]))
		for k := range qs[0] {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) || qs[0]["name"] != "" {
			t.Errorf("%s: an anonymous question shows %v (name %q), want exactly %v and no name", what, keys, qs[0]["name"], want)
		}
	}
	if strings.Contains(string(csv.Body), "Zoë") || strings.Contains(string(csv.Body), "Allied") || !strings.Contains(string(csv.Body), "(anonymous)") {
		t.Errorf("questions.csv: %s", csv.Body)
	}
}

// TestQuestionNamedBesideIt: the name typed beside a question names it (not the profile's
// display name); with "ask anonymously" the name sent is ignored and nothing about the
// asker is stored; a name over 100 characters is an error about field name.
func TestQuestionNamedBesideIt(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	asker := e.join(w.JoinCode, "")
	asker.send(map[string]any{"type": "profile", "display_name": "Profile Name"})
	asker.next("profile_saved")
	asker.send(map[string]any{"type": "ask", "text": "Named beside?", "name": "  Sam Jones "})
	named := asker.next("asked").QuestionID
	asker.send(map[string]any{"type": "ask", "text": "Anonymous?", "anonymous": true, "name": "Sam Jones"})
	anon := asker.next("asked").QuestionID
	asker.send(map[string]any{"type": "ask", "text": "Too long?", "name": strings.Repeat("n", 101)})
	if f := asker.next("error"); f.Field != "name" {
		t.Fatalf("a long name: %s", f.raw)
	}
	var rows []polls.PollQuestion
	if err := e.store.DB.Order("id").Find(&rows).Error; err != nil || len(rows) != 2 {
		t.Fatalf("stored: %+v (%v)", rows, err)
	}
	if rows[0].ID != named || rows[0].Name != "Sam Jones" || rows[0].ParticipantID == nil {
		t.Errorf("named question stored as %+v", rows[0])
	}
	if rows[1].ID != anon || rows[1].Name != "" || rows[1].ParticipantID != nil {
		t.Errorf("anonymous question stored as %+v", rows[1])
	}
}
