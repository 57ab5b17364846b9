package models_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestBookingRuleIsTheSameOnBothDatabases runs one script of bookings, cancellations and a
// capacity change through the Go booking path (SQLite) and, when CONFER_TEST_POSTGRES names
// a server, through confer_book on Postgres, and compares every step: the outcome (status, or
// error code, field and message) and the slot's counters after it. The script's expected
// outcomes are written out too, so the SQLite run alone still checks the rule itself.
func TestBookingRuleIsTheSameOnBothDatabases(t *testing.T) {
	t.Parallel()
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour) // one time for both: messages name it
	sqlite := runBookingScript(t, storetest.OpenSQLite(t), start)
	if storetest.Postgres() {
		pg := runBookingScript(t, storetest.Open(t), start)
		for i := range sqlite {
			if sqlite[i] != pg[i] {
				t.Errorf("step %d differs:\n  SQLite:   %s\n  Postgres: %s", i+1, sqlite[i], pg[i])
			}
		}
	}
	for i, got := range sqlite {
		t.Logf("step %2d %-42s %s", i+1, bookingScript[i].name, got)
		if want := bookingScript[i].want; !strings.HasPrefix(got, want) {
			t.Errorf("step %d (%s): got %s, want it to start %q", i+1, bookingScript[i].name, got, want)
		}
	}
}

// bookingStep is one action of the script: book (on slot "open", "restricted" or
// "overlap"), cancel the booking made by step ref, or set the open slot's capacity.
type bookingStep struct {
	name  string
	do    string // book, cancel, capacity
	slot  string
	email string
	org   string // "a", "b" or "" (from the email's domain)
	wait  bool
	ref   int // cancel: the step whose booking to cancel
	cap   int
	want  string // the outcome's start, as outcome() writes it
}

var bookingScript = []bookingStep{
	{name: "first open seat", do: "book", slot: "open", email: "one@b.nhs.example", org: "b", want: "confirmed | open slot: confirmed 1, open 1, waitlisted 0"},
	{name: "the other seat is held for a", do: "book", slot: "open", email: "two@b.nhs.example", org: "b", want: "conflict waitlist"},
	{name: "queue for it", do: "book", slot: "open", email: "two@b.nhs.example", org: "b", wait: true, want: "waitlisted"},
	{name: "a takes the held seat", do: "book", slot: "open", email: "three@a.nhs.example", org: "a", want: "confirmed | open slot: confirmed 2, open 1, waitlisted 1"},
	{name: "full, no queue asked", do: "book", slot: "open", email: "four@b.nhs.example", org: "b", want: "conflict"},
	{name: "second booking in the session", do: "book", slot: "open", email: "one@b.nhs.example", org: "b", wait: true, want: "conflict email"},
	{name: "overlapping time elsewhere", do: "book", slot: "overlap", email: "one@b.nhs.example", org: "b", want: "conflict email"},
	{name: "outside the restriction", do: "book", slot: "restricted", email: "five@b.nhs.example", want: "invalid email"},
	{name: "inside the restriction: pending", do: "book", slot: "restricted", email: "six@a.nhs.example", want: "pending"},
	{name: "bad staff group", do: "book", slot: "overlap", email: "seven@a.nhs.example", org: "bad", want: "invalid"},
	{name: "cancel the open seat: the queue moves up", do: "cancel", ref: 1, want: "cancelled | open slot: confirmed 2, open 1, waitlisted 0"},
	{name: "capacity below the confirmed", do: "capacity", cap: 1, want: "invalid capacity"},
	{name: "queue behind a full slot", do: "book", slot: "open", email: "eight@a.nhs.example", org: "a", wait: true, want: "waitlisted"},
	{name: "capacity up to 3 promotes", do: "capacity", cap: 3, want: "capacity 3 | open slot: confirmed 3, open 1, waitlisted 0"},
}

// runBookingScript sets up two organisations and three slots on s, runs bookingScript and
// returns each step's outcome followed by the open slot's counters.
func runBookingScript(t *testing.T, s *models.Store, start time.Time) []string {
	t.Helper()
	ctx := context.Background()
	org := map[string]uint{}
	for _, o := range []struct{ key, code string }{{"a", "DIFFA"}, {"b", "DIFFB"}} {
		name, kind, domains := "Trust "+o.key, "acute", []string{o.key + ".nhs.example"}
		made, err := s.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &o.code, Kind: &kind, EmailDomains: &domains})
		if err != nil {
			t.Fatal(err)
		}
		org[o.key] = made.ID
	}
	slots := map[string]uint{}
	newSlot := func(key string, in models.SessionInput, at time.Time, capacity int) {
		title, category, format, location := "Differential "+key, "clinical", "in_person", "Room 1"
		in.Title, in.Category, in.Format, in.Location = &title, &category, &format, &location
		sess, err := s.CreateEngagementSession(ctx, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		end := at.Add(time.Hour)
		slot, err := s.CreateSlot(ctx, sess.ID, models.SlotInput{StartsAt: &at, EndsAt: &end, Capacity: &capacity})
		if err != nil {
			t.Fatal(err)
		}
		slots[key] = slot.ID
	}
	share, held, restrict, confirm := 50, []uint{org["a"]}, true, true
	until := &start
	newSlot("open", models.SessionInput{ReservedShare: &share, ReservedOrganisationIDs: &held, ReservedUntil: &until}, start, 2)
	newSlot("overlap", models.SessionInput{}, start.Add(30*time.Minute), 5)
	newSlot("restricted", models.SessionInput{OrganisationIDs: &held, RestrictToOrganisations: &restrict, ConfirmToKeep: &confirm},
		start.Add(24*time.Hour), 5)

	tokens := map[int]string{}
	var out []string
	for i, st := range bookingScript {
		var got string
		switch st.do {
		case "book":
			in := models.BookingInput{Name: "Person " + st.email, Email: st.email, StaffGroup: "Nursing and Midwifery Registered",
				JobRole: "Nurse", Waitlist: st.wait}
			if id, ok := org[st.org]; ok {
				in.OrganisationID = &id
			} else if st.org == "bad" {
				in.StaffGroup = "Wizards"
			}
			b, raw, err := s.Book(ctx, slots[st.slot], in)
			got = outcome(b, err)
			tokens[i+1] = raw
		case "cancel":
			b, _, err := s.CancelBooking(ctx, tokens[st.ref])
			got = outcome(b, err)
		case "capacity":
			slot, _, err := s.SetSlotCapacity(ctx, slots["open"], st.cap)
			if got = outcome(nil, err); err == nil {
				got = fmt.Sprintf("capacity %d", slot.Capacity)
			}
		}
		slot, err := s.GetSlot(ctx, slots["open"])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s | open slot: confirmed %d, open %d, waitlisted %d",
			got, slot.Confirmed, slot.ConfirmedOpen, slot.Waitlisted))
	}
	return out
}

// outcome writes a step's result: the booking's status, or the error's code, field and message.
func outcome(b *models.Booking, err error) string {
	if err != nil {
		field := ""
		if e, ok := err.(*models.Error); ok {
			field = e.Field
		}
		return fmt.Sprintf("%s %s: %s", models.ErrorCode(err), field, models.ErrorMessage(err))
	}
	if b == nil {
		return "ok"
	}
	return b.Status
}
