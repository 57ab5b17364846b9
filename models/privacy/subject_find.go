package privacy

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// FindSubject gathers everything Confer holds about the subject, in one read.
func (s *Store) FindSubject(ctx context.Context, sub Subject) (*Findings, error) {
	var f *Findings
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		f, err = findSubject(tx, sub)
		return err
	})
	return f, err
}

// noEmail stands in for the address when a subject came by follow-up link: no row holds it.
const noEmail = "\x01"

// findSubject reads every area in order: the areas found by address first, then the
// names they give, then what is found by name or through the posts.
func findSubject(tx *gorm.DB, sub Subject) (*Findings, error) {
	f := &Findings{Subject: sub}
	email := sub.Email
	if email == "" {
		email = noEmail
	}
	steps := []func(*gorm.DB, *Findings, string) error{
		findContacts, findTeamAccount, findSignIns, findBookings, findRecipients, findEvents, findPulseAnswers,
		gatherNames, findPosts, findReplies, findFollowLinks, findParticipants, findQuestions,
		findOutbox, findAudit,
	}
	for _, step := range steps {
		if err := step(tx, f, email); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func (f *Findings) add(tx *gorm.DB, key, title, erasure, sql string, args ...any) error {
	a := &Area{Key: key, Title: title, Erasure: erasure}
	f.Areas = append(f.Areas, a)
	return queryArea(tx, a, sql, args...)
}

func findContacts(tx *gorm.DB, f *Findings, email string) error {
	return f.add(tx, "contacts", "Contacts (staff lists)", "deleted", `
SELECT c.id, c.email, c.name, COALESCE(o.name, '') AS organisation, c.staff_group, c.job_role, c.area_of_work,
 c.external_id AS staff_number, c.unsubscribed_at, c.suppressed, c.left_at, c.created_at
FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id WHERE c.email = ? ORDER BY c.id`, email)
}

func findTeamAccount(tx *gorm.DB, f *Findings, email string) error {
	err := f.add(tx, "team_account", "Team account", "anonymised", `
SELECT p.id, p.email, p.name, COALESCE(o.name, '') AS organisation, p.staff_group, p.job_role, p.role, p.created_at
FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.email = ? ORDER BY p.id`, email)
	if a := f.Area("team_account"); err == nil && a.Count > 0 {
		if role := a.Rows[0][6]; role != "" {
			f.Blocker = "This person has a team account with the role " + role +
				". Remove their role first (in People), then erase."
		}
	}
	return err
}

func findSignIns(tx *gorm.DB, f *Findings, email string) error {
	return f.add(tx, "sign_ins", "Sign-in links, sessions and API tokens", "deleted", `
SELECT t.id, 'sign-in link' AS kind, t.created_at, t.expires_at AS ends_at FROM sign_in_tokens t WHERE t.email = ?
UNION ALL SELECT w.id, 'session', w.created_at, w.expires_at FROM web_sessions w JOIN people p ON p.id = w.person_id WHERE p.email = ?
UNION ALL SELECT a.id, 'API token', a.created_at, a.revoked_at FROM api_tokens a JOIN people p ON p.id = a.person_id WHERE p.email = ?`,
		email, email, email)
}

func findBookings(tx *gorm.DB, f *Findings, email string) error {
	var upcoming int64
	err := tx.Raw(`SELECT COUNT(*) FROM bookings WHERE email = ? AND starts_at > ? AND cancelled_at IS NULL AND status <> 'cancelled'`,
		email, time.Now().UTC()).Scan(&upcoming).Error
	if err != nil {
		return err
	}
	if upcoming > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%s for sessions still to come. Erasing keeps %s as anonymous places, "+
			"without reminders. If the place should go to someone else, cancel it first with the link in their booking email.",
			plural(int(upcoming), "They have 1 booking", fmt.Sprintf("They have %d bookings", upcoming)),
			plural(int(upcoming), "it", "them")))
	}
	return f.add(tx, "bookings", "Bookings and waiting-list places", "anonymised", `
SELECT b.id, es.title AS session, b.starts_at, b.status, b.attendance, b.name, b.email,
 COALESCE(o.name, '') AS organisation, b.staff_group, b.job_role, b.organizer_name, b.organizer_email, b.created_at
FROM bookings b JOIN engagement_sessions es ON es.id = b.engagement_session_id
LEFT JOIN organisations o ON o.id = b.organisation_id
WHERE b.email = ? OR b.organizer_email = ? ORDER BY b.id`, email, email)
}

func findRecipients(tx *gorm.DB, f *Findings, email string) error {
	return f.add(tx, "campaign_recipients", "Campaign emails sent to them", "anonymised", `
SELECT cr.id, c.name AS campaign, cr.email, cr.name, cr.state, cr.sent_at, cr.delivered_at, cr.opened_at,
 cr.clicked_at, cr.bounced_at, cr.unsubscribed_at, cr.error
FROM campaign_recipients cr JOIN campaigns c ON c.id = cr.campaign_id WHERE cr.email = ? ORDER BY cr.id`, email)
}

func findEvents(tx *gorm.DB, f *Findings, email string) error {
	ids := orNone(f.Area("campaign_recipients").ids, 0)
	return f.add(tx, "campaign_events", "Campaign events (opens, clicks, bounces)", "anonymised", `
SELECT ce.id, COALESCE(c.name, '') AS campaign, ce.event, ce.email, ce.occurred_at, ce.reason, ce.url
FROM campaign_events ce LEFT JOIN campaigns c ON c.id = ce.campaign_id
WHERE ce.email = ? OR ce.recipient_id IN ? ORDER BY ce.id`, email, ids)
}

// gatherNames collects the names the address was given with, for the records that hold
// a name and no address (workshop participants, named posts without an email).
func gatherNames(tx *gorm.DB, f *Findings, email string) error {
	var names []string
	err := tx.Raw(`SELECT name FROM contacts WHERE email = ? UNION SELECT name FROM people WHERE email = ?
UNION SELECT name FROM bookings WHERE email = ? UNION SELECT name FROM feedback_posts WHERE email = ?
UNION SELECT name FROM campaign_recipients WHERE email = ?`, email, email, email, email, email).Scan(&names).Error
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n != "" && !seen[n] {
			seen[n] = true
			f.Names = append(f.Names, n)
		}
	}
	return err
}

func findPosts(tx *gorm.DB, f *Findings, email string) error {
	hash := ""
	if f.Subject.Follow != "" {
		hash = models.HashSecret(f.Subject.Follow)
	}
	return f.add(tx, "feedback_posts", "Feedback posts", "anonymised", `
SELECT fp.id, fc.name AS channel, fp.kind, CASE WHEN fp.anonymous THEN 'yes' ELSE 'no' END AS anonymous,
 fp.name, fp.email, fp.body, fp.status, fp.created_at
FROM feedback_posts fp JOIN feedback_channels fc ON fc.id = fp.channel_id
WHERE fp.email = ? OR (fp.email = '' AND fp.anonymous = FALSE AND LOWER(TRIM(fp.name)) IN ?)
 OR fp.id IN (SELECT l.post_id FROM feedback_follow_links l WHERE l.hash = ?) ORDER BY fp.id`,
		email, orNone(f.Names, noEmail), hash)
}

func findReplies(tx *gorm.DB, f *Findings, _ string) error {
	return f.add(tx, "feedback_replies", "Replies on their posts", "with the text removed", `
SELECT fr.id, fr.post_id, CASE WHEN fr.from_poster THEN 'yes' ELSE 'no' END AS from_them, fr.author_name,
 fr.body, CASE WHEN fr.public THEN 'yes' ELSE 'no' END AS public, fr.created_at
FROM feedback_replies fr WHERE fr.post_id IN ? ORDER BY fr.id`, orNone(f.Area("feedback_posts").ids, 0))
}

func findFollowLinks(tx *gorm.DB, f *Findings, _ string) error {
	return f.add(tx, "feedback_follow_links", "Follow-up links to their posts", "deleted", `
SELECT l.id, l.post_id, l.created_at FROM feedback_follow_links l WHERE l.post_id IN ? ORDER BY l.id`,
		orNone(f.Area("feedback_posts").ids, 0))
}

// findParticipants finds workshop participants by the name they gave, or by the address
// they left to hear about decisions (notify_email, issue 16).
func findParticipants(tx *gorm.DB, f *Findings, email string) error {
	return f.add(tx, "workshop_participants", "Workshop participants who gave their name", "with the name removed", `
SELECT pp.id, w.title AS workshop, pp.display_name, COALESCE(o.name, '') AS organisation, pp.staff_group, pp.created_at
FROM poll_participants pp JOIN workshops w ON w.id = pp.workshop_id
LEFT JOIN organisations o ON o.id = pp.organisation_id
WHERE LOWER(TRIM(pp.display_name)) IN ? OR pp.notify_email = ? ORDER BY pp.id`, orNone(f.Names, noEmail), email)
}

func findQuestions(tx *gorm.DB, f *Findings, _ string) error {
	return f.add(tx, "workshop_questions", "Workshop questions", "with the name and text removed", `
SELECT pq.id, w.title AS workshop, pq.name, pq.text, pq.status, pq.created_at
FROM poll_questions pq JOIN workshops w ON w.id = pq.workshop_id
WHERE pq.participant_id IN ? OR LOWER(TRIM(pq.name)) IN ? ORDER BY pq.id`,
		orNone(f.Area("workshop_participants").ids, 0), orNone(f.Names, noEmail))
}

// findOutbox finds the messages to the address or with it (or the follow-up token)
// anywhere in them: a booking's organiser is mailed the attendee's details, say.
func findOutbox(tx *gorm.DB, f *Findings, email string) error {
	needle := email
	if f.Subject.Follow != "" {
		needle = f.Subject.Follow
	}
	like := likeAny(strings.ToLower(needle))
	return f.add(tx, "outbox", "Emails in the outbox", "deleted", `
SELECT m.id, m.to_email, m.to_name, m.subject, m.category, m.created_at FROM outbox_messages m
WHERE m.to_email = ? OR LOWER(m.text) LIKE ? ESCAPE '\' OR LOWER(m.html) LIKE ? ESCAPE '\'
 OR LOWER(m.headers) LIKE ? ESCAPE '\' OR LOWER(m.attachments) LIKE ? ESCAPE '\' OR LOWER(m.alternatives) LIKE ? ESCAPE '\'
ORDER BY m.id`, email, like, like, like, like, like)
}

// findAudit lists the audit rows about the subject, by the key the trail names people by
// (models.SubjectKey). The trail arrives with its own migration: without the table there
// is nothing to find.
func findAudit(tx *gorm.DB, f *Findings, email string) error {
	if f.Subject.Email == "" || !tx.Migrator().HasTable("audit_events") {
		return nil
	}
	return f.add(tx, auditKey, "Audit trail rows about them", "kept (they hold no address or name)",
		`SELECT * FROM audit_events WHERE subject_key = ? ORDER BY id`, models.SubjectKey(email))
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
