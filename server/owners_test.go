package server

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/models/polls"
)

// userID reads the id of the user behind a token.
func (e *testEnv) userID(token string) uint {
	e.t.Helper()
	var me struct {
		ID uint `json:"id"`
	}
	r := e.do("GET", "/api/v1/me", nil, "token", token)
	if r.Status != http.StatusOK {
		e.t.Fatalf("me: %s", r)
	}
	r.JSON(e.t, &me)
	return me.ID
}

// ownedObjects are one facilitator's session (with a slot and a booking) and workshop
// (with a poll and a question), made through the API.
type ownedObjects struct {
	f                         *sessionFixture
	bookingID                 uint
	workshop                  testWorkshop
	pollID, questionID, spare uint
}

func newOwnedObjects(e *testEnv) ownedObjects {
	e.t.Helper()
	o := ownedObjects{f: newSessionFixture(e, 5, nil)}
	_, b := o.f.book(o.f.slot.ID, person(1))
	o.bookingID = b.ID
	o.workshop = e.newWorkshop(o.f.token)
	o.pollID = e.newPoll(o.workshop, map[string]any{"kind": "single", "question": "Best day?", "options": []string{"Mon", "Tue"}})
	q := polls.PollQuestion{WorkshopID: o.workshop.ID, Text: "When does the new rota start?", Status: polls.QuestionPending}
	if err := e.store.DB.Create(&q).Error; err != nil {
		e.t.Fatal(err)
	}
	o.questionID = q.ID
	return o
}

// mutations are every route that changes A's objects, with the status its owners get.
func (o ownedObjects) mutations(e *testEnv, n int) []scenario {
	f := o.f
	slot := f.addSlot(f.startsAt.Add(48*time.Hour), 5) // a slot of their own for the cancel
	return []scenario{
		{name: "edit session", method: "PATCH", url: fmt.Sprintf("/api/v1/sessions/%d", f.session.ID),
			body: map[string]any{"description": fmt.Sprintf("Edited %d", n)}, status: 200},
		{name: "add slot", method: "POST", url: fmt.Sprintf("/api/v1/sessions/%d/slots", f.session.ID),
			body: map[string]any{"starts_at": f.startsAt.Add(hours(100 + n)).Format("2006-01-02T15:04:05Z07:00"),
				"ends_at": f.startsAt.Add(hours(100 + n)).Add(45 * time.Minute).Format("2006-01-02T15:04:05Z07:00"), "capacity": 3}, status: 201},
		{name: "change capacity", method: "PATCH", url: fmt.Sprintf("/api/v1/slots/%d", f.slot.ID), body: map[string]any{"capacity": 6 + n}, status: 200},
		{name: "message attendees", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/message", f.slot.ID),
			body: map[string]any{"subject": "Room change", "message": "We are in room 2."}, status: 202},
		{name: "record attendance", method: "POST", url: fmt.Sprintf("/api/v1/bookings/%d/attendance", o.bookingID),
			body: map[string]any{"status": "attended"}, status: 200},
		{name: "cancel slot", method: "POST", url: fmt.Sprintf("/api/v1/slots/%d/cancel", slot.ID), status: 200},
		{name: "rename workshop", method: "PATCH", url: fmt.Sprintf("/api/v1/workshops/%d", o.workshop.ID),
			body: map[string]any{"title": fmt.Sprintf("Renamed %d", n)}, status: 200},
		{name: "add poll", method: "POST", url: fmt.Sprintf("/api/v1/workshops/%d/polls", o.workshop.ID),
			body: map[string]any{"kind": "single", "question": "Tea?", "options": []string{"Yes", "No"}}, status: 201},
		{name: "open poll", method: "POST", url: fmt.Sprintf("/api/v1/polls/%d/open", o.pollID), status: 200},
		{name: "next poll", method: "POST", url: fmt.Sprintf("/api/v1/workshops/%d/next", o.workshop.ID), status: 200},
		{name: "moderate question", method: "POST", url: fmt.Sprintf("/api/v1/questions/%d/hide", o.questionID), status: 200},
	}
}

func hours(h int) time.Duration { return time.Duration(h) * time.Hour }

// TestOnlyOwnersChangeSessionsAndWorkshops (security review D6): facilitator B gets 403
// on every route that changes facilitator A's session, slots, roster, attendee messages,
// workshop, polls and Q&A, and nothing changes; B may still read them. A co-facilitator A
// adds, and any admin, succeed on the same routes.
func TestOnlyOwnersChangeSessionsAndWorkshops(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	o := newOwnedObjects(e)
	other := e.tokenFor(models.RoleFacilitator)
	before := e.slotRow(o.f.slot.ID)

	refused := o.mutations(e, 0)
	for i := range refused {
		refused[i].headers, refused[i].status = []string{"token", other}, http.StatusForbidden
		refused[i].contains = []string{"facilitators", "or an admin"}
	}
	refused = append(refused,
		scenario{name: "delete session", method: "DELETE", url: fmt.Sprintf("/api/v1/sessions/%d", o.f.session.ID),
			headers: []string{"token", other}, status: 403},
		scenario{name: "make themselves co-facilitator", method: "PATCH", url: fmt.Sprintf("/api/v1/sessions/%d", o.f.session.ID),
			body: map[string]any{"facilitator_ids": []uint{e.userID(other)}}, headers: []string{"token", other}, status: 403},
		scenario{name: "read session", method: "GET", url: fmt.Sprintf("/api/v1/sessions/%d", o.f.session.ID),
			headers: []string{"token", other}, status: 200, contains: []string{`"can_edit":false`}},
		scenario{name: "read roster", method: "GET", url: fmt.Sprintf("/api/v1/slots/%d/bookings", o.f.slot.ID),
			headers: []string{"token", other}, status: 200},
		scenario{name: "read workshop", method: "GET", url: fmt.Sprintf("/api/v1/workshops/%d", o.workshop.ID),
			headers: []string{"token", other}, status: 200},
		scenario{name: "no such slot is still 404", method: "PATCH", url: "/api/v1/slots/99999", body: map[string]any{"capacity": 3},
			headers: []string{"token", other}, status: 404},
	)
	e.run(refused)
	if after := e.slotRow(o.f.slot.ID); after.Capacity != before.Capacity || after.CancelledAt != nil {
		t.Fatalf("a refused facilitator changed the slot: %+v -> %+v", before, after)
	}
	if n := len(e.waitForMails("person.1@ward.example.org", 1)); n != 1 {
		t.Fatalf("a refused message reached attendees: %d mails", n)
	}

	// A adds C as co-facilitator of both; a comms user cannot be one.
	co := e.tokenFor(models.RoleFacilitator)
	comms := e.tokenFor(models.RoleComms)
	e.run([]scenario{
		{name: "comms is no co-facilitator", method: "PATCH", url: fmt.Sprintf("/api/v1/sessions/%d", o.f.session.ID),
			body: map[string]any{"facilitator_ids": []uint{e.userID(comms)}}, headers: []string{"token", o.f.token}, status: 422,
			contains: []string{`"field":"facilitator_ids"`}},
		{name: "add co-facilitator to session", method: "PATCH", url: fmt.Sprintf("/api/v1/sessions/%d", o.f.session.ID),
			body: map[string]any{"facilitator_ids": []uint{e.userID(co)}}, headers: []string{"token", o.f.token}, status: 200,
			contains: []string{fmt.Sprintf(`"facilitator_ids":[%d]`, e.userID(co))}},
		{name: "add co-facilitator to workshop", method: "PATCH", url: fmt.Sprintf("/api/v1/workshops/%d", o.workshop.ID),
			body: map[string]any{"facilitator_ids": []uint{e.userID(co)}}, headers: []string{"token", o.f.token}, status: 200},
	})
	for n, who := range []string{co, e.tokenFor(models.RoleAdmin)} {
		allowed := o.mutations(e, n+1)
		for i := range allowed {
			allowed[i].headers = []string{"token", who}
		}
		if n == 0 {
			allowed = append(allowed, scenario{name: "co-facilitator can edit", method: "GET",
				url: fmt.Sprintf("/api/v1/sessions/%d", o.f.session.ID), headers: []string{"token", who}, status: 200,
				contains: []string{`"can_edit":true`}})
		}
		e.run(allowed)
	}
}
