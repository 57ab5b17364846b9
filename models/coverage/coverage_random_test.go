package coverage_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
	"github.com/confer-nhs/confer/models/storetest"
)

// randomWorld is random campaign recipients, bookings and feedback posts, kept in Go as
// well as in the database, so the reached, booked, attended and contributed counts (and
// the verified part of the last) can be worked out here the slow way and compared with
// Store.Coverage after every round of inserts, updates and deletes.
type randomWorld struct {
	t        *testing.T
	s        *models.Store
	rng      *rand.Rand
	orgs     []uint
	sessions map[uint]string // id -> category
	slots    map[uint]uint   // session id -> slot id
	campaign uint
	channel  uint
	contacts map[string]*dirEntry // lower-cased email -> directory
	seq      int
}

type dirEntry struct {
	org   *uint
	group string
}

var randomGroups = []string{"Medical and Dental", "Nursing and Midwifery Registered", "Estates and Ancillary"}

// TestCoverageMatchesReference: on random data — mixed-case emails, rows that leave out
// the organisation or the staff group (filled from the contact), the same person on
// several rows — the counts equal the rules applied by hand, after each round of writes.
// On Postgres each check runs twice: as planned, and with sequential scans off, which
// makes the planner read the coverage indexes (migration 0009) even on this small data.
func TestCoverageMatchesReference(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	w := &randomWorld{t: t, s: s, rng: rand.New(rand.NewSource(7)), sessions: map[uint]string{},
		slots: map[uint]uint{}, contacts: map[string]*dirEntry{}}
	w.setUp(ctx)
	pct := func(v float64) *float64 { return &v }
	if _, err := coverage.Of(s).ReplaceCoverageTargets(ctx, []coverage.CoverageTargetInput{
		{Stage: "attended", Category: "clinical", MinPercent: pct(5)},
		{Stage: "booked", Category: "operational", MinPercent: pct(5)},
	}); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 6; round++ {
		for i := 0; i < 25; i++ {
			w.mutate()
		}
		w.check(ctx, fmt.Sprintf("round %d", round))
		if storetest.Postgres() {
			w.withoutSeqScans(func() { w.check(ctx, fmt.Sprintf("round %d, index scans", round)) })
		}
	}
}

func (w *randomWorld) setUp(ctx context.Context) {
	for i := 0; i < 2; i++ {
		name, code := fmt.Sprintf("Random Trust %d", i), fmt.Sprintf("RT%d", i)
		o, err := w.s.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: ptr("acute")})
		if err != nil {
			w.t.Fatal(err)
		}
		w.orgs = append(w.orgs, o.ID)
	}
	for i, cat := range coverage.SessionCategoryNames {
		id := w.exec(`INSERT INTO engagement_sessions (title, category, format, staff_groups, created_at, updated_at)
VALUES (?, ?, 'virtual', '[]', ?, ?) RETURNING id`, "Session "+cat, cat, ct0, ct0)
		w.sessions[id] = cat
		start := ct0.Add(time.Duration(i*10) * 24 * time.Hour)
		w.slots[id] = w.exec(`INSERT INTO slots (engagement_session_id, starts_at, ends_at, capacity, confirmed, created_at, updated_at)
VALUES (?, ?, ?, 1000, 0, ?, ?) RETURNING id`, id, start, start.Add(time.Hour), ct0, ct0)
	}
	w.campaign = w.exec(`INSERT INTO campaigns (name, subject, body_markdown, kind, audience, status, version, author_id, unsub_key, created_at, updated_at)
VALUES ('R', 'R', 'Hello', 'newsletter', '{}', 'sent', 1, 1, 'k', ?, ?) RETURNING id`, ct0, ct0)
	w.channel = w.exec(`INSERT INTO feedback_channels (name, description, audience, allow_anonymous, require_approval, created_at, updated_at)
VALUES ('R', 'R', 'both', TRUE, FALSE, ?, ?) RETURNING id`, ct0, ct0)
	for i := 0; i < 30; i++ {
		email := fmt.Sprintf("p%d@random.example", i)
		d := &dirEntry{group: randomGroups[i%3]}
		if i%7 != 6 { // a few contacts have no organisation: their rows stay unfilled
			d.org = &w.orgs[i%2]
		}
		w.contacts[email] = d
		w.exec(`INSERT INTO contacts (email, name, organisation_id, staff_group, created_at, updated_at)
VALUES (?, 'P', ?, ?, ?, ?) RETURNING id`, email, d.org, d.group, ct0, ct0)
	}
}

var ct0 = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)

func (w *randomWorld) exec(sql string, args ...any) uint {
	w.t.Helper()
	var id uint
	if err := w.s.DB.Raw(sql, args...).Scan(&id).Error; err != nil {
		w.t.Fatalf("%.50s: %v", sql, err)
	}
	return id
}

// person picks an email, in random case, sometimes one that is no contact.
func (w *randomWorld) person() string {
	n := w.rng.Intn(34)
	e := fmt.Sprintf("p%d@random.example", n)
	if w.rng.Intn(3) == 0 {
		e = strings.ToUpper(e[:2]) + e[2:]
	}
	return e
}

// stated is what a row states: sometimes no organisation, sometimes no staff group.
func (w *randomWorld) stated() (*uint, string) {
	var org *uint
	if w.rng.Intn(4) != 0 {
		org = &w.orgs[w.rng.Intn(2)]
	}
	group := ""
	if w.rng.Intn(4) != 0 {
		group = randomGroups[w.rng.Intn(3)]
	}
	return org, group
}

func (w *randomWorld) mutate() {
	w.seq++
	switch op := w.rng.Intn(9); op {
	case 0, 1: // a booking: a fresh person per session unless cancelled (one active booking each)
		var sid uint
		for id := range w.sessions {
			if w.rng.Intn(2) == 0 || sid == 0 {
				sid = id
			}
		}
		org, group := w.stated()
		status := []string{"confirmed", "cancelled", "waitlisted"}[w.rng.Intn(3)]
		email := w.person()
		var n int
		w.s.DB.Raw(`SELECT COUNT(*) FROM bookings WHERE engagement_session_id = ? AND LOWER(email) = LOWER(?)
AND status IN ('confirmed', 'waitlisted')`, sid, email).Scan(&n)
		if n > 0 {
			status = "cancelled"
		}
		attendance := []string{"", "attended", "no_show"}[w.rng.Intn(3)]
		var starts time.Time
		w.s.DB.Raw(`SELECT starts_at FROM slots WHERE id = ?`, w.slots[sid]).Scan(&starts)
		w.exec(`INSERT INTO bookings (slot_id, engagement_session_id, name, email, organisation_id, staff_group, job_role,
status, attendance, manage_hash, calendar_uid, starts_at, ends_at, created_at, updated_at)
VALUES (?, ?, 'B', ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, w.slots[sid], sid, email, org, group, status,
			attendance, fmt.Sprintf("h%d", w.seq), fmt.Sprintf("u%d", w.seq), starts, starts.Add(time.Hour), ct0, ct0)
	case 2: // a recipient, sent or not
		org, group := w.stated()
		state, at := "sent", ct0.Add(time.Duration(w.rng.Intn(40))*24*time.Hour)
		if w.rng.Intn(4) == 0 {
			state = "queued"
		}
		w.exec(`INSERT INTO campaign_recipients (campaign_id, contact_id, batch_seq, email, organisation_id, staff_group, state, sent_at)
VALUES (?, ?, 1, ?, ?, ?, ?, ?) RETURNING id`, w.campaign, w.seq, w.person(), org, group, state, at)
	case 3: // attendance marked or cancelled
		w.write(`UPDATE bookings SET attendance = ?, status = CASE WHEN ? THEN 'cancelled' ELSE status END
WHERE id = (SELECT MIN(id) FROM bookings WHERE id >= ?)`, []string{"attended", "", "no_show"}[w.rng.Intn(3)],
			w.rng.Intn(4) == 0, w.rng.Intn(w.seq+1))
	case 4: // a booking deleted
		w.write(`DELETE FROM bookings WHERE id = (SELECT MIN(id) FROM bookings WHERE id >= ?)`, w.rng.Intn(w.seq+1))
	case 5: // a queued recipient sent
		w.write(`UPDATE campaign_recipients SET state = 'sent', sent_at = ? WHERE id = (SELECT MIN(id) FROM campaign_recipients
WHERE state = 'queued' AND id >= ?)`, ct0.Add(5*24*time.Hour), w.rng.Intn(w.seq+1))
	case 6: // a contact moves: every row that left a value out is filled anew
		email := fmt.Sprintf("p%d@random.example", w.rng.Intn(30))
		d := w.contacts[email]
		d.org, d.group = &w.orgs[w.rng.Intn(2)], randomGroups[w.rng.Intn(3)]
		w.write(`UPDATE contacts SET organisation_id = ?, staff_group = ? WHERE email = ?`, *d.org, d.group, email)
	case 7: // a feedback post: anonymous or named, sometimes held for approval or hidden
		org, group := w.stated()
		email := ""
		if w.rng.Intn(3) != 0 {
			email = w.person()
		}
		approved, hidden := w.rng.Intn(4) != 0, w.rng.Intn(5) == 0
		at := ct0.Add(time.Duration(w.rng.Intn(40)) * 24 * time.Hour)
		w.exec(`INSERT INTO feedback_posts (channel_id, kind, body, anonymous, name, email, organisation_id, staff_group, status,
approved, hidden, public, created_at, updated_at) VALUES (?, 'idea', 'R', ?, 'R', ?, ?, ?, 'new', ?, ?, ?, ?, ?) RETURNING id`,
			w.channel, email == "", email, org, group, approved, hidden, approved && !hidden, at, at)
	case 8: // a post moderated: approved, hidden or restored
		approved, hidden := w.rng.Intn(2) == 0, w.rng.Intn(2) == 0
		w.write(`UPDATE feedback_posts SET approved = ?, hidden = ?, public = ? WHERE id = (SELECT MIN(id) FROM feedback_posts WHERE id >= ?)`,
			approved, hidden, approved && !hidden, w.rng.Intn(w.seq+1))
	}
}

func (w *randomWorld) write(sql string, args ...any) {
	w.t.Helper()
	if err := w.s.DB.Exec(sql, args...).Error; err != nil {
		w.t.Fatalf("%.50s: %v", sql, err)
	}
}

// withoutSeqScans runs fn on fresh connections that may not scan a table sequentially.
func (w *randomWorld) withoutSeqScans(fn func()) {
	var name string
	w.s.DB.Raw("SELECT current_database()").Scan(&name)
	sqlDB, err := w.s.DB.DB()
	if err != nil {
		w.t.Fatal(err)
	}
	w.write(`ALTER DATABASE "` + name + `" SET enable_seqscan = off`)
	sqlDB.SetMaxIdleConns(0) // connections made from here on take the setting
	defer func() {
		w.write(`ALTER DATABASE "` + name + `" RESET enable_seqscan`)
		sqlDB.SetMaxIdleConns(2)
	}()
	fn()
}

// refRow is one source row as the rules see it.
type refRow struct {
	key, category string
	org           *uint
	group         string
	at            time.Time
}

func (w *randomWorld) check(ctx context.Context, when string) {
	w.t.Helper()
	rows := map[string][]refRow{}
	var recs []struct {
		Email, StaffGroup string
		OrganisationID    *uint
		SentAt            time.Time
	}
	w.s.DB.Raw(`SELECT email, staff_group, organisation_id, sent_at FROM campaign_recipients WHERE state = 'sent'`).Scan(&recs)
	for _, r := range recs {
		rows[coverage.StageReached] = append(rows[coverage.StageReached], refRow{strings.ToLower(r.Email), "", r.OrganisationID, r.StaffGroup, r.SentAt})
	}
	var bks []struct {
		Email, StaffGroup, Status, Attendance string
		OrganisationID                        *uint
		EngagementSessionID                   uint
		StartsAt                              time.Time
	}
	w.s.DB.Raw(`SELECT email, staff_group, status, attendance, organisation_id, engagement_session_id, starts_at FROM bookings`).Scan(&bks)
	for _, b := range bks {
		r := refRow{strings.ToLower(b.Email), w.sessions[b.EngagementSessionID], b.OrganisationID, b.StaffGroup, b.StartsAt}
		if b.Status == "confirmed" || b.Attendance == "attended" {
			rows[coverage.StageBooked] = append(rows[coverage.StageBooked], r)
		}
		if b.Attendance == "attended" {
			rows[coverage.StageAttended] = append(rows[coverage.StageAttended], r)
		}
	}
	var posts []struct {
		ID                uint
		Email, StaffGroup string
		OrganisationID    *uint
		CreatedAt         time.Time
	}
	// Only posts anyone can see count: approved and not hidden.
	w.s.DB.Raw(`SELECT id, email, staff_group, organisation_id, created_at FROM feedback_posts WHERE approved = TRUE AND hidden = FALSE`).Scan(&posts)
	for _, p := range posts {
		key := strings.ToLower(p.Email)
		if key == "" {
			key = fmt.Sprintf("anon:post:%d", p.ID)
		}
		rows[coverage.StageContributed] = append(rows[coverage.StageContributed], refRow{key, "", p.OrganisationID, p.StaffGroup, p.CreatedAt})
	}
	from, to, _ := coverage.ParsePeriod("2026-09-05", "2026-09-25")
	for _, f := range []coverage.CoverageFilter{{}, {Category: "clinical"}, {Category: "operational"},
		{Category: "technical"}, {From: from, To: to}} {
		r, err := coverage.Of(w.s).Coverage(ctx, f)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, st := range []string{coverage.StageReached, coverage.StageBooked, coverage.StageAttended, coverage.StageContributed} {
			cells, verified, total := w.count(rows[st], f)
			if r.Totals[st] != total {
				w.t.Errorf("%s, %+v: %s total %d, by hand %d", when, f, st, r.Totals[st], total)
			}
			for _, c := range r.Cells {
				k := fmt.Sprintf("%d/%s", c.OrganisationID, c.StaffGroup)
				if c.Counts[st] != cells[k] {
					w.t.Errorf("%s, %+v: %s in %s is %d, by hand %d", when, f, st, k, c.Counts[st], cells[k])
				}
				if st == coverage.StageContributed && c.Verified(st) != verified[k] {
					w.t.Errorf("%s, %+v: verified %s in %s is %d, by hand %d", when, f, st, k, c.Verified(st), verified[k])
				}
				delete(cells, k)
			}
			for k, n := range cells {
				w.t.Errorf("%s, %+v: %s in %s is missing, by hand %d", when, f, st, k, n)
			}
		}
	}
}

// count applies the rules: a row in the filter counts its person once in the cell it
// states, the contact's organisation and staff group filling what it left out, and once
// in the total. A person counts as verified in a cell when their contact is in it.
func (w *randomWorld) count(rows []refRow, f coverage.CoverageFilter) (cells, verified map[string]int, total int) {
	inCell, inTotal := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if f.Category != "" && r.category != "" && r.category != f.Category ||
			f.From != nil && r.at.Before(*f.From) || f.To != nil && !r.at.Before(*f.To) {
			continue
		}
		inTotal[r.key] = true
		org, group := r.org, r.group
		if d := w.contacts[r.key]; d != nil {
			if org == nil {
				org = d.org
			}
			if group == "" {
				group = d.group
			}
		}
		if org != nil && group != "" {
			inCell[fmt.Sprintf("%d/%s\x00%s", *org, group, r.key)] = true
		}
	}
	cells, verified = map[string]int{}, map[string]int{}
	for k := range inCell {
		cell, key, _ := strings.Cut(k, "\x00")
		cells[cell]++
		if d := w.contacts[key]; d != nil && d.org != nil && fmt.Sprintf("%d/%s", *d.org, d.group) == cell {
			verified[cell]++
		}
	}
	return cells, verified, len(inTotal)
}

// ptr points at a copy of v.
func ptr[T any](v T) *T { return &v }
