// Package coveragetest builds the hand-counted data set the coverage tests check every
// number against, on a real database. Organisations and people go through their store
// functions; the other areas' rows (contacts, campaign recipients, bookings, feedback,
// workshops) are inserted into those areas' tables as they store them, so the tests
// depend on their schemas, not their Go code, and skip until every area is installed.
package coveragetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/people"
)

// Staff groups the fixture uses.
const (
	Nursing = "Nursing and Midwifery Registered"
	Medical = "Medical and Dental"
	Admin   = "Administrative and Clerical"
)

// Fixture names what was built.
type Fixture struct {
	Alpha, Beta uint // organisation ids: "Alpha Trust", "Beta Trust"
	Clinical    uint // session ids
	Technical   uint
}

// Dates of the fixture's activity (UTC).
var (
	Oct5  = time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	Oct6  = time.Date(2026, 10, 6, 9, 0, 0, 0, time.UTC)
	Oct10 = time.Date(2026, 10, 10, 10, 0, 0, 0, time.UTC)
	Oct12 = time.Date(2026, 10, 12, 14, 0, 0, 0, time.UTC)
	Later = time.Date(2099, 3, 2, 10, 0, 0, 0, time.UTC) // an upcoming session
)

type builder struct {
	t  testing.TB
	s  *models.Store
	f  *Fixture
	id map[string]uint
}

func (b *builder) insert(table string, cols map[string]any) uint {
	b.t.Helper()
	names, marks, args := make([]string, 0, len(cols)), make([]string, 0, len(cols)), make([]any, 0, len(cols))
	for k, v := range cols {
		names, marks, args = append(names, k), append(marks, "?"), append(args, v)
	}
	var id uint
	sql := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) RETURNING id", table, strings.Join(names, ", "), strings.Join(marks, ", "))
	if err := b.s.DB.Raw(sql, args...).Scan(&id).Error; err != nil {
		b.t.Fatalf("insert into %s: %v", table, err)
	}
	return id
}

// must fails the test on an error: must[T](t)(call()).
func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ptr[T any](v T) *T { return &v }

// tables are every table the data set writes.
var tables = []string{"contacts", "campaigns", "campaign_recipients", "engagement_sessions", "slots", "bookings",
	"feedback_channels", "feedback_posts", "feedback_replies", "feedback_tags", "workshops", "polls",
	"poll_participants", "poll_votes", "poll_questions"}

// Build fills s with the data set described in docs/COVERAGE.md ("the test data set").
func Build(t testing.TB, s *models.Store) *Fixture {
	t.Helper()
	for _, name := range tables {
		if !s.DB.Migrator().HasTable(name) {
			t.Skipf("the coverage data set needs table %s: its area is not installed on this branch yet", name)
		}
	}
	ctx := context.Background()
	b := &builder{t: t, s: s, f: &Fixture{}, id: map[string]uint{}}
	b.f.Alpha = must[*models.Organisation](t)(s.CreateOrganisation(ctx, models.OrganisationInput{Name: ptr("Alpha Trust"), Code: ptr("ALP"),
		Kind: ptr("acute"), EmailDomains: &[]string{"alpha.example"}})).ID
	b.f.Beta = must[*models.Organisation](t)(s.CreateOrganisation(ctx, models.OrganisationInput{Name: ptr("Beta Trust"), Code: ptr("BET"),
		Kind: ptr("community"), EmailDomains: &[]string{"beta.example"}})).ID
	b.contacts(ctx)
	b.campaigns()
	b.bookings()
	b.feedback()
	b.workshops()
	return b.f
}

// contacts: Alpha 10 nursing + 6 medical, Beta 3 nursing + 8 admin; one Beta admin
// person (staff1@beta.example) who is not a contact.
func (b *builder) contacts(ctx context.Context) {
	add := func(prefix, domain string, org uint, group string, n int) {
		for i := 1; i <= n; i++ {
			b.insert("contacts", map[string]any{"email": fmt.Sprintf("%s%d@%s.example", prefix, i, domain),
				"name": fmt.Sprintf("Person %s%d", prefix, i), "organisation_id": org, "staff_group": group,
				"job_role": "", "created_at": Oct5, "updated_at": Oct5})
		}
	}
	add("a-n", "alpha", b.f.Alpha, Nursing, 10)
	add("a-m", "alpha", b.f.Alpha, Medical, 6)
	add("b-n", "beta", b.f.Beta, Nursing, 3)
	add("b-a", "beta", b.f.Beta, Admin, 8)
	must[*models.Person](b.t)(people.Of(b.s).CreatePerson(ctx, people.PersonInput{Email: ptr("Staff1@Beta.example"), Name: ptr("Staff One"),
		OrganisationID: &b.f.Beta, StaffGroup: ptr(Admin)}))
}

func (b *builder) contactID(email string) uint {
	var id uint
	if err := b.s.DB.Raw("SELECT id FROM contacts WHERE email = ?", email).Scan(&id).Error; err != nil || id == 0 {
		b.t.Fatalf("contact %s: %v", email, err)
	}
	return id
}

// campaigns: campaign 1 sent to a-n1..7, a-m1..6 (a-m6 failed), b-a1..8, and b-n1 still
// queued; campaign 2 sent to a-n1 again.
func (b *builder) campaigns() {
	c1 := b.campaign("October newsletter")
	c2 := b.campaign("Reminder")
	send := func(campaign uint, email string, org uint, group, state string, at *time.Time) {
		b.insert("campaign_recipients", map[string]any{"campaign_id": campaign, "contact_id": b.contactID(email),
			"batch_seq": 1, "email": email, "organisation_id": org, "staff_group": group, "state": state, "sent_at": at})
	}
	for i := 1; i <= 7; i++ {
		send(c1, fmt.Sprintf("a-n%d@alpha.example", i), b.f.Alpha, Nursing, "sent", &Oct5)
	}
	for i := 1; i <= 6; i++ {
		state, at := "sent", &Oct5
		if i == 6 {
			state, at = "failed", nil
		}
		send(c1, fmt.Sprintf("a-m%d@alpha.example", i), b.f.Alpha, Medical, state, at)
	}
	for i := 1; i <= 8; i++ {
		send(c1, fmt.Sprintf("b-a%d@beta.example", i), b.f.Beta, Admin, "sent", &Oct5)
	}
	send(c1, "b-n1@beta.example", b.f.Beta, Nursing, "queued", nil)
	send(c2, "a-n1@alpha.example", b.f.Alpha, Nursing, "sent", &Oct6)
}

func (b *builder) campaign(name string) uint {
	return b.insert("campaigns", map[string]any{"name": name, "subject": name, "body_markdown": "Hello",
		"kind": "newsletter", "audience": "{}", "status": "sent", "version": 1, "author_id": 1, "unsub_key": "k",
		"created_at": Oct5, "updated_at": Oct5})
}
