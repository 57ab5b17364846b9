package privacy

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Removed is the text left in place of free text that was erased, so a thread still
// reads as a thread and counts as one.
const Removed = "[Removed at the person's request]"

// Erased says what erasing did in one area.
type Erased struct {
	Key     string `json:"key"`
	Title   string `json:"title"`
	Count   int    `json:"count"`
	Erasure string `json:"erasure"`
}

// Erase deletes or anonymises everything found about the subject in one transaction,
// keeping what coverage and the evidence pack count (see the table in subject.go). It
// refuses a team account that still has a role: an admin, comms officer or facilitator
// is erased after their role is removed, so no one erases a working colleague by mistake.
// On SQLite the write-ahead log is then checkpointed and truncated, so the old pages
// leave the disk (secure_delete zeroes what was freed in the file itself).
func (s *Store) Erase(ctx context.Context, sub Subject) ([]Erased, error) {
	var out []Erased
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		f, err := findSubject(tx, sub)
		if err != nil {
			return err
		}
		if f.Blocker != "" {
			return models.Conflict("email", "%s", f.Blocker)
		}
		if f.Total() == 0 {
			return models.NotFound("anything about this person")
		}
		if err := eraseFindings(tx, f); err != nil {
			return err
		}
		for _, a := range f.Areas {
			if a.Count > 0 && a.Key != auditKey {
				out = append(out, Erased{Key: a.Key, Title: a.Title, Count: a.Count, Erasure: a.Erasure})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, s.flushDisk(ctx)
}

// eraseFindings applies each area's erasure. Order matters: rows kept for counts take
// their organisation and staff group from the directory before the contact goes.
func eraseFindings(tx *gorm.DB, f *Findings) error {
	e := &eraser{tx: tx, f: f, email: f.Subject.Email, pseudonym: "erased-" + randomHex(12)}
	for _, step := range []func() error{
		e.fillFromDirectory, e.bookings, e.posts, e.participants, e.campaigns, e.pulses,
		e.signIns, e.teamAccount, e.contacts, e.outbox,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type eraser struct {
	tx               *gorm.DB
	f                *Findings
	email, pseudonym string
}

func (e *eraser) ids(key string) []uint64 { return orNone(e.f.Area(key).ids, 0) }

func (e *eraser) exec(sql string, args ...any) error { return e.tx.Exec(sql, args...).Error }

// fillFromDirectory writes into each row counted by address the organisation and staff
// group coverage would have looked up from the directory by that address
// (models/coverage directoryFill: the contact, else the team account), so the row stays
// in its cell once the address and the contact are gone.
func (e *eraser) fillFromDirectory() error {
	if e.email == "" {
		return nil
	}
	look := func(col string) string {
		return "(SELECT d." + col + " FROM contacts d WHERE d.email = ?), (SELECT d." + col + " FROM people d WHERE d.email = ?)"
	}
	for _, t := range []struct{ table, key string }{
		{"bookings", "bookings"}, {"feedback_posts", "feedback_posts"}, {"campaign_recipients", "campaign_recipients"},
	} {
		err := e.exec(`UPDATE `+t.table+` SET organisation_id = COALESCE(organisation_id, `+look("organisation_id")+`),
 staff_group = CASE WHEN staff_group = '' THEN COALESCE(`+look("staff_group")+`, '') ELSE staff_group END
 WHERE email = ? AND id IN ?`, e.email, e.email, e.email, e.email, e.email, e.ids(t.key))
		if err != nil {
			return err
		}
	}
	return nil
}

// bookings keep session, slot, status, attendance, organisation and staff group; a
// booking the person made for someone else loses only its organiser's details. A place
// still to come stays held, anonymously, and is marked reminded so no reminder goes to
// the pseudonym (the findings warn about it beforehand).
func (e *eraser) bookings() error {
	ids := e.ids("bookings")
	err := e.exec(`UPDATE bookings SET
 name = CASE WHEN email = ? THEN '' ELSE name END, job_role = CASE WHEN email = ? THEN '' ELSE job_role END,
 organizer_name = CASE WHEN email = ? OR organizer_email = ? THEN '' ELSE organizer_name END,
 organizer_email = CASE WHEN email = ? OR organizer_email = ? THEN '' ELSE organizer_email END,
 reminder_sent_at = CASE WHEN email = ? THEN COALESCE(reminder_sent_at, ?) ELSE reminder_sent_at END,
 email = CASE WHEN email = ? THEN ? ELSE email END
 WHERE id IN ?`, e.email, e.email, e.email, e.email, e.email, e.email, e.email, time.Now().UTC(), e.email, e.pseudonym, ids)
	if err != nil {
		return err
	}
	return e.exec(`DELETE FROM booking_links WHERE booking_id IN (SELECT id FROM bookings WHERE id IN ? AND email = ?)`, ids, e.pseudonym)
}

// posts keep channel, kind, status, approval and counts; the text goes with the name, as
// it is theirs and may say who they are. A post counted by address keeps the pseudonym.
func (e *eraser) posts() error {
	posts := e.ids("feedback_posts")
	steps := []struct {
		sql  string
		args []any
	}{
		{`UPDATE feedback_posts SET email = CASE WHEN email <> '' THEN ? ELSE '' END, name = '', body = ?,
 hidden_reason = '' WHERE id IN ?`, []any{e.pseudonym, Removed, posts}},
		{`UPDATE feedback_replies SET body = ? WHERE id IN ?`, []any{Removed, e.ids("feedback_replies")}},
		{`UPDATE feedback_moderations SET reason = '' WHERE post_id IN ?`, []any{posts}},
		{`DELETE FROM feedback_follow_links WHERE id IN ?`, []any{e.ids("feedback_follow_links")}},
	}
	for _, st := range steps {
		if err := e.exec(st.sql, st.args...); err != nil {
			return err
		}
	}
	return nil
}

// participants keep their row (their votes and coverage point at it) without the name;
// their questions lose the name and the text.
func (e *eraser) participants() error {
	if err := e.exec(`UPDATE poll_participants SET display_name = '', notify_email = NULL WHERE id IN ?`, e.ids("workshop_participants")); err != nil {
		return err
	}
	return e.exec(`UPDATE poll_questions SET name = '', text = ? WHERE id IN ?`, Removed, e.ids("workshop_questions"))
}

// campaigns keep who was reached, when and what happened (opens, clicks, bounces) under
// the pseudonym; delivery errors and bounce reasons may quote the address, so they go.
func (e *eraser) campaigns() error {
	err := e.exec(`UPDATE campaign_recipients SET email = ?, name = '', error = '', drop_reason = '' WHERE id IN ?`,
		e.pseudonym, e.ids("campaign_recipients"))
	if err != nil {
		return err
	}
	return e.exec(`UPDATE campaign_events SET email = ?, reason = '' WHERE id IN ?`, e.pseudonym, e.ids("campaign_events"))
}

func (e *eraser) signIns() error {
	if e.email == "" {
		return nil
	}
	people := e.ids("team_account")
	for _, sql := range []string{
		`DELETE FROM web_sessions WHERE person_id IN ?`, `DELETE FROM api_tokens WHERE person_id IN ?`,
	} {
		if err := e.exec(sql, people); err != nil {
			return err
		}
	}
	return e.exec(`DELETE FROM sign_in_tokens WHERE email = ?`, e.email)
}

// teamAccount anonymises a former team member's account (no role: Erase refused one with
// a role). The row stays, as sessions and campaigns they created point at it; the names
// shown on their replies and moderation go.
func (e *eraser) teamAccount() error {
	people := e.ids("team_account")
	// The single sign-on binding (issuer and subject) names them at their provider: it goes too.
	if err := e.exec(`UPDATE people SET email = ?, name = '', job_role = '', oidc_issuer = NULL, oidc_subject = NULL WHERE id IN ?`, e.pseudonym, people); err != nil {
		return err
	}
	if err := e.exec(`UPDATE feedback_replies SET author_name = '' WHERE author_id IN ?`, people); err != nil {
		return err
	}
	return e.exec(`UPDATE feedback_moderations SET actor_name = '' WHERE actor_id IN ?`, people)
}

func (e *eraser) contacts() error {
	return e.exec(`DELETE FROM contacts WHERE id IN ?`, e.ids("contacts"))
}

func (e *eraser) outbox() error {
	return e.exec(`DELETE FROM outbox_messages WHERE id IN ?`, e.ids("outbox"))
}

// flushDisk moves SQLite's write-ahead log into the file and truncates it, so the pages
// the erasure replaced are nowhere on disk. A reader holding the log open makes the
// checkpoint partial; it is retried briefly, and the next checkpoint finishes the job.
func (s *Store) flushDisk(ctx context.Context) error {
	if s.IsPostgres() {
		return nil
	}
	for range 20 {
		var busy, logPages, done int
		row := s.DB.WithContext(ctx).Raw("PRAGMA wal_checkpoint(TRUNCATE)").Row()
		if err := row.Scan(&busy, &logPages, &done); err != nil {
			return err
		}
		if busy == 0 {
			return nil
		}
		if err := sleepCtx(ctx, 50); err != nil {
			return err
		}
	}
	return nil
}
