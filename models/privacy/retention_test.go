package privacy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/models/coveragetest"
	"github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/models/storetest"
)

// defaultKeep is the defaults of web.RetentionSettings, written out: the test states
// the policy the README promises.
var defaultKeep = map[string]models.Span{
	privacy.KindBookings: models.MustSpan("12mo"), privacy.KindWorkshopParticipants: models.MustSpan("6mo"),
	privacy.KindCampaignRecipients: models.MustSpan("24mo"), privacy.KindOutbox: models.MustSpan("30d"),
	privacy.KindFollowLinks: models.MustSpan("12mo"), privacy.KindLeavers: models.MustSpan("6mo"),
	privacy.KindAudit: models.MustSpan("6y"), privacy.KindSignIn: models.MustSpan("1d"),
	privacy.KindPulseAnswers: models.MustSpan("12mo"),
}

func policy(change map[string]string) privacy.Policy {
	keep := map[string]models.Span{}
	for k, v := range defaultKeep {
		keep[k] = v
	}
	for k, v := range change {
		keep[k] = models.MustSpan(v)
	}
	return privacy.NewPolicy(keep, nil)
}

// coverageNumbers are the numbers of a coverage report that people see: totals, and each
// cell's counts.
func coverageNumbers(t *testing.T, s *models.Store, f coverage.CoverageFilter) string {
	t.Helper()
	r, err := coverage.Of(s).Coverage(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "totals %v\n", r.Totals)
	for _, c := range r.Cells {
		fmt.Fprintf(&b, "%d %s %v\n", c.OrganisationID, c.StaffGroup, c.Counts)
	}
	return b.String()
}

func sqlCount(t *testing.T, s *models.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := s.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func exec(t *testing.T, s *models.Store, q string, args ...any) {
	t.Helper()
	if err := s.DB.Exec(q, args...).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestRetentionKeepsPastCoverage runs the job over the hand-counted coverage data set
// once all of it is past its date: names and addresses go, and coverage for past periods
// (every cell, every total, each category) is what it was.
func TestRetentionKeepsPastCoverage(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	coveragetest.Build(t, s)
	exec(t, s, "UPDATE campaigns SET started_at = ?, finished_at = ?", coveragetest.Oct5, coveragetest.Oct6)
	exec(t, s, "UPDATE poll_participants SET display_name = 'Named ' || CAST(id AS VARCHAR(20))")
	exec(t, s, "UPDATE poll_questions SET name = 'Asker'")
	exec(t, s, `INSERT INTO campaign_events (sg_event_id, event, outcome, reason, campaign_id, recipient_id, email, url, occurred_at, created_at)
		SELECT 'ev' || CAST(id AS VARCHAR(20)), 'click', 'clicked', '550 no such user ' || email, campaign_id, id, email, 'https://x.example/a', ?, ?
		FROM campaign_recipients`, coveragetest.Oct6, coveragetest.Oct6)
	from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	filters := []coverage.CoverageFilter{{}, {From: &from, To: &to}, {Category: "clinical", From: &from, To: &to}, {Category: "technical"}}
	before := make([]string, len(filters))
	for i, f := range filters {
		before[i] = coverageNumbers(t, s, f)
	}
	clicks := sqlCount(t, s, "SELECT COUNT(DISTINCT recipient_id) FROM campaign_events WHERE event = 'click'")

	now := coveragetest.Oct12.AddDate(2, 0, 1) // every kind of the data set is past its date
	runs, err := privacy.Of(s).RunRetention(context.Background(), now, policy(nil), privacy.Hooks{}, 7)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, r := range runs {
		got[r.Kind] = r.Count
	}
	// 16 bookings; 3 named participants and 3 named questions; 23 recipients and 23 events.
	for kind, want := range map[string]int64{privacy.KindBookings: 16, privacy.KindWorkshopParticipants: 6, privacy.KindCampaignRecipients: 46} {
		if got[kind] != want {
			t.Errorf("%s: %d removed, want %d (runs %+v)", kind, got[kind], want, runs)
		}
	}
	for i, f := range filters {
		if after := coverageNumbers(t, s, f); after != before[i] {
			t.Errorf("coverage %+v changed:\nbefore %s\nafter  %s", f, before[i], after)
		}
	}
	for q, want := range map[string]int64{
		"SELECT COUNT(*) FROM bookings WHERE email LIKE '%@%' OR name <> '' OR job_role <> '' OR manage_hash LIKE 'hash-%'": 0,
		"SELECT COUNT(*) FROM campaign_recipients WHERE email LIKE '%@%' OR name <> ''":                                     0,
		"SELECT COUNT(*) FROM campaign_events WHERE email <> '' OR reason <> ''":                                            0,
		"SELECT COUNT(*) FROM poll_participants WHERE display_name <> '' OR token_hash IN ('h1', 'h2', 'h3')":               0,
		"SELECT COUNT(*) FROM poll_questions WHERE name <> ''":                                                              0,
		"SELECT COUNT(*) FROM bookings WHERE attendance = 'attended'":                                                       9,
		"SELECT COUNT(DISTINCT email) FROM bookings":                                                                        15,
		"SELECT COUNT(DISTINCT recipient_id) FROM campaign_events WHERE event = 'click'":                                    clicks,
		// Rows that left their organisation and group to the directory carry them now.
		"SELECT COUNT(*) FROM bookings WHERE organisation_id IS NULL": 1, // outsider@else.example: in no directory
	} {
		if n := sqlCount(t, s, q); n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	// A second run finds nothing left to do.
	again, err := privacy.Of(s).RunRetention(context.Background(), now, policy(nil), privacy.Hooks{}, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if r.Count != 0 {
			t.Errorf("second run removed %d %s", r.Count, r.Kind)
		}
	}
}

// TestRetentionRemovesOnItsDayNotBefore is the retention test with a moved clock: for each
// kind, records made at t0, the job run the day before their date (nothing goes) and on
// it (they go as the policy says); a changed setting moves the date.
func TestRetentionRemovesOnItsDayNotBefore(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	type check struct {
		kind   string
		change map[string]string // settings changed from the defaults
		due    time.Time
		left   string // SQL: how many of the kind's records still hold personal data
		want   int64  // removed on the day
	}
	checks := []check{
		{kind: privacy.KindBookings, due: t0.Add(time.Hour).AddDate(1, 0, 0), want: 1,
			left: "SELECT COUNT(*) FROM bookings WHERE email LIKE '%@%' OR name <> ''"},
		{kind: privacy.KindBookings, change: map[string]string{privacy.KindBookings: "3mo"}, due: t0.Add(time.Hour).AddDate(0, 3, 0), want: 1,
			left: "SELECT COUNT(*) FROM bookings WHERE email LIKE '%@%' OR name <> ''"},
		{kind: privacy.KindWorkshopParticipants, due: t0.AddDate(0, 6, 0), want: 2,
			left: "SELECT (SELECT COUNT(*) FROM poll_participants WHERE display_name <> '') + (SELECT COUNT(*) FROM poll_questions WHERE name <> '')"},
		{kind: privacy.KindCampaignRecipients, due: t0.AddDate(2, 0, 0), want: 2,
			left: "SELECT (SELECT COUNT(*) FROM campaign_recipients WHERE email LIKE '%@%') + (SELECT COUNT(*) FROM campaign_events WHERE email <> '')"},
		{kind: privacy.KindOutbox, due: t0.AddDate(0, 0, 30), want: 1, left: "SELECT COUNT(*) FROM outbox_messages"},
		{kind: privacy.KindOutbox, change: map[string]string{privacy.KindOutbox: "2y"}, due: t0.AddDate(2, 0, 0), want: 1,
			left: "SELECT COUNT(*) FROM outbox_messages"},
		// The post's last activity is a reply a month after it.
		{kind: privacy.KindFollowLinks, due: t0.AddDate(0, 1, 0).AddDate(1, 0, 0), want: 1, left: "SELECT COUNT(*) FROM feedback_follow_links"},
		// The pulse closes a week after t0: its response and its written answer.
		{kind: privacy.KindPulseAnswers, due: t0.AddDate(0, 0, 7).AddDate(1, 0, 0), want: 2,
			left: "SELECT (SELECT COUNT(*) FROM pulse_responses WHERE contact_id IS NOT NULL) + (SELECT COUNT(*) FROM pulse_answers WHERE text = 'More training')"},
		{kind: privacy.KindSignIn, due: t0.AddDate(0, 0, 1), want: 2,
			left: "SELECT (SELECT COUNT(*) FROM sign_in_tokens) + (SELECT COUNT(*) FROM web_sessions)"},
	}
	for _, c := range checks {
		t.Run(c.kind+fmt.Sprint(c.change), func(t *testing.T) {
			t.Parallel()
			s := storetest.Open(t)
			seed(t, s, t0)
			p := policy(c.change)
			before := sqlCount(t, s, c.left)
			if before != c.want {
				t.Fatalf("seeded %d, want %d", before, c.want)
			}
			for _, at := range []time.Time{c.due.AddDate(0, 0, -1), c.due.Add(-time.Second)} {
				runs, err := privacy.Of(s).RunRetention(context.Background(), at, p, privacy.Hooks{}, 0)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range runs {
					if r.Kind == c.kind && r.Count != 0 {
						t.Errorf("at %s (before the date) %d %s removed", at, r.Count, r.Kind)
					}
				}
				if n := sqlCount(t, s, c.left); n != before {
					t.Fatalf("at %s (before the date) %d left, want %d", at, n, before)
				}
			}
			runs, err := privacy.Of(s).RunRetention(context.Background(), c.due, p, privacy.Hooks{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			removed := int64(-1)
			for _, r := range runs {
				if r.Kind == c.kind {
					removed = r.Count
				}
			}
			if removed != c.want {
				t.Errorf("on the day: %d %s removed, want %d", removed, c.kind, c.want)
			}
			if n := sqlCount(t, s, c.left); n != 0 {
				t.Errorf("on the day: %d left, want 0", n)
			}
		})
	}
}

// seed makes one record of each kind at t0 (through the tables, as the areas store them).
func seed(t *testing.T, s *models.Store, t0 time.Time) {
	t.Helper()
	ins := func(table, cols string, args ...any) uint {
		t.Helper()
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")
		var id uint
		if err := s.DB.Raw("INSERT INTO "+table+" ("+cols+") VALUES ("+marks+") RETURNING id", args...).Scan(&id).Error; err != nil {
			t.Fatalf("insert into %s: %v", table, err)
		}
		return id
	}
	org := ins("organisations", "name, code, kind, created_at, updated_at", "Gamma Trust", "GAM", "acute", t0, t0)
	sess := ins("engagement_sessions", "title, description, category, format, meeting_url, staff_groups, restrict_to_organisations, created_at, updated_at",
		"Pathways", "About", "clinical", "online", "https://meet.example/x", "[]", false, t0, t0)
	slot := ins("slots", "engagement_session_id, starts_at, ends_at, capacity, confirmed, created_at, updated_at", sess, t0, t0.Add(time.Hour), 10, 1, t0, t0)
	b := ins("bookings", "slot_id, engagement_session_id, name, email, organisation_id, staff_group, job_role, status, attendance, manage_hash, calendar_uid, starts_at, ends_at, created_at, updated_at",
		slot, sess, "Jo Bloggs", "jo.bloggs@gamma.example", org, "Nursing and Midwifery Registered", "Ward sister", "confirmed", "attended", "h-b", "uid-b", t0, t0.Add(time.Hour), t0, t0)
	ins("booking_links", "booking_id, hash, created_at", b, "h-link", t0)
	w := ins("workshops", "title, session_id, join_code, created_by_id, created_at, updated_at", "Workshop", sess, "XYZ234", 1, t0, t0)
	pp := ins("poll_participants", "workshop_id, token_hash, display_name, organisation_id, staff_group, created_at", w, "h-p", "Sam", org, "", t0)
	ins("poll_questions", "workshop_id, participant_id, name, text, status, highlighted, answered, upvotes, created_at, updated_at", w, pp, "Sam", "Why?", "approved", false, false, 0, t0, t0)
	c := ins("campaigns", "name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, started_at, finished_at, created_at, updated_at",
		"News", "News", "Hello", "newsletter", "{}", "sent", 1, 1, "k", t0, t0, t0, t0)
	ct := ins("contacts", "email, name, organisation_id, staff_group, job_role, created_at, updated_at", "al@gamma.example", "Al", org, "", "", t0, t0)
	r := ins("campaign_recipients", "campaign_id, contact_id, batch_seq, email, name, organisation_id, staff_group, state, sent_at", c, ct, 1, "al@gamma.example", "Al", org, "", "sent", t0)
	ins("campaign_events", "sg_event_id, event, outcome, reason, campaign_id, recipient_id, email, url, occurred_at, created_at", "ev1", "delivered", "delivered", "", c, r, "al@gamma.example", "", t0, t0)
	pulse := ins("pulses", "title, intro, opens_at, closes_at, open_token_hash, created_at, updated_at", "Ready?", "", t0, t0.AddDate(0, 0, 7), "", t0, t0)
	q := ins("pulse_questions", "pulse_id, position, kind, prompt, options, min, max, ready_values", pulse, 0, "text", "What would help?", "[]", 0, 0, "[]")
	pr := ins("pulse_responses", "pulse_id, source, contact_id, campaign_recipient_id, organisation_id, staff_group, job_role, created_at, updated_at",
		pulse, "personal", ct, r, org, "", "Porter", t0, t0)
	ins("pulse_answers", "pulse_id, response_id, question_id, value, text", pulse, pr, q, nil, "More training")
	ins("outbox_messages", "to_email, to_name, from_email, subject, text, html, category, created_at", "al@gamma.example", "Al", "c@x.example", "Hi", "Hi", "", "", t0)
	ch := ins("feedback_channels", "name, description, audience, allow_anonymous, require_approval, created_at, updated_at", "General", "Anything", "both", true, false, t0, t0)
	post := ins("feedback_posts", "channel_id, kind, body, anonymous, name, email, staff_group, status, approved, public, created_at, updated_at",
		ch, "idea", "More parking", true, "", "", "", "new", true, true, t0, t0)
	ins("feedback_follow_links", "post_id, hash, created_at", post, "h-f", t0)
	ins("feedback_replies", "post_id, body, public, from_poster, author_name, created_at", post, "Thanks", true, false, "Team", t0.AddDate(0, 1, 0))
	person := ins("people", "email, name, role, staff_group, job_role, created_at, updated_at", "admin@gamma.example", "Admin", "admin", "", "", t0, t0)
	ins("sign_in_tokens", "email, hash, expires_at, created_at", "admin@gamma.example", "h-s", t0, t0)
	ins("web_sessions", "person_id, hash, expires_at, created_at, last_seen_at", person, "h-w", t0, t0, t0)
}

// TestRetentionCallsHooksWithTheirDates: the audit trail and the staff list's leavers are
// removed through hooks (their tables belong to other parts of Confer); each is called
// with its own date and its count recorded.
func TestRetentionCallsHooksWithTheirDates(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	now := time.Date(2032, 5, 1, 2, 0, 0, 0, time.UTC)
	var auditBefore, leaversBefore time.Time
	hooks := privacy.Hooks{
		Audit:   func(_ context.Context, before time.Time) (int64, error) { auditBefore = before; return 3, nil },
		Leavers: func(_ context.Context, before time.Time) (int64, error) { leaversBefore = before; return 2, nil },
	}
	if _, err := privacy.Of(s).RunRetention(context.Background(), now, policy(map[string]string{privacy.KindLeavers: "3mo"}), hooks, 0); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC); !auditBefore.Equal(want) {
		t.Errorf("audit pruned before %s, want %s (6 years)", auditBefore, want)
	}
	if want := time.Date(2032, 2, 1, 2, 0, 0, 0, time.UTC); !leaversBefore.Equal(want) {
		t.Errorf("leavers removed before %s, want %s (3 months)", leaversBefore, want)
	}
	last, err := privacy.Of(s).RetentionLastRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int64{privacy.KindAudit: 3, privacy.KindLeavers: 2} {
		if l := last[kind]; l.Removed == nil || l.Removed.Count != want || !l.Removed.At.Equal(now) {
			t.Errorf("%s last removed %+v, want %d at %s", kind, l.Removed, want, now)
		}
	}
	// Without hooks (not wired) the kinds are left alone and nothing is recorded for them.
	runs, err := privacy.Of(s).RunRetention(context.Background(), now, policy(nil), privacy.Hooks{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.Kind == privacy.KindAudit || r.Kind == privacy.KindLeavers {
			t.Errorf("run recorded for %s with no hook: %+v", r.Kind, r)
		}
	}
}

// TestRetentionConcurrentRunsRemoveEachOnce: two instances sharing a database run the job
// at once; between them each booking is anonymised once, and counted once.
func TestRetentionConcurrentRunsRemoveEachOnce(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	t0 := time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC)
	seed(t, s, t0)
	exec(t, s, `INSERT INTO bookings (slot_id, engagement_session_id, name, email, staff_group, job_role, status, attendance,
		manage_hash, calendar_uid, starts_at, ends_at, created_at, updated_at)
		SELECT slot_id, engagement_session_id, name, 'p' || CAST(n.i AS VARCHAR(10)) || '@gamma.example', staff_group, job_role, 'cancelled', attendance,
		'h-' || CAST(n.i AS VARCHAR(10)), 'u-' || CAST(n.i AS VARCHAR(10)), starts_at, ends_at, created_at, updated_at
		FROM bookings, (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 299) SELECT i FROM c) n`)
	if n := sqlCount(t, s, "SELECT COUNT(*) FROM bookings"); n != 300 {
		t.Fatalf("%d bookings, want 300", n)
	}
	now := t0.AddDate(2, 0, 0)
	type result struct {
		runs []privacy.RetentionRun
		err  error
	}
	done := make(chan result, 2)
	start := make(chan struct{})
	for range 2 {
		go func() {
			<-start
			runs, err := privacy.Of(s).RunRetention(context.Background(), now, policy(nil), privacy.Hooks{}, 20)
			done <- result{runs, err}
		}()
	}
	close(start)
	var removed int64
	ran := 0
	for range 2 {
		r := <-done
		if r.err != nil && r.err != privacy.ErrRetentionBusy {
			t.Fatal(r.err)
		}
		if r.err == nil {
			ran++
		}
		for _, run := range r.runs {
			if run.Kind == privacy.KindBookings {
				removed += run.Count
			}
		}
	}
	if ran == 0 {
		t.Fatal("neither run ran")
	}
	if removed != 300 {
		t.Errorf("the runs anonymised %d bookings between them, want 300 (each once)", removed)
	}
	if n := sqlCount(t, s, "SELECT COUNT(*) FROM retention_runs WHERE kind = 'bookings' AND count > 0"); n != 1 {
		t.Errorf("%d runs recorded removing bookings, want 1", n)
	}
	if n := sqlCount(t, s, "SELECT COUNT(DISTINCT email) FROM bookings WHERE email LIKE 'anon:%'"); n != 300 {
		t.Errorf("%d distinct anonymised keys, want 300", n)
	}
}

// TestRetentionRunsOnceADay: the worker asks every hour; the job runs on the first ask of
// each day only, and records each kind it checked.
func TestRetentionRunsOnceADay(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	seed(t, s, time.Date(2025, 3, 14, 15, 0, 0, 0, time.UTC))
	day := time.Date(2027, 6, 1, 0, 30, 0, 0, time.UTC)
	for i, c := range []struct {
		at   time.Time
		runs int
	}{{day, 7}, {day.Add(time.Hour), 0}, {day.Add(23 * time.Hour), 0}, {day.Add(24 * time.Hour), 7}} {
		runs, err := privacy.Of(s).RunRetentionDaily(context.Background(), c.at, policy(nil), privacy.Hooks{})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != c.runs {
			t.Errorf("ask %d at %s: %d kinds run, want %d", i, c.at, len(runs), c.runs)
		}
	}
	if n := sqlCount(t, s, "SELECT COUNT(*) FROM retention_runs"); n != 14 {
		t.Errorf("%d runs recorded, want 14 (7 kinds on each of 2 days)", n)
	}
}
