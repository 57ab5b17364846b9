package coverage_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/coverage"
	ct "github.com/confer-nhs/confer/models/coveragetest"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

// row is one cell counted by hand: headcount, reached, booked, attended, contributed, answered.
type row struct {
	org   string
	group string
	n     [6]int
}

func cellRows(t *testing.T, r *coverage.CoverageReport) []row {
	t.Helper()
	out := make([]row, 0, len(r.Cells))
	for _, c := range r.Cells {
		out = append(out, row{r.Organisations[c.OrganisationID], c.StaffGroup, [6]int{c.Headcount,
			c.Counts[coverage.StageReached], c.Counts[coverage.StageBooked], c.Counts[coverage.StageAttended],
			c.Counts[coverage.StageContributed], c.Counts[coverage.StageAnswered]}})
	}
	return out
}

// handTargets are the targets the hand counts below are checked against.
func handTargets(f *ct.Fixture) []coverage.CoverageTargetInput {
	pct := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	return []coverage.CoverageTargetInput{
		{Stage: "attended", Category: "clinical", StaffGroup: ct.Nursing, MinPercent: pct(5)},
		{Stage: "reached", MinPercent: pct(80)},
		{Stage: "contributed", OrganisationID: &f.Beta, MinCount: n(5)},
	}
}

func TestCoverageCountsByHand(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	f := ct.Build(t, s)
	if _, err := coverage.Of(s).ReplaceCoverageTargets(ctx, handTargets(f)); err != nil {
		t.Fatal(err)
	}

	t.Run("all categories, all time", func(t *testing.T) {
		r, err := coverage.Of(s).Coverage(ctx, coverage.CoverageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// Alpha medical: a-m1..5 sent (a-m6 failed), booked and attended the technical
		// session; p3 asked a question in the clinical workshop, which was answered.
		// Alpha nursing: a-n1..7 sent (a-n1 twice), booked a-n1 (twice), 2, 3, 4, 7 (a-n5
		// cancelled, a-n6 waitlisted); attended a-n1 and a-n2; contributed a-n1 (two posts,
		// one in mixed case), a-n3..6 and workshop participant 1; answered a-n1 (reply)
		// and a-n3 (actioned).
		// Beta admin: b-a1..8 sent; booked b-a1 and staff1 (neither stated a group: filled
		// from the contact and the person); attended b-a1; contributed b-a2 (named, no group)
		// and two anonymous posts; answered one anonymous post (public reply).
		// Beta nursing: b-n1 is only queued.
		want := []row{
			{"Alpha Trust", ct.Medical, [6]int{6, 5, 5, 5, 1, 1}},
			{"Alpha Trust", ct.Nursing, [6]int{10, 7, 5, 2, 6, 2}},
			{"Beta Trust", ct.Admin, [6]int{8, 8, 2, 1, 3, 1}},
			{"Beta Trust", ct.Nursing, [6]int{3, 0, 0, 0, 0, 0}},
		}
		if got := cellRows(t, r); !reflect.DeepEqual(got, want) {
			t.Errorf("cells:\n got %v\nwant %v", got, want)
		}
		// Totals count distinct people in and out of cells: booked adds the outsider,
		// contributed adds the anonymous post that stated no group.
		wantTotals := map[string]int{"reached": 20, "booked": 13, "attended": 8, "contributed": 11, "answered": 4}
		if !reflect.DeepEqual(r.Totals, wantTotals) {
			t.Errorf("totals: got %v want %v", r.Totals, wantTotals)
		}
		if r.Headcount != 27 {
			t.Errorf("headcount %d, want 27 (contacts only)", r.Headcount)
		}
		// Contributions count towards a target only when verified: Beta admin's two
		// anonymous posts do not, b-a2 (named, on the contact list) does. The gaps are
		// ordered on the shown figures: Beta nursing's headcount is hidden, so its
		// shortfalls tie and the targets' order decides.
		wantGaps := []string{
			"No verified contribution yet from Beta Trust (Nursing and Midwifery Registered)",
			"No clinical session attendee yet from Beta Trust (Nursing and Midwifery Registered)",
			"No Nursing and Midwifery Registered staff at Beta Trust sent a campaign yet",
			"Fewer than 5 of 8 Administrative and Clerical staff at Beta Trust made a verified contribution; the target is at least 5 people",
			"Only 7 of 10 Nursing and Midwifery Registered staff at Alpha Trust were sent a campaign; the target is at least 80%",
		}
		var gotGaps []string
		for _, g := range r.Gaps {
			gotGaps = append(gotGaps, g.Text)
		}
		if !reflect.DeepEqual(gotGaps, wantGaps) {
			t.Errorf("gaps:\n got %q\nwant %q", gotGaps, wantGaps)
		}
		flagged := map[string]bool{}
		for _, c := range r.Cells {
			flagged[fmt.Sprint(r.Organisations[c.OrganisationID], "/", c.StaffGroup)] = c.Flagged()
		}
		wantFlagged := map[string]bool{"Alpha Trust/" + ct.Medical: false, "Alpha Trust/" + ct.Nursing: true,
			"Beta Trust/" + ct.Admin: true, "Beta Trust/" + ct.Nursing: true}
		if !reflect.DeepEqual(flagged, wantFlagged) {
			t.Errorf("flagged: got %v want %v", flagged, wantFlagged)
		}
		// Verified contributions and answers: Alpha nursing's five named posters are
		// contacts there, workshop participant 1 is self-declared; Beta admin's b-a2 is
		// verified (the contact filled the group), its two anonymous posts are not.
		verified := map[string]string{}
		for _, c := range r.Cells {
			verified[r.Organisations[c.OrganisationID]+"/"+c.StaffGroup] = fmt.Sprint(c.Verified(coverage.StageContributed), "+",
				c.SelfDeclared(coverage.StageContributed), " ", c.Verified(coverage.StageAnswered), "+", c.SelfDeclared(coverage.StageAnswered))
		}
		wantVerified := map[string]string{"Alpha Trust/" + ct.Medical: "0+1 0+1", "Alpha Trust/" + ct.Nursing: "5+1 2+0",
			"Beta Trust/" + ct.Admin: "1+2 0+1", "Beta Trust/" + ct.Nursing: "0+0 0+0"}
		if !reflect.DeepEqual(verified, wantVerified) {
			t.Errorf("verified+self-declared: got %v want %v", verified, wantVerified)
		}
		// Shown as: Alpha nursing's 6 contributors would give away its 1 self-declared
		// one beside 5 verified, so the 6 is hidden too; the total headcount 27 would give
		// away Beta nursing's 3, so it is hidden.
		hide := func(c coverage.CoverageCell, key string) coverage.Disclosure { return c.Hide[key] }
		if d := hide(r.Cells[1], coverage.StageContributed); d != coverage.HiddenProtect {
			t.Errorf("Alpha nursing contributed shown as %d, want protected", d)
		}
		if d := hide(r.Cells[1], coverage.StageContributed+coverage.VerifiedSuffix); d != coverage.Shown {
			t.Errorf("Alpha nursing verified shown as %d, want shown", d)
		}
		if r.HeadcountHide != coverage.HiddenProtect || r.TotalsHide[coverage.StageReached] != coverage.Shown {
			t.Errorf("headcount total %d, reached total %d", r.HeadcountHide, r.TotalsHide[coverage.StageReached])
		}
	})

	t.Run("technical sessions only", func(t *testing.T) {
		r, err := coverage.Of(s).Coverage(ctx, coverage.CoverageFilter{Category: "technical"})
		if err != nil {
			t.Fatal(err)
		}
		// Campaigns and feedback have no category and still count; the clinical workshop
		// (participant 1's vote, participant 3's answered question) and clinical bookings drop.
		want := []row{
			{"Alpha Trust", ct.Medical, [6]int{6, 5, 5, 5, 0, 0}},
			{"Alpha Trust", ct.Nursing, [6]int{10, 7, 2, 1, 5, 2}},
			{"Beta Trust", ct.Admin, [6]int{8, 8, 0, 0, 3, 1}},
			{"Beta Trust", ct.Nursing, [6]int{3, 0, 0, 0, 0, 0}},
		}
		if got := cellRows(t, r); !reflect.DeepEqual(got, want) {
			t.Errorf("cells:\n got %v\nwant %v", got, want)
		}
		// The clinical target is still measured in clinical sessions, whatever the filter.
		if len(r.Gaps) != 5 || !strings.Contains(r.Gaps[1].Text, "clinical session attendee") {
			t.Errorf("gaps under a technical filter: %+v", r.Gaps)
		}
	})

	t.Run("period", func(t *testing.T) {
		from, to, err := coverage.ParsePeriod("2026-10-11", "2026-10-31")
		if err != nil {
			t.Fatal(err)
		}
		r, err := coverage.Of(s).Coverage(ctx, coverage.CoverageFilter{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		// Only the Oct 12 technical session falls in it: campaigns went out on Oct 5 and 6,
		// the clinical session and workshop were on Oct 10, feedback was posted today.
		want := []row{
			{"Alpha Trust", ct.Medical, [6]int{6, 0, 5, 5, 0, 0}},
			{"Alpha Trust", ct.Nursing, [6]int{10, 0, 2, 1, 0, 0}},
			{"Beta Trust", ct.Admin, [6]int{8, 0, 0, 0, 0, 0}},
			{"Beta Trust", ct.Nursing, [6]int{3, 0, 0, 0, 0, 0}},
		}
		if time.Now().Before(*to) {
			t.Skip("the fixture's feedback is stamped today, inside the period")
		}
		if got := cellRows(t, r); !reflect.DeepEqual(got, want) {
			t.Errorf("cells:\n got %v\nwant %v", got, want)
		}
	})
}

func TestCoverageTargetsRefuseBadInputAndKeepTheOldList(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	pct := func(v float64) *float64 { return &v }
	good := []coverage.CoverageTargetInput{{Stage: "attended", Category: "clinical", StaffGroup: "nursing and midwifery registered", MinPercent: pct(5)}}
	saved, err := coverage.Of(s).ReplaceCoverageTargets(ctx, good)
	if err != nil || len(saved) != 1 || saved[0].StaffGroup != "Nursing and Midwifery Registered" {
		t.Fatalf("good targets: %+v %v", saved, err)
	}
	missing := uint(999)
	for _, tc := range []struct {
		in    coverage.CoverageTargetInput
		field string
	}{
		{coverage.CoverageTargetInput{Stage: "seen", MinPercent: pct(5)}, "targets[1].stage"},
		{coverage.CoverageTargetInput{Stage: "booked", Category: "surgical", MinPercent: pct(5)}, "targets[1].category"},
		{coverage.CoverageTargetInput{Stage: "booked", StaffGroup: "Pilots", MinPercent: pct(5)}, "targets[1].staff_group"},
		{coverage.CoverageTargetInput{Stage: "booked", OrganisationID: &missing, MinPercent: pct(5)}, "targets[1].organisation_id"},
		{coverage.CoverageTargetInput{Stage: "booked", MinPercent: pct(101)}, "targets[1].min_percent"},
		{coverage.CoverageTargetInput{Stage: "booked"}, "targets[1].min_percent"},
	} {
		_, err := coverage.Of(s).ReplaceCoverageTargets(ctx, append(good[:1:1], tc.in))
		if models.ErrorCode(err) != models.EINVALID || models.ErrorField(err) != tc.field {
			t.Errorf("%+v: got %v (field %q), want invalid %s", tc.in, err, models.ErrorField(err), tc.field)
		}
	}
	after, err := coverage.Of(s).ListCoverageTargets(ctx)
	if err != nil || len(after) != 1 || after[0].ID != saved[0].ID {
		t.Errorf("a refused list changed the stored one: %+v %v", after, err)
	}
}

func TestReachingAGapStartsADraftForExactlyThatCell(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	f := ct.Build(t, s)
	author, err := people.Of(s).EnsureUser(ctx, "comms@test.example", "Comms", models.RoleComms, nil)
	if err != nil {
		t.Fatal(err)
	}
	id, err := coverage.Of(s).ReachCoverageGap(ctx, author.ID, coverage.ReachInput{OrganisationID: f.Beta, StaffGroup: "nursing and midwifery registered",
		Stage: "attended", Category: "clinical", BaseURL: "https://confer.test"})
	if err != nil {
		t.Fatal(err)
	}
	var c struct{ Status, Audience, BodyMarkdown string }
	if err := s.DB.Raw("SELECT status, audience, body_markdown FROM campaigns WHERE id = ?", id).Scan(&c).Error; err != nil {
		t.Fatal(err)
	}
	var audience campaigns.Audience
	if err := json.Unmarshal([]byte(c.Audience), &audience); err != nil {
		t.Fatal(err)
	}
	if c.Status != "draft" || len(audience.OrganisationIDs) != 1 || audience.OrganisationIDs[0] != f.Beta ||
		len(audience.StaffGroups) != 1 || audience.StaffGroups[0] != "Nursing and Midwifery Registered" || len(audience.JobRoles) != 0 {
		t.Errorf("draft: status %s audience %s", c.Status, c.Audience)
	}
	// The one upcoming clinical time is listed with its booking link; past ones are not.
	if !strings.Contains(c.BodyMarkdown, "**Clinical pathways**, Monday 2 March 2099, 10:00") ||
		!strings.Contains(c.BodyMarkdown, "https://confer.test/book/") || strings.Contains(c.BodyMarkdown, "Digital records") {
		t.Errorf("body does not list the suitable sessions:\n%s", c.BodyMarkdown)
	}
	e, err := coverage.Of(s).Evidence(ctx, nil, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	acts := e.ActionsFor(f.Beta, ct.Nursing)
	if len(acts) != 1 || acts[0].CampaignID == nil || *acts[0].CampaignID != id {
		t.Errorf("the evidence pack does not record the draft: %+v", e.Actions)
	}
	for _, bad := range []coverage.ReachInput{{OrganisationID: 999, StaffGroup: ct.Nursing}, {OrganisationID: f.Beta},
		{OrganisationID: f.Beta, StaffGroup: ct.Nursing, Category: "surgical"}} {
		if _, err := coverage.Of(s).ReachCoverageGap(ctx, author.ID, bad); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("%+v: got %v, want invalid", bad, err)
		}
	}
}
