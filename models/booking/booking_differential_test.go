package booking_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestBookingRuleIsTheSameOnBothDatabases runs one script of bookings and of every change
// that frees places (cancellations, a move, capacity changes, held seats released, an
// unconfirmed place expiring) through the Go booking path (SQLite) and, when
// CONFER_TEST_POSTGRES names a server, through confer_book and confer_promote on Postgres,
// and compares every step: the outcome (status and queue position, or error code, field and
// message), who was promoted and as what, and every slot's counters after it. The script's
// expected outcomes are written out too, so the SQLite run alone still checks the rule itself.
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

// bookingStep is one action of the script: book (on slot "open", "later" (the open
// session's second time), "restricted" or "overlap"), cancel or move (to slot) the booking
// made by step ref, set a slot's capacity (the open one unless named), release the open session's held seats
// (its hold having ended), or expire the first unconfirmed place (its deadline having passed).
type bookingStep struct {
	name  string
	do    string // book, cancel, move, capacity, release, expire
	slot  string
	email string
	org   string // "a", "b", "" (from the email's domain), "none" (no such id) or "bad" (a bad staff group)
	wait  bool
	ref   int // cancel, move: the step whose booking to change
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
	{name: "cancel the open seat: the queue moves up", do: "cancel", ref: 1,
		want: "cancelled, promoted two@b.nhs.example confirmed | open slot: confirmed 2, open 1, waitlisted 0"},
	{name: "capacity below the confirmed", do: "capacity", cap: 1, want: "invalid capacity"},
	{name: "queue behind a full slot", do: "book", slot: "open", email: "eight@a.nhs.example", org: "a", wait: true, want: "waitlisted 1"},
	{name: "capacity up to 3 promotes", do: "capacity", cap: 3,
		want: "capacity 3, promoted eight@a.nhs.example confirmed | open slot: confirmed 3, open 1, waitlisted 0"},
	{name: "queue for an open seat", do: "book", slot: "open", email: "nine@b.nhs.example", org: "b", wait: true, want: "waitlisted 1"},
	{name: "move a held seat away: an open seat for the queue", do: "move", ref: 4, slot: "later",
		want: "confirmed, promoted nine@b.nhs.example confirmed | open slot: confirmed 3, open 2, waitlisted 0 | later: confirmed 1, open 0"},
	{name: "queue, not qualifying", do: "book", slot: "open", email: "ten@b.nhs.example", org: "b", wait: true, want: "waitlisted 1"},
	{name: "queue, qualifying", do: "book", slot: "open", email: "eleven@a.nhs.example", org: "a", wait: true, want: "waitlisted 2"},
	{name: "cancel a held seat: the first who qualifies", do: "cancel", ref: 13,
		want: "cancelled, promoted eleven@a.nhs.example confirmed | open slot: confirmed 3, open 2, waitlisted 1"},
	{name: "capacity 4: the new seat is held", do: "capacity", cap: 4, want: "capacity 4 | open slot: confirmed 3, open 2, waitlisted 1"},
	{name: "the later slot's open seat", do: "book", slot: "later", email: "thirteen@b.nhs.example", org: "b", want: "confirmed"},
	{name: "queue for the later slot", do: "book", slot: "later", email: "fourteen@b.nhs.example", org: "b", wait: true, want: "waitlisted 1"},
	{name: "queue behind them", do: "book", slot: "later", email: "fifteen@b.nhs.example", org: "b", wait: true, want: "waitlisted 2"},
	{name: "capacity 4 opens one seat: first come first served", do: "capacity", slot: "later", cap: 4,
		want: "capacity 4, promoted fourteen@b.nhs.example confirmed | open slot: confirmed 3, open 2, waitlisted 1 | later: confirmed 3, open 2, waitlisted 1"},
	{name: "the hold ends: both queues take the seats", do: "release",
		want: "released, promoted ten@b.nhs.example confirmed, fifteen@b.nhs.example confirmed | open slot: confirmed 4, open 3, waitlisted 0 | later: confirmed 4, open 3, waitlisted 0"},
	{name: "restricted slot full: queue", do: "book", slot: "restricted", email: "twelve@a.nhs.example", wait: true, want: "waitlisted 1"},
	{name: "the pending place expires: the queue takes it, pending", do: "expire",
		want: "expired six@a.nhs.example, promoted twelve@a.nhs.example pending"},
	{name: "a new hold for a", do: "hold", org: "a", want: "held for a | open slot: confirmed 4, open 3, waitlisted 0"},
	{name: "capacity 6: both new seats held", do: "capacity", cap: 6, want: "capacity 6 | open slot: confirmed 4, open 3, waitlisted 0"},
	{name: "queue for a held seat", do: "book", slot: "open", email: "sixteen@b.nhs.example", org: "b", wait: true, want: "waitlisted 1"},
	{name: "the hold takes in b: the queue qualifies", do: "hold", org: "a,b",
		want: "held for a,b, promoted sixteen@b.nhs.example confirmed | open slot: confirmed 5, open 0, waitlisted 0"},
	{name: "no such slot", do: "book", slot: "none", email: "seventeen@b.nhs.example", want: "not_found : slot not found"},
	{name: "a cancelled slot", do: "book", slot: "gone", email: "seventeen@b.nhs.example", want: "invalid slot_id: this slot has been cancelled"},
	{name: "a slot that has started", do: "book", slot: "started", email: "seventeen@b.nhs.example", want: "invalid slot_id: this slot has already started"},
	{name: "no such organisation", do: "book", slot: "later", email: "seventeen@b.nhs.example", org: "none",
		want: "invalid organisation_id: organisation_id 999999 does not exist"},
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
	slots, sessions := map[string]uint{}, map[string]uint{}
	addSlot := func(key string, sessionID uint, at time.Time, capacity int) {
		end := at.Add(time.Hour)
		slot, err := booking.Of(s).CreateSlot(ctx, sessionID, booking.SlotInput{StartsAt: &at, EndsAt: &end, Capacity: &capacity})
		if err != nil {
			t.Fatal(err)
		}
		slots[key] = slot.ID
	}
	newSlot := func(key string, in booking.SessionInput, at time.Time, capacity int) {
		title, category, format, location := "Differential "+key, "clinical", "in_person", "Room 1"
		in.Title, in.Category, in.Format, in.Location = &title, &category, &format, &location
		sess, err := booking.Of(s).CreateEngagementSession(ctx, in, 1)
		if err != nil {
			t.Fatal(err)
		}
		sessions[key] = sess.ID
		addSlot(key, sess.ID, at, capacity)
	}
	share, held, restrict, confirm := 50, []uint{org["a"]}, true, true
	until := &start
	newSlot("open", booking.SessionInput{ReservedShare: &share, ReservedOrganisationIDs: &held, ReservedUntil: &until}, start, 2)
	newSlot("overlap", booking.SessionInput{}, start.Add(30*time.Minute), 5)
	addSlot("later", sessions["open"], start.Add(48*time.Hour), 2)
	newSlot("gone", booking.SessionInput{}, start.Add(96*time.Hour), 5)
	if _, err := booking.Of(s).CancelSlot(ctx, slots["gone"]); err != nil {
		t.Fatal(err)
	}
	newSlot("started", booking.SessionInput{}, start.Add(120*time.Hour), 5)
	if err := s.DB.Exec("UPDATE slots SET starts_at = ? WHERE id = ?", time.Now().Add(-time.Minute).UTC(), slots["started"]).Error; err != nil {
		t.Fatal(err)
	}
	slots["none"] = 999999
	newSlot("restricted", booking.SessionInput{OrganisationIDs: &held, RestrictToOrganisations: &restrict, ConfirmToKeep: &confirm},
		start.Add(24*time.Hour), 1)

	tokens := map[int]string{}
	var out []string
	for i, st := range bookingScript {
		got := runBookingStep(t, s, st, org, slots, sessions, tokens)
		if st.do == "book" {
			tokens[i+1] = got.token
		}
		line := got.text
		for _, key := range []string{"open", "later", "restricted"} {
			slot, err := booking.Of(s).GetSlot(ctx, slots[key])
			if err != nil {
				t.Fatal(err)
			}
			if key == "open" {
				line += fmt.Sprintf(" | open slot: confirmed %d, open %d, waitlisted %d", slot.Confirmed, slot.ConfirmedOpen, slot.Waitlisted)
			} else {
				line += fmt.Sprintf(" | %s: confirmed %d, open %d, waitlisted %d", key, slot.Confirmed, slot.ConfirmedOpen, slot.Waitlisted)
			}
		}
		out = append(out, line)
	}
	return out
}

// stepResult is a step's outcome as text, and the manage token of a booking it made.
type stepResult struct{ text, token string }

// runBookingStep runs one step of the script.
func runBookingStep(t *testing.T, s *models.Store, st bookingStep, org, slots, sessions map[string]uint, tokens map[int]string) stepResult {
	t.Helper()
	ctx := context.Background()
	switch st.do {
	case "book":
		in := booking.BookingInput{Name: "Person " + st.email, Email: st.email, StaffGroup: "Nursing and Midwifery Registered",
			JobRole: "Nurse", Waitlist: st.wait}
		if id, ok := org[st.org]; ok {
			in.OrganisationID = &id
		} else if st.org == "bad" {
			in.StaffGroup = "Wizards"
		} else if st.org == "none" {
			none := uint(999999)
			in.OrganisationID = &none
		}
		b, raw, err := booking.Of(s).Book(ctx, slots[st.slot], in)
		return stepResult{outcome(b, err), raw}
	case "cancel":
		b, promoted, err := booking.Of(s).CancelBooking(ctx, tokens[st.ref])
		return stepResult{text: outcome(b, err) + promotedText(promoted)}
	case "move":
		b, promoted, err := booking.Of(s).MoveBooking(ctx, tokens[st.ref], slots[st.slot])
		return stepResult{text: outcome(b, err) + promotedText(promoted)}
	case "capacity":
		key := st.slot
		if key == "" {
			key = "open"
		}
		slot, promoted, err := booking.Of(s).SetSlotCapacity(ctx, slots[key], st.cap)
		if err != nil {
			return stepResult{text: outcome(nil, err)}
		}
		return stepResult{text: fmt.Sprintf("capacity %d", slot.Capacity) + promotedText(promoted)}
	case "release":
		past := time.Now().Add(-time.Minute).UTC()
		if err := s.DB.Exec("UPDATE engagement_sessions SET reserved_until = ? WHERE id = ?", past, sessions["open"]).Error; err != nil {
			t.Fatal(err)
		}
		promoted, err := booking.Of(s).ReleaseHeldSeats(ctx, time.Now())
		if err != nil {
			return stepResult{text: outcome(nil, err)}
		}
		return stepResult{text: "released" + promotedText(promoted)}
	case "hold": // the open session's seats held for the organisations in st.org until its start
		open, err := booking.Of(s).GetSlot(ctx, slots["open"])
		if err != nil {
			t.Fatal(err)
		}
		share, until, ids := 50, &open.StartsAt, []uint{}
		for _, key := range strings.Split(st.org, ",") {
			ids = append(ids, org[key])
		}
		_, promoted, err := booking.Of(s).UpdateEngagementSession(ctx, sessions["open"],
			booking.SessionInput{ReservedShare: &share, ReservedUntil: &until, ReservedOrganisationIDs: &ids})
		if err != nil {
			return stepResult{text: outcome(nil, err)}
		}
		return stepResult{text: "held for " + st.org + promotedText(promoted)}
	case "expire":
		expired, promoted, err := booking.Of(s).ExpireUnconfirmed(ctx, time.Now().Add(30*time.Hour), 1)
		if err != nil {
			return stepResult{text: outcome(nil, err)}
		}
		text := "expired"
		for _, b := range expired {
			text += " " + b.Email
		}
		return stepResult{text: text + promotedText(promoted)}
	}
	t.Fatalf("unknown step %q", st.do)
	return stepResult{}
}

// promotedText names the bookings promoted from a waiting list, in order, with their status.
func promotedText(promoted []booking.Booking) string {
	if len(promoted) == 0 {
		return ""
	}
	var names []string
	for _, p := range promoted {
		names = append(names, p.Email+" "+p.Status)
	}
	return ", promoted " + strings.Join(names, ", ")
}

// outcome writes a step's result: the booking's status, or the error's code, field and message.
func outcome(b *booking.Booking, err error) string {
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
	if b.Status == booking.StatusWaitlisted {
		return fmt.Sprintf("%s %d", b.Status, b.Position)
	}
	return b.Status
}
