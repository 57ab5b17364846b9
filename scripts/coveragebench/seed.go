package main

import (
	"fmt"
	"strings"

	"github.com/confer-nhs/confer/models"
)

// seedSQL builds the data set in SQL. Person i is contact c<i>@bench.example in
// organisation i%10 and staff group (i/10)%12. Bookings and posts pick people by
// multiplying i, so each person books and posts a few times; one booking in ten states
// no organisation or group (filled from the contact), and half the posts are anonymous.
func seedSQL(groups []string) []string {
	arr := "ARRAY['" + strings.Join(groups, "','") + "']"
	return []string{
		`INSERT INTO organisations (name, code, kind, created_at, updated_at)
SELECT 'Bench Trust ' || g, 'BT' || g, 'acute', now(), now() FROM generate_series(1, 10) g`,
		`CREATE TEMP TABLE orgs AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM organisations WHERE code LIKE 'BT%'`,
		fmt.Sprintf(`INSERT INTO contacts (email, name, organisation_id, staff_group, created_at, updated_at)
SELECT 'c' || i || '@bench.example', 'Contact ' || i, (SELECT id FROM orgs WHERE k = i %% 10),
 (%s)[1 + (i / 10) %% 12], now(), now() FROM generate_series(0, 99999) i`, arr),
		`INSERT INTO engagement_sessions (title, category, format, staff_groups, created_at, updated_at)
SELECT 'Session ' || s, (ARRAY['clinical','operational','technical'])[1 + s % 3], 'virtual', '[]', now(), now()
FROM generate_series(0, 29) s`,
		`INSERT INTO slots (engagement_session_id, starts_at, ends_at, capacity, confirmed, created_at, updated_at)
SELECT (SELECT min(id) FROM engagement_sessions) + s % 30, timestamp '2026-09-01' + s * interval '1 day',
 timestamp '2026-09-01' + s * interval '1 day' + interval '1 hour', 1000, 0, now(), now() FROM generate_series(0, 99) s`,
		`INSERT INTO bookings (slot_id, engagement_session_id, name, email, organisation_id, staff_group, job_role, status,
 attendance, manage_hash, calendar_uid, starts_at, ends_at, created_at, updated_at)
SELECT sl.id, sl.engagement_session_id, 'Booker', c.email,
 CASE WHEN b % 10 = 0 THEN NULL ELSE c.organisation_id END, CASE WHEN b % 10 = 0 THEN '' ELSE c.staff_group END, 'Role',
 CASE WHEN b % 9 = 0 THEN 'cancelled' ELSE 'confirmed' END, CASE WHEN b % 5 < 3 THEN 'attended' ELSE '' END,
 'h' || b, 'u' || b, sl.starts_at, sl.ends_at, now(), now()
FROM generate_series(0, 49999) b
JOIN contacts c ON c.email = 'c' || ((b * 7) % 100000) || '@bench.example'
JOIN slots sl ON sl.id = (SELECT min(id) FROM slots) + b % 100`,
		`INSERT INTO campaigns (name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, created_at, updated_at)
VALUES ('Bench', 'Bench', 'Hello', 'newsletter', '{}', 'sent', 1, 1, 'k', now(), now())`,
		`INSERT INTO campaign_recipients (campaign_id, contact_id, batch_seq, email, organisation_id, staff_group, state, sent_at)
SELECT (SELECT max(id) FROM campaigns), c.id, c.id / 500, c.email, c.organisation_id, c.staff_group,
 CASE WHEN c.id % 20 = 0 THEN 'failed' ELSE 'sent' END, timestamp '2026-10-01' + (c.id % 30) * interval '1 day'
FROM contacts c`,
		`INSERT INTO feedback_channels (name, audience, created_at, updated_at) VALUES ('Bench', 'both', now(), now())`,
		`INSERT INTO feedback_posts (channel_id, kind, body, anonymous, name, email, organisation_id, staff_group, status,
 approved, public, created_at, updated_at, actioned_at)
SELECT (SELECT max(id) FROM feedback_channels), 'idea', 'Post ' || p, p % 2 = 0, '',
 CASE WHEN p % 2 = 0 THEN '' ELSE c.email END, c.organisation_id, c.staff_group,
 CASE WHEN p % 7 = 0 THEN 'actioned' ELSE 'new' END, true, true,
 timestamp '2026-10-01' + (p % 60) * interval '1 day', now(),
 CASE WHEN p % 7 = 0 THEN timestamp '2026-10-20' ELSE NULL END
FROM generate_series(0, 19999) p JOIN contacts c ON c.email = 'c' || ((p * 13) % 100000) || '@bench.example'`,
		`INSERT INTO feedback_replies (post_id, body, public, from_poster, author_name, created_at)
SELECT id, 'Thanks', id % 2 = 0, false, 'Team', created_at + interval '2 days' FROM feedback_posts WHERE id % 2 = 0`,
		`INSERT INTO workshops (title, join_code, created_by_id, session_id, created_at, updated_at)
SELECT 'Workshop ' || w, 'BW' || w, 1, (SELECT min(id) FROM engagement_sessions) + w % 30, now(), now() FROM generate_series(0, 9) w`,
		`INSERT INTO polls (workshop_id, kind, question, options, state, created_at, updated_at)
SELECT id, 'choice', 'Q', '["a","b"]', 'open', now(), now() FROM workshops`,
		`INSERT INTO poll_participants (workshop_id, token_hash, organisation_id, staff_group, created_at)
SELECT (SELECT min(id) FROM workshops) + p % 10, 'ph' || p, c.organisation_id, c.staff_group, timestamp '2026-10-05'
FROM generate_series(0, 4999) p JOIN contacts c ON c.email = 'c' || ((p * 17) % 100000) || '@bench.example'`,
		`INSERT INTO poll_votes (poll_id, participant_id, choices, created_at, updated_at)
SELECT po.id, pp.id, '0', now(), now() FROM poll_participants pp JOIN polls po ON po.workshop_id = pp.workshop_id`,
		// As autovacuum would soon after a bulk load (Postgres 13+ vacuums after inserts too):
		// it sets the visibility map, without which the coverage count's index-only scans
		// visit the table for every row (docs/PERFORMANCE.md has the figures both ways).
		`VACUUM ANALYZE`,
	}
}

func seed(store *models.Store) error {
	for _, sql := range seedSQL(models.StaffGroups[:12]) {
		if err := store.DB.Exec(sql).Error; err != nil {
			return fmt.Errorf("%.60s…: %w", sql, err)
		}
	}
	return nil
}
