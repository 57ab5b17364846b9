package polls_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/models/polls"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestAnonymousQuestionIsUnlinkable asks one anonymous and one named question as the same
// participant, who stated a name, organisation and staff group, and reads the rows as an
// administrator with the database could: nothing stored with the anonymous question leads
// to the participant (no participant_id, no attribution, no exact time), while the named
// one keeps its link. Coverage counts the anonymous question in the totals only.
func TestAnonymousQuestionIsUnlinkable(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	name, code, kind := "Alpha Trust", "RA1", "acute"
	org, err := s.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	w, err := polls.Of(s).CreateWorkshop(ctx, polls.WorkshopInput{Title: "W"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	p, raw, err := polls.Of(s).JoinWorkshop(ctx, w.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	const group = "Nursing and Midwifery Registered"
	if p, err = polls.Of(s).UpdateParticipantProfile(ctx, p.ID, polls.ProfileInput{DisplayName: "Zoë O'Brien",
		OrganisationID: &org.ID, StaffGroup: group}); err != nil {
		t.Fatal(err)
	}
	anon, err := polls.Of(s).AskQuestion(ctx, p, "Who decided this?", true)
	if err != nil {
		t.Fatal(err)
	}
	named, err := polls.Of(s).AskQuestion(ctx, p, "When does it start?", false)
	if err != nil {
		t.Fatal(err)
	}

	var row map[string]any
	if err := s.DB.Raw("SELECT * FROM poll_questions WHERE id = ?", anon.ID).Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	cols := make([]string, 0, len(row))
	for k := range row {
		cols = append(cols, k)
	}
	slices.Sort(cols)
	// A new column here must be checked for whether it leads back to the participant.
	want := []string{"answered", "created_at", "highlighted", "id", "name", "participant_id", "status", "text", "updated_at", "upvotes", "workshop_id"}
	if !slices.Equal(cols, want) {
		t.Errorf("poll_questions columns %v; check any new one cannot lead to the asker, then update %v", cols, want)
	}
	if row["participant_id"] != nil || row["name"] != "" {
		t.Errorf("anonymous question stored participant %v, name %q", row["participant_id"], row["name"])
	}
	for k, v := range row {
		if s, ok := v.(string); ok && (strings.Contains(s, "O'Brien") || strings.Contains(s, models.HashSecret(raw)) || s == group) {
			t.Errorf("column %s holds the participant's details: %q", k, s)
		}
	}
	for _, q := range []*polls.PollQuestion{anon, named} {
		var got polls.PollQuestion
		if err := s.DB.First(&got, q.ID).Error; err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(got.CreatedAt.Truncate(time.Minute)) || !got.UpdatedAt.Equal(got.CreatedAt) {
			t.Errorf("question %d is timed %v / %v, more exactly than to the minute", q.ID, got.CreatedAt, got.UpdatedAt)
		}
	}
	if got, err := reload(s, named.ID); err != nil || got.ParticipantID == nil || *got.ParticipantID != p.ID || got.Name != "Zoë O'Brien" {
		t.Errorf("a named question keeps its asker: %+v, %v", got, err)
	}

	for _, q := range []*polls.PollQuestion{anon, named} { // coverage counts approved questions only
		if _, err := polls.Of(s).ModerateQuestion(ctx, q.ID, "approve"); err != nil {
			t.Fatal(err)
		}
	}
	r, err := coverage.Of(s).Coverage(ctx, coverage.CoverageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// The named question counts the participant in their cell; the anonymous one counts
	// once more in the totals, never in a cell.
	if r.Totals[coverage.StageContributed] != 2 {
		t.Errorf("contributed total %d, want 2 (the participant and the anonymous question)", r.Totals[coverage.StageContributed])
	}
	cell := -1
	for _, c := range r.Cells {
		if c.OrganisationID == org.ID && c.StaffGroup == group {
			cell = c.Counts[coverage.StageContributed]
		}
	}
	if cell != 1 {
		t.Errorf("the participant's cell counts %d contributions, want 1: the named question only", cell)
	}
}

func reload(s *models.Store, id uint) (*polls.PollQuestion, error) {
	var q polls.PollQuestion
	return &q, s.DB.First(&q, id).Error
}
