package privacy

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// scope is one table's part of a kind: the rows past their date (where, each "?" the
// cutoff) that still hold what the kind removes, and what removal does to them: set (an
// UPDATE's SET list) or, when set is empty, DELETE. A pseudonymised scope also replaces
// each row's email with RetainedKey, computed in Go, so a person's rows still count once.
// Every where names rows not yet removed, so a second run (or a second instance racing the
// first) finds nothing to do twice.
type scope struct {
	table, where, set string
	pseudonymise      bool
	then              string // run per row after a pseudonymised row's update ("?" its id)
}

// fill gives a row the organisation and staff group coverage fills in from the directory
// by email (coverage.directoryFill), before the email goes: the row then counts in the
// same cell without it.
func fill(table string) string {
	look := func(col string) string {
		return "(SELECT d." + col + " FROM contacts d WHERE d.email = LOWER(" + table + ".email)), " +
			"(SELECT d." + col + " FROM people d WHERE d.email = LOWER(" + table + ".email))"
	}
	return "organisation_id = COALESCE(organisation_id, " + look("organisation_id") + "), " +
		"staff_group = CASE WHEN staff_group = '' THEN COALESCE(" + look("staff_group") + ", '') ELSE staff_group END"
}

// closedPulse is a pulse row (of pulse_responses or pulse_answers) whose pulse closed at
// or before the cutoff.
const closedPulse = "pulse_id IN (SELECT p.id FROM pulses p WHERE p.closes_at <= ?)"

// RemovedOnItsDate is the text left in place of a written answer the retention job
// removed (Removed says the person asked; this says the time for keeping it ended).
const RemovedOnItsDate = "[Removed when the time for keeping it ended]"

// quote is s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// retainedTag marks a unique hash column whose secret was removed: never a hex digest,
// so no token hashes to it, and the row's id keeps it unique.
const retainedTag = "'retained:' || CAST(id AS VARCHAR(20))"

// scopes are each kind's tables. Kinds kept in other areas' tables (audit, leavers) are
// removed through Hooks instead.
var scopes = map[string][]scope{
	KindBookings: {{table: "bookings", pseudonymise: true,
		where: "ends_at <= ? AND email NOT LIKE 'anon:%'",
		set:   fill("bookings") + ", name = '', job_role = '', confirm_hash = '', manage_hash = " + retainedTag,
		then:  "DELETE FROM booking_links WHERE booking_id = ?"}},
	KindWorkshopParticipants: {
		{table: "poll_participants", where: "created_at <= ? AND (display_name <> '' OR notify_email IS NOT NULL)",
			set: "display_name = '', notify_email = NULL, token_hash = " + retainedTag},
		{table: "poll_questions", where: "created_at <= ? AND name <> ''", set: "name = ''"}},
	KindCampaignRecipients: {
		{table: "campaign_recipients", pseudonymise: true,
			where: "campaign_id IN (SELECT c.id FROM campaigns c WHERE COALESCE(c.finished_at, c.started_at) <= ?) AND email NOT LIKE 'anon:%'",
			set:   fill("campaign_recipients") + ", name = '', error = ''"},
		{table: "campaign_events",
			where: "(email <> '' OR reason <> '') AND (campaign_id IN (SELECT c.id FROM campaigns c WHERE COALESCE(c.finished_at, c.started_at) <= ?) OR (campaign_id IS NULL AND occurred_at <= ?))",
			set:   "email = '', reason = ''"}},
	KindOutbox: {{table: "outbox_messages", where: "created_at <= ?"}},
	KindFollowLinks: {{table: "feedback_follow_links", where: `created_at <= ? AND post_id IN (
 SELECT fp.id FROM feedback_posts fp WHERE fp.updated_at <= ?
 AND NOT EXISTS (SELECT 1 FROM feedback_follow_links l WHERE l.post_id = fp.id AND l.created_at > ?)
 AND NOT EXISTS (SELECT 1 FROM feedback_replies r WHERE r.post_id = fp.id AND r.created_at > ?))`}},
	// A closed pulse's responses, personal and open-link alike, lose what links them to a
	// person; organisation, staff group, source and the values chosen stay, so results,
	// trend and the board count them as before. Coverage counts an unlinked personal
	// response as it counts an open-link one (docs/COVERAGE.md, "Retention keeps the
	// counts"). Written answers go as erasure's do (subject_pulses.go), with their own words.
	KindPulseAnswers: {
		{table: "pulse_responses", where: closedPulse + " AND (contact_id IS NOT NULL OR campaign_recipient_id IS NOT NULL OR job_role <> '')",
			set: "contact_id = NULL, campaign_recipient_id = NULL, job_role = ''"},
		{table: "pulse_answers", where: closedPulse + " AND text <> '' AND text <> " + quote(Removed) + " AND text <> " + quote(RemovedOnItsDate),
			set: "text = " + quote(RemovedOnItsDate)}},
	KindSignIn: {
		{table: "sign_in_tokens", where: "expires_at <= ?"},
		{table: "web_sessions", where: "expires_at <= ?"},
		{table: "oidc_logins", where: "expires_at <= ?"}},
}

// args repeats the cutoff for each "?" of where.
func (sc scope) args(cutoff time.Time) []any {
	args := make([]any, strings.Count(sc.where, "?"))
	for i := range args {
		args[i] = cutoff
	}
	return args
}

// count is how many rows are past cutoff and not yet removed.
func (sc scope) count(ctx context.Context, db *gorm.DB, cutoff time.Time) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw("SELECT COUNT(*) FROM "+sc.table+" WHERE ("+sc.where+")", sc.args(cutoff)...).Scan(&n).Error
	return n, err
}

// remove removes the rows past cutoff, batch rows a transaction, so no one transaction
// holds a large table's locks for long, and says how many it removed. It walks the table
// in id order from where the last batch ended (the cutoff is fixed for the run, so a row
// passed over is not due), so a large backlog costs one pass, not one per batch.
func (sc scope) remove(ctx context.Context, s *Store, cutoff time.Time, batch int) (int64, error) {
	var total int64
	var after uint
	for {
		var rows []dueRow
		cols := "id"
		if sc.pseudonymise {
			cols = "id, email"
		}
		err := s.DB.WithContext(ctx).Raw("SELECT "+cols+" FROM "+sc.table+" WHERE ("+sc.where+") AND id > ? ORDER BY id LIMIT ?",
			append(sc.args(cutoff), after, batch)...).Scan(&rows).Error
		if err != nil || len(rows) == 0 {
			return total, err
		}
		n, err := sc.removeRows(ctx, s, cutoff, rows)
		total += n
		if err != nil {
			return total, err
		}
		if len(rows) < batch {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
		after = rows[len(rows)-1].ID
	}
}

// dueRow is a row the job picked: its id, and its email when it is pseudonymised.
type dueRow struct {
	ID    uint
	Email string
}

// removeRows removes one batch in one transaction. Each statement repeats where, so a
// row another run changed in the meantime is neither changed nor counted again.
func (sc scope) removeRows(ctx context.Context, s *Store, cutoff time.Time, rows []dueRow) (int64, error) {
	var n int64
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if !sc.pseudonymise {
			ids := make([]uint, len(rows))
			for i, r := range rows {
				ids[i] = r.ID
			}
			stmt := "DELETE FROM " + sc.table
			if sc.set != "" {
				stmt = "UPDATE " + sc.table + " SET " + sc.set
			}
			res := tx.Exec(stmt+" WHERE id IN ? AND ("+sc.where+")", append([]any{ids}, sc.args(cutoff)...)...)
			n = res.RowsAffected
			return res.Error
		}
		for _, r := range rows {
			res := tx.Exec("UPDATE "+sc.table+" SET "+sc.set+", email = ? WHERE id = ? AND ("+sc.where+")",
				append([]any{RetainedKey(r.Email), r.ID}, sc.args(cutoff)...)...)
			if res.Error != nil {
				return res.Error
			}
			n += res.RowsAffected
			if sc.then != "" && res.RowsAffected > 0 {
				if err := tx.Exec(sc.then, r.ID).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// RetainedKey is what an anonymised row keeps in place of an email address: "anon:" and
// a digest of the address (models.SubjectKey), holding no "@", so it never matches a
// contact or a person. Every row of one address gets the same key, so coverage, which
// counts each address once, counts the anonymised rows of a period exactly as before.
func RetainedKey(email string) string {
	return "anon:" + models.SubjectKey(email)[:32]
}
