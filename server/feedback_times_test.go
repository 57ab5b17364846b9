package server

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/models/feedback"
)

// TestAnonymousPostTimesAreRounded: an anonymous post's time, exact to the nanosecond,
// could be matched to who was at a keyboard when. Every public view (the channel's posts,
// the live channel socket) and the export show it to the hour; the poster's own follow-up
// page keeps the exact time.
func TestAnonymousPostTimesAreRounded(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	ch := e.newChannel(admin, map[string]any{"allow_anonymous": true})
	live := dialWS(t, e.wsURL(fmt.Sprintf("/ws/channels/%d", ch)), nil)
	readFrameOfType(t, live, "hello")
	post := e.newPost(ch, map[string]any{"body": "The night rota is unsafe", "anonymous": true})
	var stored feedback.FeedbackPost
	if err := e.store.DB.First(&stored, post.ID).Error; err != nil {
		t.Fatal(err)
	}
	exact, hour := stored.CreatedAt.UTC(), stored.CreatedAt.UTC().Truncate(time.Hour)
	if exact.Equal(hour) {
		t.Skip("posted exactly on the hour")
	}
	check := func(where string, got time.Time) {
		t.Helper()
		if !got.Equal(hour) {
			t.Errorf("%s shows the anonymous post's time as %v, want %v (to the hour)", where, got, hour)
		}
	}

	var page struct {
		Items []struct {
			CreatedAt time.Time `json:"created_at"`
		}
	}
	e.do("GET", fmt.Sprintf("/api/v1/channels/%d/posts", ch), nil).JSON(t, &page)
	if len(page.Items) != 1 {
		t.Fatalf("public posts: %+v", page)
	}
	check("the channel's public posts", page.Items[0].CreatedAt)

	var frame struct {
		Post struct {
			CreatedAt time.Time `json:"created_at"`
		}
	}
	if err := json.Unmarshal(readFrameOfType(t, live, "post"), &frame); err != nil {
		t.Fatal(err)
	}
	check("the live channel frame", frame.Post.CreatedAt)

	r := e.do("GET", "/api/v1/feedback/export/posts.csv", nil, "token", admin)
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("export: %s (%v)", r, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	at, err := time.Parse(time.RFC3339, rows[1][col["created_at"]])
	if err != nil {
		t.Fatal(err)
	}
	check("the export", at)

	var own struct {
		CreatedAt time.Time `json:"created_at"`
	}
	e.do("GET", "/api/v1/follow/"+post.FollowToken, nil).JSON(t, &own)
	if !own.CreatedAt.Equal(exact) {
		t.Errorf("the poster's own page shows %v, want the exact %v", own.CreatedAt, exact)
	}
}

// readFrameOfType reads frames from c until one of type typ, and returns it.
func readFrameOfType(t *testing.T, c interface {
	ReadMessage() (int, []byte, error)
	SetReadDeadline(time.Time) error
}, typ string) []byte {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, msg, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("waiting for a %s frame: %v", typ, err)
		}
		var f struct{ Type string }
		if json.Unmarshal(msg, &f) == nil && f.Type == typ {
			return msg
		}
	}
}
