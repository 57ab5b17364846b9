package server

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/polls"
)

// peopleNow reads the presenter's frames until the count of people taking part is want,
// failing on a count outside allowed on the way (coalesced frames may skip values).
func (c *wsConn) peopleNow(want int, allowed ...int) {
	c.t.Helper()
	ok := map[int]bool{want: true}
	for _, n := range allowed {
		ok[n] = true
	}
	c.until(func(f frame) bool {
		if f.Type != "people" {
			return false
		}
		var p polls.PeopleFrame
		if err := json.Unmarshal([]byte(f.raw), &p); err != nil {
			c.t.Fatalf("people frame %s: %v", f.raw, err)
		}
		if !ok[p.Connected] {
			c.t.Fatalf("people frame says %d, want %d (on the way: %v)", p.Connected, want, allowed)
		}
		return p.Connected == want
	}, fmt.Sprintf("%d people taking part", want))
}

func helloConnected(t *testing.T, c *wsConn) int {
	t.Helper()
	var h struct {
		Connected *int `json:"connected"`
	}
	if err := json.Unmarshal([]byte(c.hello.raw), &h); err != nil || h.Connected == nil {
		t.Fatalf("presenter hello without connected: %s", c.hello.raw)
	}
	return *h.Connected
}

// The big screen's count goes up as phones join and down as they leave; a second tab of
// the same participant is the same person; a new presenter is greeted with the count.
func TestPollPresenterCountsPeople(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	w := e.newWorkshop(e.tokenFor(models.RoleFacilitator))
	pres := e.present(w.ID, w.token)
	if n := helloConnected(t, pres); n != 0 {
		t.Fatalf("hello before anyone joined: connected %d", n)
	}
	a := e.join(w.JoinCode, "")
	pres.peopleNow(1)
	b := e.join(w.JoinCode, "")
	pres.peopleNow(2, 1)
	again := e.join(w.JoinCode, a.hello.ParticipantToken) // the same person in a second tab
	c := e.join(w.JoinCode, "")
	pres.peopleNow(3, 2)

	late := e.present(w.ID, w.token)
	if n := helloConnected(t, late); n != 3 {
		t.Fatalf("a presenter joining late is greeted with %d, want 3", n)
	}
	b.Close()
	pres.peopleNow(2)
	a.Close() // their other tab is still open
	c.Close()
	pres.peopleNow(1, 2)
	again.Close()
	pres.peopleNow(0, 1)
	late.peopleNow(0, 1, 2)

	// Participants never get the count.
	d := e.join(w.JoinCode, "")
	e.pollAction(w, e.newPoll(w, map[string]any{"kind": "single", "question": "Q", "options": []string{"x", "y"}}), "open")
	f := d.until(func(f frame) bool { return f.Type == "people" || f.Type == "state" }, "a state frame")
	if f.Type != "state" {
		t.Fatalf("a participant got %s", f.raw)
	}
}

// With several instances, the count on the big screen is everyone's, wherever their
// phone's socket landed.
func TestPollPeopleCountAcrossInstances(t *testing.T) {
	t.Parallel()
	envs := instances(t, 2)
	one, two := envs[0], envs[1]
	w := one.newWorkshop(one.tokenFor(models.RoleFacilitator))
	pres := one.present(w.ID, w.token)
	far := two.join(w.JoinCode, "")
	pres.peopleNow(1)
	near := one.join(w.JoinCode, "")
	pres.peopleNow(2, 1)
	other := two.present(w.ID, w.token)
	// The greeting counts what instance two knows: its own phone at once, and the phone on
	// instance one as soon as one's count arrives (it may be a moment behind).
	switch n := helloConnected(t, other); n {
	case 2:
	case 1:
		other.peopleNow(2)
	default:
		t.Fatalf("the other instance's presenter is greeted with %d, want 2 (or 1 until instance one's count arrives)", n)
	}
	far.Close()
	pres.peopleNow(1)
	other.peopleNow(1, 2)
	near.Close()
	other.peopleNow(0, 1)
}
