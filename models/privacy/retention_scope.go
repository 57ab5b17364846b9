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
		{table: "poll_participants", where: "created_at <= ? AND display_name <> ''",
			set: "display_name = '', token_hash = " + retainedTag},
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
	KindSignIn: {
		{table: "sign_in_tokens", where: "expires_at <= ?"},
		{table: "web_sessions", where: "expires_at <= ?"}},
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
	err := db.WithContext(ctx).Raw("SELECT COUNT(*) FROM "+sc.table+" WHERE "+sc.where, sc.args(cutoff)...).Scan(&n).Error
	return n, err
}

// remove removes the rows past cutoff, batch rows a transaction, so no one transaction
// holds a large table's locks for long, and says how many it removed.
func (sc scope) remove(ctx context.Context, s *Store, cutoff time.Time, batch int) (int64, error) {
	var total int64
	for {
		n, err := sc.removeBatch(ctx, s, cutoff, batch)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
		if err := ctx.Err(); err != nil {
			return total, err
		}
	}
}

func (sc scope) removeBatch(ctx context.Context, s *Store, cutoff time.Time, batch int) (int64, error) {
	if sc.pseudonymise {
		return sc.pseudonymiseBatch(ctx, s, cutoff, batch)
	}
	pick := "id IN (SELECT id FROM " + sc.table + " WHERE " + sc.where + " ORDER BY id LIMIT ?)"
	args := append(sc.args(cutoff), batch)
	stmt := "DELETE FROM " + sc.table + " WHERE " + pick
	if sc.set != "" {
		stmt = "UPDATE " + sc.table + " SET " + sc.set + " WHERE " + pick + " AND " + sc.where
		args = append(args, sc.args(cutoff)...)
	}
	res := s.DB.WithContext(ctx).Exec(stmt, args...)
	return res.RowsAffected, res.Error
}

// pseudonymiseBatch replaces the email of up to batch rows with its RetainedKey, one
// transaction for the batch.
func (sc scope) pseudonymiseBatch(ctx context.Context, s *Store, cutoff time.Time, batch int) (int64, error) {
	var rows []struct {
		ID    uint
		Email string
	}
	err := s.DB.WithContext(ctx).Raw("SELECT id, email FROM "+sc.table+" WHERE "+sc.where+" ORDER BY id LIMIT ?",
		append(sc.args(cutoff), batch)...).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	var n int64
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		for _, r := range rows {
			res := tx.Exec("UPDATE "+sc.table+" SET "+sc.set+", email = ? WHERE id = ? AND "+sc.where,
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
