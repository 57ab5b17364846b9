package feedback_test

import (
	"context"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/demo"
	"github.com/confer-nhs/confer/models/storetest"

	"github.com/confer-nhs/confer/models/feedback"
)

func TestFeedbackDemoSeedIsAlive(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	start := time.Now()
	if err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	t.Logf("whole demo seed took %v", time.Since(start))
	chans, err := feedback.Of(s).ListChannels(ctx)
	if err != nil || len(chans) != 4 {
		t.Fatalf("channels: %d %v", len(chans), err)
	}
	for _, ch := range chans {
		if ch.PublicPosts == 0 {
			t.Errorf("channel %s shows no public posts", ch.Name)
		}
	}
	done, _, err := feedback.Of(s).YouSaidWeDid(ctx, 0, models.Page{})
	if err != nil || len(done) < 5 {
		t.Fatalf("you said, we did: %d %v", len(done), err)
	}
	for _, p := range done {
		if p.ActionTaken == "" || p.ActionedAt == nil {
			t.Fatalf("actioned post %d without action_taken", p.ID)
		}
	}
	queue, total, err := feedback.Of(s).ListTeamPosts(ctx, feedback.TeamPostFilter{Visibility: "pending"})
	if err != nil || total == 0 || len(queue) == 0 {
		t.Fatalf("the demo has no post awaiting approval: %d %v", total, err)
	}
}

// TestFeedbackIndexesExist: the listing indexes the benchmark relies on are created on
// both databases.
func TestFeedbackIndexesExist(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	for _, idx := range []string{"idx_feedback_posts_top", "idx_feedback_posts_new", "idx_feedback_metoos_post_voter", "idx_feedback_tags_post_tag"} {
		table := "feedback_posts"
		if idx == "idx_feedback_metoos_post_voter" {
			table = "feedback_metoos"
		} else if idx == "idx_feedback_tags_post_tag" {
			table = "feedback_tags"
		}
		if !s.DB.Migrator().HasIndex(table, idx) {
			t.Errorf("index %s on %s is missing", idx, table)
		}
	}
}
