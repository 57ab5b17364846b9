package server

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/booking"
)

// sessionFixture is a published session with one slot, made through the API.
type sessionFixture struct {
	e        *testEnv
	token    string // a facilitator's
	session  booking.SessionResponse
	slot     booking.SlotResponse
	startsAt time.Time
}

// newSessionFixture publishes a virtual session with one slot of capacity seats, starting
// in inDays days at 09:30 UTC, as a facilitator.
func newSessionFixture(e *testEnv, capacity int, extra map[string]any) *sessionFixture {
	e.t.Helper()
	f := &sessionFixture{e: e, token: e.tokenFor(models.RoleFacilitator)}
	body := map[string]any{"title": "Clinical safety and the new EPR", "description": "For nurses and midwives.",
		"category": "clinical", "format": "virtual", "meeting_url": "https://teams.example/meet/123"}
	for k, v := range extra {
		body[k] = v
	}
	r := e.do("POST", "/api/v1/sessions", body, "token", f.token)
	if r.Status != 201 {
		e.t.Fatalf("create session: %s", r)
	}
	r.JSON(e.t, &f.session)
	f.startsAt = time.Now().UTC().Add(72 * time.Hour).Truncate(time.Hour)
	f.slot = f.addSlot(f.startsAt, capacity)
	return f
}

func (f *sessionFixture) addSlot(start time.Time, capacity int) booking.SlotResponse {
	f.e.t.Helper()
	r := f.e.do("POST", fmt.Sprintf("/api/v1/sessions/%d/slots", f.session.ID), map[string]any{
		"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(45 * time.Minute).Format(time.RFC3339),
		"capacity": capacity}, "token", f.token)
	if r.Status != 201 {
		f.e.t.Fatalf("create slot: %s", r)
	}
	var s booking.SlotResponse
	r.JSON(f.e.t, &s)
	return s
}

// person is a booking body for a participant with a unique work email.
func person(n int, extra ...any) map[string]any {
	b := map[string]any{"name": fmt.Sprintf("Participant %d", n), "email": fmt.Sprintf("Person.%d@Ward.Example.org", n),
		"staff_group": "nursing and midwifery registered", "job_role": "Staff Nurse"}
	for i := 0; i+1 < len(extra); i += 2 {
		b[extra[i].(string)] = extra[i+1]
	}
	return b
}

func (f *sessionFixture) book(slotID uint, body map[string]any) (resp, booking.BookingResponse) {
	f.e.t.Helper()
	r := f.e.do("POST", fmt.Sprintf("/api/v1/slots/%d/bookings", slotID), body)
	var b booking.BookingResponse
	if r.Status == 201 {
		r.JSON(f.e.t, &b)
	}
	return r, b
}

// slotRow reads a slot's counters straight from the database.
func (e *testEnv) slotRow(id uint) bookingmodel.Slot {
	e.t.Helper()
	var s bookingmodel.Slot
	if err := e.store.DB.First(&s, id).Error; err != nil {
		e.t.Fatal(err)
	}
	return s
}

// countBookings counts a slot's bookings by status in the database.
func (e *testEnv) countBookings(slotID uint, status string) int {
	e.t.Helper()
	var n int64
	if err := e.store.DB.Model(&bookingmodel.Booking{}).Where("slot_id = ? AND status = ?", slotID, status).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return int(n)
}

// mailsTo returns every outbox message to addr, oldest first.
func (e *testEnv) mailsTo(addr string) []models.OutboxMessage {
	e.t.Helper()
	msgs, _, err := e.store.ListOutbox(context.Background(), addr, models.Page{PerPage: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	return msgs
}

// waitForMails waits until addr has at least n messages (mail is sent in the background).
func (e *testEnv) waitForMails(addr string, n int) []models.OutboxMessage {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs := e.mailsTo(addr)
		if len(msgs) >= n || time.Now().After(deadline) {
			if len(msgs) < n {
				e.t.Fatalf("want %d mails to %s, have %d", n, addr, len(msgs))
			}
			return msgs
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mailWithSubject waits for a mail to addr whose subject starts with prefix: mails are
// sent in the background, so their order is not the order of the requests.
func (e *testEnv) mailWithSubject(addr, prefix string) models.OutboxMessage {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, m := range e.mailsTo(addr) {
			if strings.HasPrefix(m.Subject, prefix) {
				return m
			}
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("no mail to %s with a subject starting %q", addr, prefix)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
