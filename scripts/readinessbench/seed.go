package main

import (
	"fmt"
	"strings"

	"github.com/confer-nhs/confer/models"
)

// seedSQL builds the data set in SQL. Person i is contact c<i>@bench.example in
// organisation i%10 and staff group (i/10)%13; one contact in 50 has left. 50,000
// bookings pick people by multiplying i (each person once), on 100 past and 60 upcoming
// slots of 30 sessions across the three categories; three in five past ones attended.
// Each organisation has a milestone 8 to 10 weeks away with a target for each of the 13
// groups (categories in turn, "" among them), an anchored series of 12 training times,
// and three pulses (opened 60, 30 and 5 days ago) with a headline question; 25,000
// people answered them, two answers each: 50,000 answers.
func seedSQL(groups []string) []string {
	arr := "ARRAY['" + strings.Join(groups, "','") + "']"
	n := len(groups)
	return []string{
		`INSERT INTO organisations (name, code, kind, created_at, updated_at)
SELECT 'Bench Trust ' || g, 'BT' || g, 'acute', now(), now() FROM generate_series(1, 10) g`,
		`CREATE TEMP TABLE orgs AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM organisations WHERE code LIKE 'BT%'`,
		fmt.Sprintf(`INSERT INTO contacts (email, name, organisation_id, staff_group, left_at, created_at, updated_at)
SELECT 'c' || i || '@bench.example', 'Contact ' || i, (SELECT id FROM orgs WHERE k = i %% 10),
 (%s)[1 + (i / 10) %% %d], CASE WHEN i %% 50 = 7 THEN now() ELSE NULL END, now(), now() FROM generate_series(0, 99999) i`, arr, n),
		`INSERT INTO engagement_sessions (title, category, format, staff_groups, created_at, updated_at)
SELECT 'Session ' || s, (ARRAY['clinical','operational','technical'])[1 + s % 3], 'virtual', '[]', now(), now()
FROM generate_series(0, 29) s`,
		// 100 past slots (one a day up to yesterday) and 60 upcoming ones
		`INSERT INTO slots (engagement_session_id, starts_at, ends_at, capacity, confirmed, created_at, updated_at)
SELECT (SELECT min(id) FROM engagement_sessions) + s % 30, date_trunc('hour', now()) + (s - 100) * interval '1 day',
 date_trunc('hour', now()) + (s - 100) * interval '1 day' + interval '1 hour', 1000, 0, now(), now() FROM generate_series(0, 159) s`,
		`INSERT INTO bookings (slot_id, engagement_session_id, name, email, organisation_id, staff_group, job_role, status,
 attendance, manage_hash, calendar_uid, starts_at, ends_at, created_at, updated_at)
SELECT sl.id, sl.engagement_session_id, 'Booker', c.email, c.organisation_id, c.staff_group, 'Role',
 CASE WHEN b % 9 = 0 THEN 'cancelled' WHEN b % 11 = 0 THEN 'pending' ELSE 'confirmed' END,
 CASE WHEN sl.starts_at < now() AND b % 5 < 3 THEN 'attended' ELSE '' END,
 'h' || b, 'u' || b, sl.starts_at, sl.ends_at, now(), now()
FROM generate_series(0, 49999) b
JOIN contacts c ON c.email = 'c' || ((b * 7) % 100000) || '@bench.example'
JOIN slots sl ON sl.id = (SELECT min(id) FROM slots) + b % 160`,
		`INSERT INTO milestones (organisation_id, site, name, go_live_on, created_at, updated_at)
SELECT id, 'Main site', 'Go-live ' || k, to_char(current_date + CAST(56 + k AS INTEGER), 'YYYY-MM-DD'), now(), now() FROM orgs ORDER BY k`,
		fmt.Sprintf(`INSERT INTO milestone_targets (milestone_id, staff_group, category, min_percent)
SELECT m.id, (%s)[g], (ARRAY['','clinical','operational','technical'])[1 + g %% 4], 60 + (g %% 4) * 10
FROM milestones m CROSS JOIN generate_series(1, %d) g`, arr, n),
		`INSERT INTO slot_series (engagement_session_id, rule, timezone, milestone_id, weeks_before, created_at)
SELECT (SELECT min(id) FROM engagement_sessions) + (m.id % 3), 'FREQ=WEEKLY;COUNT=12', 'Europe/London', m.id, 6, now() FROM milestones m`,
		`INSERT INTO slots (engagement_session_id, series_id, starts_at, ends_at, capacity, confirmed, created_at, updated_at)
SELECT ss.engagement_session_id, ss.id, date_trunc('day', now()) + interval '10 hours' + (3 + w * 4) * interval '1 day',
 date_trunc('day', now()) + interval '11 hours' + (3 + w * 4) * interval '1 day', 20, w % 5, now(), now()
FROM slot_series ss CROSS JOIN generate_series(0, 11) w`,
		`INSERT INTO pulses (title, intro, milestone_id, opens_at, closes_at, open_token_hash, created_at, updated_at)
SELECT 'Pulse ' || p || ' of ' || m.name, '', m.id, now() - (60 - p * 27) * interval '1 day',
 now() - (60 - p * 27) * interval '1 day' + interval '14 days', '', now(), now()
FROM milestones m CROSS JOIN generate_series(0, 2) p`,
		`INSERT INTO pulse_questions (pulse_id, position, kind, prompt, options, min, max, ready_values)
SELECT id, 1, 'scale', 'How ready do you feel?', '[]', 1, 5, '[4,5]' FROM pulses
UNION ALL SELECT id, 2, 'single', 'Have you logged in?', '["Yes","No"]', 0, 0, '[]' FROM pulses`,
		`CREATE TEMP TABLE bench_pulses AS SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS k, o.k AS org
FROM pulses p JOIN milestones m ON m.id = p.milestone_id JOIN orgs o ON o.id = m.organisation_id`,
		// response i is to pulse i%30 by contact (i*11)%100000, who is of that pulse's organisation
		`INSERT INTO pulse_responses (pulse_id, source, contact_id, organisation_id, staff_group, job_role, created_at, updated_at)
SELECT bp.id, 'personal', c.id, c.organisation_id, c.staff_group, '', now(), now()
FROM generate_series(0, 24999) i
JOIN bench_pulses bp ON bp.k = (SELECT k FROM bench_pulses WHERE org = (i * 11) % 10 ORDER BY k LIMIT 1 OFFSET (i / 10) % 3)
JOIN contacts c ON c.email = 'c' || ((i * 11) % 100000) || '@bench.example'`,
		`INSERT INTO pulse_answers (pulse_id, response_id, question_id, value, text)
SELECT r.pulse_id, r.id, q.id, CASE WHEN q.position = 1 THEN 1 + (r.id * 7) % 5 ELSE r.id % 2 END, ''
FROM pulse_responses r JOIN pulse_questions q ON q.pulse_id = r.pulse_id`,
		`VACUUM ANALYZE`,
	}
}

func seed(store *models.Store) error {
	for _, sql := range seedSQL(models.StaffGroups) {
		if err := store.DB.Exec(sql).Error; err != nil {
			return fmt.Errorf("%.60s…: %w", sql, err)
		}
	}
	return nil
}
