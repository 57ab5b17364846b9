package migrations_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestAnonymousQuestionsMigrationUnlinksThem populates a database as it was before 0014
// (anonymous questions with their participant_id and exact times), migrates, and rolls
// back: anonymous questions lose the link, named ones keep it, every time drops to the
// minute, and a rollback leaves the links gone.
func TestAnonymousQuestionsMigrationUnlinksThem(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t).DB
	const id = "0014_anonymous_questions"
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	insert := func(table string, cols map[string]any) uint {
		t.Helper()
		var names, marks []string
		var args []any
		for k, v := range cols {
			names, marks, args = append(names, k), append(marks, "?"), append(args, v)
		}
		var n uint
		sql := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) RETURNING id", table, strings.Join(names, ", "), strings.Join(marks, ", "))
		if err := db.Raw(sql, args...).Scan(&n).Error; err != nil {
			t.Fatalf("insert into %s: %v", table, err)
		}
		return n
	}
	asked := time.Date(2026, 11, 3, 10, 4, 37, 123456000, time.UTC) // microseconds: what Postgres keeps
	moderated := asked.Add(90 * time.Second)
	w := insert("workshops", map[string]any{"title": "W", "join_code": "MIG014", "created_by_id": 1, "created_at": asked, "updated_at": asked})
	p := insert("poll_participants", map[string]any{"workshop_id": w, "token_hash": "h", "display_name": "Zoë O'Brien",
		"staff_group": "Nursing and Midwifery Registered", "created_at": asked})
	question := func(name string, updated time.Time) uint {
		return insert("poll_questions", map[string]any{"workshop_id": w, "participant_id": p, "name": name, "text": "Why?",
			"status": "approved", "created_at": asked, "updated_at": updated})
	}
	anon, anonModerated, named := question("", asked), question("", moderated), question("Zoë O'Brien", asked)

	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID                   uint
		ParticipantID        *uint
		CreatedAt, UpdatedAt time.Time
	}
	check := func(when string) {
		t.Helper()
		var rows []row
		if err := db.Raw("SELECT id, participant_id, created_at, updated_at FROM poll_questions ORDER BY id").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		minute := asked.Truncate(time.Minute)
		want := map[uint]struct {
			linked  bool
			updated time.Time
		}{anon: {false, minute}, anonModerated: {false, moderated}, named: {true, minute}}
		for _, r := range rows {
			w := want[r.ID]
			if (r.ParticipantID != nil) != w.linked || !r.CreatedAt.Equal(minute) || !r.UpdatedAt.Equal(w.updated) {
				t.Errorf("%s: question %d: participant %v, created %v, updated %v; want linked %v, created %v, updated %v",
					when, r.ID, r.ParticipantID, r.CreatedAt, r.UpdatedAt, w.linked, minute, w.updated)
			}
		}
	}
	check("after migrating")
	if err := migrations.Rollback(db, id); err != nil {
		t.Fatal(err)
	}
	check("after rolling back")
	if err := migrations.Run(db); err != nil {
		t.Fatal(err)
	}
	check("after migrating again")
}
