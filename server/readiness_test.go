package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/server/booking"
	"github.com/confer-nhs/confer/server/people"
)

const (
	nurses = "Nursing and Midwifery Registered"
	ahps   = "Allied Health Professionals"
	medics = "Medical and Dental"
)

// readinessFixture is a milestone 9 weeks away for Moorside with targets for nurses (80%,
// clinical) and allied health professionals (50%, any category), its contacts, past
// training with attendance, upcoming bookings, an anchored training series and two pulses.
type readinessFixture struct {
	e                *testEnv
	comms, facil     string
	moor, other      uint
	milestone        uint
	clinical, ops    booking.SessionResponse
	series           seriesResult
	goLive           string
	latest, previous uint
}

func londonDateIn(days int) string {
	loc, _ := time.LoadLocation("Europe/London")
	y, m, d := time.Now().In(loc).Date()
	return time.Date(y, m, d+days, 12, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func newReadinessFixture(e *testEnv) *readinessFixture {
	e.t.Helper()
	f := &readinessFixture{e: e, comms: e.tokenFor(models.RoleComms), facil: e.tokenFor(models.RoleFacilitator), goLive: londonDateIn(63)}
	admin := e.tokenFor(models.RoleAdmin)
	var moor, other people.OrganisationResponse
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Moorside Hospitals", "code": "RMH", "kind": "acute",
		"email_domains": []string{"moorside.nhs.example"}}, "token", admin).JSON(e.t, &moor)
	e.do("POST", "/api/v1/organisations", map[string]any{"name": "Riverside Trust", "code": "RRT", "kind": "acute"},
		"token", admin).JSON(e.t, &other)
	f.moor, f.other = moor.ID, other.ID
	r := e.do("POST", "/api/v1/milestones", map[string]any{"organisation_id": f.moor, "name": "Moorside EPR go-live",
		"site": "Moorside General", "go_live_on": f.goLive, "targets": []map[string]any{
			{"staff_group": nurses, "category": "clinical", "min_percent": 80},
			{"staff_group": ahps, "category": "", "min_percent": 50}}}, "token", f.comms)
	if r.Status != 201 {
		e.t.Fatalf("milestone: %s", r)
	}
	var m struct{ ID uint }
	r.JSON(e.t, &m)
	f.milestone = m.ID
	f.contacts()
	f.sessions()
	f.training()
	f.pulses()
	return f
}

// contacts: Moorside has 10 nurses (one has left), 8 AHPs and 3 doctors; Riverside 5 nurses.
func (f *readinessFixture) contacts() {
	now := time.Now().UTC()
	add := func(org uint, group string, n int, prefix string, left bool) {
		for i := range n {
			c := models.Contact{Email: fmt.Sprintf("%s%d@moorside.nhs.example", prefix, i), Name: prefix,
				Attribution: models.Attribution{OrganisationID: &org, StaffGroup: group}}
			if left {
				c.LeftAt = &now
			}
			if err := f.e.store.DB.Create(&c).Error; err != nil {
				f.e.t.Fatal(err)
			}
		}
	}
	add(f.moor, nurses, 9, "nurse", false)
	add(f.moor, nurses, 1, "leaver", true)
	add(f.moor, ahps, 8, "ahp", false)
	add(f.moor, medics, 3, "doctor", false)
	add(f.other, nurses, 5, "river", false)
}

func (f *readinessFixture) newSession(category string) booking.SessionResponse {
	r := f.e.do("POST", "/api/v1/sessions", map[string]any{"title": "EPR training: " + category, "category": category,
		"format": "in_person", "location": "Education centre"}, "token", f.facil)
	if r.Status != 201 {
		f.e.t.Fatalf("session: %s", r)
	}
	var s booking.SessionResponse
	r.JSON(f.e.t, &s)
	return s
}

// sessions: past training with attendance, and upcoming places booked.
func (f *readinessFixture) sessions() {
	f.clinical, f.ops = f.newSession("clinical"), f.newSession("operational")
	past := time.Now().UTC().Add(-10 * 24 * time.Hour).Truncate(time.Hour)
	soon := time.Now().UTC().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	slot := func(s booking.SessionResponse, at time.Time) uint {
		sl := bookingmodel.Slot{EngagementSessionID: s.ID, StartsAt: at, EndsAt: at.Add(time.Hour), Capacity: 50}
		if err := f.e.store.DB.Create(&sl).Error; err != nil {
			f.e.t.Fatal(err)
		}
		return sl.ID
	}
	pastClin, pastOps, soonClin, soonOps := slot(f.clinical, past), slot(f.ops, past), slot(f.clinical, soon), slot(f.ops, soon)
	seq := 0
	book := func(slotID, sessionID uint, at time.Time, org uint, group, email, status, attendance string) {
		seq++
		b := bookingmodel.Booking{SlotID: slotID, EngagementSessionID: sessionID, Name: "P", Email: email,
			Attribution: models.Attribution{OrganisationID: &org, StaffGroup: group}, Status: status, Attendance: attendance,
			ManageHash: fmt.Sprintf("h%d", seq), CalendarUID: fmt.Sprintf("u%d", seq), StartsAt: at, EndsAt: at.Add(time.Hour)}
		if err := f.e.store.DB.Create(&b).Error; err != nil {
			f.e.t.Fatal(err)
		}
	}
	// Nurses: 3 attended clinical training (one email in another case), 1 attended only
	// operational (not the target's category), 2 are booked on clinical training to come,
	// and one who attended has booked again (attended, not booked). A Riverside nurse's
	// attendance is not Moorside's.
	book(pastClin, f.clinical.ID, past, f.moor, nurses, "nurse0@moorside.nhs.example", "confirmed", "attended")
	book(pastClin, f.clinical.ID, past, f.moor, nurses, "Nurse1@Moorside.nhs.example", "confirmed", "attended")
	book(pastClin, f.clinical.ID, past, f.moor, nurses, "nurse2@moorside.nhs.example", "confirmed", "attended")
	book(pastOps, f.ops.ID, past, f.moor, nurses, "nurse3@moorside.nhs.example", "confirmed", "attended")
	book(soonClin, f.clinical.ID, soon, f.moor, nurses, "nurse0@moorside.nhs.example", "cancelled", "")
	book(soonOps, f.ops.ID, soon, f.moor, nurses, "nurse4@moorside.nhs.example", "confirmed", "")
	book(pastClin, f.clinical.ID, past, f.other, nurses, "river0@moorside.nhs.example", "confirmed", "attended")
	book(pastOps, f.ops.ID, past, f.moor, nurses, "nurse5@moorside.nhs.example", "confirmed", "no_show")
	// upcoming clinical places for nurses 5 and 6
	book(soonClin, f.clinical.ID, soon, f.moor, nurses, "nurse5@moorside.nhs.example", "confirmed", "")
	book(soonClin, f.clinical.ID, soon, f.moor, nurses, "nurse6@moorside.nhs.example", "pending", "")
	// AHPs: 3 attended (any category), 1 booked: 50% projected, on track.
	book(pastOps, f.ops.ID, past, f.moor, ahps, "ahp0@moorside.nhs.example", "confirmed", "attended")
	book(pastOps, f.ops.ID, past, f.moor, ahps, "ahp1@moorside.nhs.example", "confirmed", "attended")
	book(pastClin, f.clinical.ID, past, f.moor, ahps, "ahp2@moorside.nhs.example", "confirmed", "attended")
	book(soonOps, f.ops.ID, soon, f.moor, ahps, "ahp3@moorside.nhs.example", "confirmed", "")
	book(soonClin, f.clinical.ID, soon, f.moor, ahps, "ahp4@moorside.nhs.example", "waitlisted", "")
}

// training: an anchored series of 3 weekly clinical times for nurses and AHPs, from 4
// weeks before go-live, 2 seats each.
func (f *readinessFixture) training() {
	s := f.newSession("clinical")
	r := f.e.do("PATCH", fmt.Sprintf("/api/v1/sessions/%d", s.ID), map[string]any{"staff_groups": []string{nurses, ahps}},
		"token", f.facil)
	if r.Status != 200 {
		f.e.t.Fatalf("session groups: %s", r)
	}
	r = f.e.do("POST", fmt.Sprintf("/api/v1/sessions/%d/series", s.ID), map[string]any{"rrule": "FREQ=WEEKLY;COUNT=3",
		"starts_at": "2027-01-05T10:00:00", "ends_at": "2027-01-05T11:30:00", "capacity": 2,
		"milestone_id": f.milestone, "weeks_before": 4}, "token", f.facil)
	if r.Status != 201 {
		f.e.t.Fatalf("series: %s", r)
	}
	r.JSON(f.e.t, &f.series)
}

// pulses: the previous pulse (nurses 2 of 6 ready) and the latest (nurses 3 of 8 ready,
// 3 AHPs answered, 6 doctors), with Riverside's answers beside them; and a pulse not yet
// open, which the board ignores.
func (f *readinessFixture) pulses() {
	db := f.e.store.DB
	now := time.Now().UTC()
	pulse := func(title string, opens time.Time) (uint, uint) {
		var id, q uint
		db.Raw(`INSERT INTO pulses (title, intro, milestone_id, opens_at, closes_at, open_token_hash, created_at, updated_at)
VALUES (?, '', ?, ?, ?, '', ?, ?) RETURNING id`, title, f.milestone, opens, opens.Add(14*24*time.Hour), now, now).Scan(&id)
		db.Raw(`INSERT INTO pulse_questions (pulse_id, position, kind, prompt, options, min, max, ready_values)
VALUES (?, 1, 'scale', 'How ready do you feel', '[]', 1, 5, '[4,5]') RETURNING id`, id).Scan(&q)
		var other uint // a second question with no ready values: not the headline
		db.Raw(`INSERT INTO pulse_questions (pulse_id, position, kind, prompt, options, min, max, ready_values)
VALUES (?, 2, 'scale', 'How useful was training', '[]', 1, 5, '[]') RETURNING id`, id).Scan(&other)
		if id == 0 || q == 0 {
			f.e.t.Fatal("pulse not inserted")
		}
		return id, q
	}
	answer := func(pulse, q, org uint, group string, n, ready int) {
		for i := range n {
			var rid uint
			db.Raw(`INSERT INTO pulse_responses (pulse_id, source, organisation_id, staff_group, job_role, created_at, updated_at)
VALUES (?, 'open', ?, ?, '', ?, ?) RETURNING id`, pulse, org, group, now, now).Scan(&rid)
			v := 2
			if i < ready {
				v = 5
			}
			if err := db.Exec(`INSERT INTO pulse_answers (pulse_id, response_id, question_id, value, text) VALUES (?, ?, ?, ?, '')`,
				pulse, rid, q, v).Error; err != nil {
				f.e.t.Fatal(err)
			}
		}
	}
	var q1, q2, q3 uint
	f.previous, q1 = pulse("First readiness pulse", now.Add(-40*24*time.Hour))
	answer(f.previous, q1, f.moor, nurses, 6, 2)
	f.latest, q2 = pulse("Second readiness pulse", now.Add(-2*24*time.Hour))
	answer(f.latest, q2, f.moor, nurses, 8, 3)
	answer(f.latest, q2, f.moor, ahps, 3, 3)
	answer(f.latest, q2, f.moor, medics, 6, 6)
	answer(f.latest, q2, f.other, nurses, 20, 20)
	future, q3 := pulse("Next pulse", now.Add(5*24*time.Hour))
	answer(future, q3, f.moor, nurses, 5, 5)
}

type readinessBoardResult struct {
	Milestone struct {
		ID             uint   `json:"id"`
		Name           string `json:"name"`
		OrganisationID uint   `json:"organisation_id"`
		Organisation   string `json:"organisation"`
		Site           string `json:"site"`
		GoLiveOn       string `json:"go_live_on"`
	} `json:"milestone"`
	DaysToGo int `json:"days_to_go"`
	Groups   []struct {
		StaffGroup      string `json:"staff_group"`
		Staff           int    `json:"staff"`
		TargetPercent   *int   `json:"target_percent"`
		Category        string `json:"category"`
		Attended        int    `json:"attended"`
		AttendedPercent int    `json:"attended_percent"`
		Booked          int    `json:"booked"`
		OnTrack         bool   `json:"on_track"`
		Pulse           struct {
			PulseID              *uint `json:"pulse_id"`
			Answered             *int  `json:"answered"`
			ReadyPercent         *int  `json:"ready_percent"`
			PreviousReadyPercent *int  `json:"previous_ready_percent"`
			Withheld             bool  `json:"withheld"`
		} `json:"pulse"`
	} `json:"groups"`
	LatestPulse *struct {
		ID           uint `json:"id"`
		Answered     *int `json:"answered"`
		ReadyPercent *int `json:"ready_percent"`
	} `json:"latest_pulse"`
	Gaps     []string `json:"gaps"`
	Training []struct {
		SlotID    uint `json:"slot_id"`
		SessionID uint `json:"session_id"`
		SeatsLeft int  `json:"seats_left"`
	} `json:"training"`
}

func ptr(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestReadinessBoardFigures: training attended against target per staff group (the
// target's category only, before go-live, Moorside's bookings only, leavers not counted
// as staff), booked places still to come, the latest pulse's "feel ready" with the one
// before, small counts withheld (and one more to protect them), the gaps in words, and
// the anchored training times.
func TestReadinessBoardFigures(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newReadinessFixture(e)
	r := e.do("GET", fmt.Sprintf("/api/v1/readiness?milestone=%d", f.milestone), nil, "token", f.facil)
	if r.Status != 200 {
		t.Fatalf("board: %s", r)
	}
	var b readinessBoardResult
	r.JSON(t, &b)
	if b.Milestone.Organisation != "Moorside Hospitals" || b.Milestone.Site != "Moorside General" || b.DaysToGo != 63 ||
		b.Milestone.GoLiveOn != f.goLive {
		t.Fatalf("milestone %+v, %d days", b.Milestone, b.DaysToGo)
	}
	got := map[string]string{}
	for _, g := range b.Groups {
		got[g.StaffGroup] = fmt.Sprintf("staff=%d target=%s cat=%q attended=%d (%d%%) booked=%d on_track=%v ready=%s prev=%s answered=%s withheld=%v",
			g.Staff, ptr(g.TargetPercent), g.Category, g.Attended, g.AttendedPercent, g.Booked, g.OnTrack,
			ptr(g.Pulse.ReadyPercent), ptr(g.Pulse.PreviousReadyPercent), ptr(g.Pulse.Answered), g.Pulse.Withheld)
	}
	want := map[string]string{
		nurses: `staff=9 target=80 cat="clinical" attended=3 (33%) booked=2 on_track=false ready=38 prev=33 answered=8 withheld=false`,
		ahps:   `staff=8 target=50 cat="" attended=3 (37%) booked=1 on_track=true ready=null prev=null answered=null withheld=true`,
		// 6 doctors answered, but with the AHPs' 3 hidden the total would give it away
		medics: `staff=3 target=null cat="" attended=0 (0%) booked=0 on_track=true ready=null prev=null answered=null withheld=true`,
	}
	if len(b.Groups) != 3 || b.Groups[0].StaffGroup != ahps || b.Groups[2].StaffGroup != nurses {
		t.Errorf("groups %v", got)
	}
	for g, w := range want {
		if got[g] != w {
			t.Errorf("%s:\n got %s\nwant %s", g, got[g], w)
		}
	}
	if b.LatestPulse == nil || b.LatestPulse.ID != f.latest || ptr(b.LatestPulse.Answered) != "17" || ptr(b.LatestPulse.ReadyPercent) != "71" {
		t.Errorf("latest pulse %+v", b.LatestPulse)
	}
	wantGaps := []string{
		"Nursing and Midwifery Registered: 33% trained against a target of 80%, 9 weeks before go-live. 5 people still to train; 2 places are booked.",
		"Only 38% of Nursing and Midwifery Registered who answered feel ready.",
	}
	if strings.Join(b.Gaps, "|") != strings.Join(wantGaps, "|") {
		t.Errorf("gaps:\n%q\nwant\n%q", b.Gaps, wantGaps)
	}
	if len(b.Training) != 3 || b.Training[0].SlotID != f.series.Slots[0].ID || b.Training[0].SeatsLeft != 2 {
		t.Errorf("training %+v", b.Training)
	}
	// The list of milestones: one, with 1 of its 2 targeted groups on track.
	r = e.do("GET", "/api/v1/readiness", nil, "token", f.facil)
	for _, s := range []string{`"on_track_groups":1`, `"groups":2`, `"days_to_go":63`, `"organisation":"Moorside Hospitals"`} {
		if r.Status != 200 || !strings.Contains(string(r.Body), s) {
			t.Errorf("list lacks %s: %s", s, r)
		}
	}
}

// TestReadinessBoardAccessAndInput: the board is the team's; outreach the comms team's;
// bad input is a 4xx naming its field.
func TestReadinessBoardAccessAndInput(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newReadinessFixture(e)
	board := fmt.Sprintf("/api/v1/readiness?milestone=%d", f.milestone)
	comms, facil := []string{"token", f.comms}, []string{"token", f.facil}
	out := map[string]any{"milestone_id": f.milestone, "staff_group": nurses}
	e.run([]scenario{
		{name: "public board", method: "GET", url: board, status: 401},
		{name: "public list", method: "GET", url: "/api/v1/readiness", status: 401},
		{name: "public outreach", method: "POST", url: "/api/v1/readiness/outreach", body: out, status: 401},
		{name: "facilitator reads", method: "GET", url: board, headers: facil, status: 200},
		{name: "facilitator outreach", method: "POST", url: "/api/v1/readiness/outreach", body: out, headers: facil, status: 403},
		{name: "unknown milestone", method: "GET", url: "/api/v1/readiness?milestone=99999", headers: comms, status: 404},
		{name: "bad milestone", method: "GET", url: "/api/v1/readiness?milestone=abc", headers: comms, status: 422, contains: []string{`"field":"milestone"`}},
		{name: "zero milestone", method: "GET", url: "/api/v1/readiness?milestone=0", headers: comms, status: 422, contains: []string{`"field":"milestone"`}},
		{name: "no milestone_id", method: "POST", url: "/api/v1/readiness/outreach", body: map[string]any{"staff_group": nurses}, headers: comms, status: 422, contains: []string{`"field":"milestone_id"`}},
		{name: "unknown milestone_id", method: "POST", url: "/api/v1/readiness/outreach", body: map[string]any{"milestone_id": 99999, "staff_group": nurses}, headers: comms, status: 422, contains: []string{`"field":"milestone_id"`}},
		{name: "no staff_group", method: "POST", url: "/api/v1/readiness/outreach", body: map[string]any{"milestone_id": f.milestone}, headers: comms, status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "bad staff_group", method: "POST", url: "/api/v1/readiness/outreach", body: map[string]any{"milestone_id": f.milestone, "staff_group": "Wizards"}, headers: comms, status: 422, contains: []string{`"field":"staff_group"`}},
		{name: "no times to hold", method: "POST", url: "/api/v1/readiness/outreach", body: map[string]any{"milestone_id": f.milestone, "staff_group": medics, "hold_places": true}, headers: comms, status: 422, contains: []string{`"field":"hold_places"`}},
		{name: "not JSON", method: "POST", url: "/api/v1/readiness/outreach", body: "{", headers: comms, status: 400},
	})
	var n int64
	e.store.DB.Model(&campaigns.Campaign{}).Count(&n)
	if n != 0 {
		t.Fatalf("refused outreach stored %d campaigns", n)
	}
}

// TestReadinessOutreach: "Invite them to training" makes exactly one draft addressed to
// Moorside's AHPs listing the anchored times open to them with booking links, and holds
// places for them: another group may then not take a held place, an AHP may. A second
// invitation adds to the hold rather than replacing it.
func TestReadinessOutreach(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newReadinessFixture(e)
	r := e.do("POST", "/api/v1/readiness/outreach", map[string]any{"milestone_id": f.milestone, "staff_group": "allied health professionals",
		"hold_places": true}, "token", f.comms)
	if r.Status != 201 {
		t.Fatalf("outreach: %s", r)
	}
	var o struct {
		CampaignID uint `json:"campaign_id"`
		Held       *struct {
			Sessions []uint    `json:"sessions"`
			Share    int       `json:"share"`
			Until    time.Time `json:"until"`
		} `json:"held"`
	}
	r.JSON(t, &o)
	var cs []campaigns.Campaign
	e.store.DB.Find(&cs)
	if len(cs) != 1 || cs[0].ID != o.CampaignID || cs[0].Status != campaigns.CampaignDraft {
		t.Fatalf("campaigns %+v", cs)
	}
	c, err := campaigns.Of(e.store).GetCampaign(t.Context(), o.CampaignID)
	if err != nil {
		t.Fatal(err)
	}
	aud := c.Audience
	if fmt.Sprint(aud.OrganisationIDs) != fmt.Sprint([]uint{f.moor}) || fmt.Sprint(aud.StaffGroups) != fmt.Sprint([]string{ahps}) {
		t.Fatalf("audience %+v", aud)
	}
	for _, sl := range f.series.Slots {
		if !strings.Contains(c.BodyMarkdown, fmt.Sprintf("%s/book/%d", e.URL, sl.ID)) {
			t.Errorf("draft lacks slot %d:\n%s", sl.ID, c.BodyMarkdown)
		}
	}
	if !strings.Contains(c.BodyMarkdown, "10am to 11:30am") {
		t.Errorf("draft times:\n%s", c.BodyMarkdown)
	}
	last := f.series.Slots[len(f.series.Slots)-1].StartsAt
	if o.Held == nil || len(o.Held.Sessions) != 1 || o.Held.Share != 50 || !o.Held.Until.Equal(last.Add(-48*time.Hour)) {
		t.Fatalf("held %+v", o.Held)
	}
	var sess bookingmodel.EngagementSession
	e.store.DB.First(&sess, o.Held.Sessions[0])
	if sess.ReservedShare != 50 || fmt.Sprint(sess.ReservedOrganisationIDs) != fmt.Sprint([]uint{f.moor}) ||
		fmt.Sprint(sess.ReservedStaffGroups) != fmt.Sprint([]string{ahps}) {
		t.Fatalf("session hold %+v", sess)
	}
	// Capacity 2, half held: a doctor takes the open seat, a nurse may not take the held one,
	// an AHP may.
	slot := f.series.Slots[0].ID
	bookAs := func(n int, group string) resp {
		return e.do("POST", fmt.Sprintf("/api/v1/slots/%d/bookings", slot), map[string]any{"name": "P", "email": fmt.Sprintf("p%d@moorside.nhs.example", n),
			"staff_group": group, "job_role": "Staff"})
	}
	if r := bookAs(1, medics); r.Status != 201 {
		t.Fatalf("open seat: %s", r)
	}
	if r := bookAs(2, nurses); r.Status != 409 || !strings.Contains(string(r.Body), "held") {
		t.Fatalf("nurse takes a held place: %s", r)
	}
	if r := bookAs(3, ahps); r.Status != 201 {
		t.Fatalf("AHP refused a held place: %s", r)
	}
	// On the next time a doctor takes the open seat and a nurse joins the waiting list
	// beside the place held for AHPs.
	next := f.series.Slots[1].ID
	waitAs := func(n int, group string, waitlist bool) resp {
		return e.do("POST", fmt.Sprintf("/api/v1/slots/%d/bookings", next), map[string]any{"name": "Nurse Waiting", "email": fmt.Sprintf("p%d@moorside.nhs.example", n),
			"staff_group": group, "job_role": "Staff", "waitlist": waitlist})
	}
	if r := waitAs(4, medics, false); r.Status != 201 {
		t.Fatalf("open seat on the next time: %s", r)
	}
	var waiting struct {
		Status string `json:"status"`
	}
	if r := waitAs(5, nurses, true); r.Status != 201 {
		t.Fatalf("nurse on the waiting list: %s", r)
	} else if r.JSON(t, &waiting); waiting.Status != bookingmodel.StatusWaitlisted {
		t.Fatalf("nurse's booking: %s", r)
	}
	// Inviting the nurses too adds them to the hold: AHPs stay in it, and the waiting
	// nurse takes the held place and is told, as after any promotion.
	r = e.do("POST", "/api/v1/readiness/outreach", map[string]any{"milestone_id": f.milestone, "staff_group": nurses,
		"hold_places": true}, "token", f.comms)
	if r.Status != 201 {
		t.Fatalf("second outreach: %s", r)
	}
	var promoted bookingmodel.Booking
	e.store.DB.Where("email = ?", "p5@moorside.nhs.example").First(&promoted)
	if promoted.Status == bookingmodel.StatusWaitlisted || promoted.Status == bookingmodel.StatusCancelled {
		t.Fatalf("the waiting nurse was not given the held place: %+v", promoted)
	}
	told := e.waitForMails("p5@moorside.nhs.example", 2)
	if subj := told[len(told)-1].Subject; !strings.HasPrefix(subj, "You have a place: ") && !strings.HasPrefix(subj, "Confirm your place: ") {
		t.Fatalf("the promoted nurse was told %q", subj)
	}
	sess = bookingmodel.EngagementSession{}
	e.store.DB.First(&sess, o.Held.Sessions[0])
	if fmt.Sprint(sess.ReservedStaffGroups) != fmt.Sprint([]string{ahps, nurses}) || sess.ReservedShare != 50 {
		t.Fatalf("hold after second invitation %+v", sess)
	}
	// Without hold_places nothing is held and held is null.
	r = e.do("POST", "/api/v1/readiness/outreach", map[string]any{"milestone_id": f.milestone, "staff_group": medics}, "token", f.comms)
	if r.Status != 201 || !strings.Contains(string(r.Body), `"held":null`) {
		t.Fatalf("outreach without hold: %s", r)
	}
}

// TestReadinessInEvidencePackAndProgramme: the evidence pack has a "Readiness for
// go-live" section and readiness.csv (per group trained against target, feel ready
// withheld below 5); the public programme page lists the upcoming go-live with the
// organisation's overall share trained and no small counts.
func TestReadinessInEvidencePackAndProgramme(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newReadinessFixture(e)
	r := e.do("GET", "/api/v1/evidence-pack", nil, "token", f.comms)
	if r.Status != 200 {
		t.Fatalf("pack: %s", r)
	}
	files := unzip(t, r.Body)
	csv := files["readiness.csv"]
	for _, want := range []string{
		"milestone,organisation,site,go_live_on,staff_group,staff,trained,trained_percent,target,feel_ready",
		"Moorside EPR go-live,Moorside Hospitals,Moorside General," + f.goLive + ",Nursing and Midwifery Registered,9,fewer than 5,,80% (clinical sessions),38% feel ready",
		",Allied Health Professionals,8,fewer than 5,,50%,Not shown (fewer than 5 answered)",
		",Medical and Dental,fewer than 5,0,,None,Not shown (fewer than 5 answered)",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("readiness.csv lacks %q:\n%s", want, csv)
		}
	}
	report := files["report.html"]
	for _, want := range []string{`<h2 id="readiness">Readiness for go-live</h2>`, "Moorside EPR go-live: Moorside Hospitals, Moorside General",
		"9 weeks before go-live", "Second readiness pulse: 71% feel ready"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// A period that does not hold the go-live leaves it out.
	r = e.do("GET", "/api/v1/evidence-pack/report?from=2020-01-01&to=2020-02-01", nil, "token", f.comms)
	if r.Status != 200 || !strings.Contains(string(r.Body), "No go-live dates fall in this period.") {
		t.Errorf("report outside the period: %d", r.Status)
	}
	// The programme page: 6 of 17 targeted staff trained = 35%.
	r = e.do("GET", "/api/v1/programme", nil)
	want := fmt.Sprintf(`"go_lives":[{"name":"Moorside EPR go-live","organisation":"Moorside Hospitals","site":"Moorside General","go_live_on":"%s","days_to_go":63,"trained_percent":35}]`, f.goLive)
	if r.Status != 200 || !strings.Contains(string(r.Body), want) {
		t.Errorf("programme: %s\nwant %s", r, want)
	}
}

// TestReadinessBoardOrganisationPulse: a milestone no pulse names reads the latest pulse
// (naming no milestone) that its organisation's people answered; a pulse tied to another
// milestone is not it.
func TestReadinessBoardOrganisationPulse(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	f := newReadinessFixture(e)
	r := e.do("POST", "/api/v1/milestones", map[string]any{"organisation_id": f.other, "name": "Riverside go-live",
		"go_live_on": londonDateIn(10), "targets": []map[string]any{}}, "token", f.comms)
	if r.Status != 201 {
		t.Fatalf("milestone: %s", r)
	}
	var m struct{ ID uint }
	r.JSON(t, &m)
	db, now := e.store.DB, time.Now().UTC()
	var pid, q uint
	db.Raw(`INSERT INTO pulses (title, intro, opens_at, closes_at, open_token_hash, created_at, updated_at)
VALUES ('Trust-wide pulse', '', ?, ?, '', ?, ?) RETURNING id`, now.Add(-time.Hour), now.Add(time.Hour), now, now).Scan(&pid)
	db.Raw(`INSERT INTO pulse_questions (pulse_id, position, kind, prompt, options, min, max, ready_values)
VALUES (?, 1, 'single', 'Ready?', '["Yes","No"]', 0, 0, '[0]') RETURNING id`, pid).Scan(&q)
	for i := range 6 {
		var rid uint
		db.Raw(`INSERT INTO pulse_responses (pulse_id, source, organisation_id, staff_group, job_role, created_at, updated_at)
VALUES (?, 'open', ?, ?, '', ?, ?) RETURNING id`, pid, f.other, nurses, now, now).Scan(&rid)
		db.Exec(`INSERT INTO pulse_answers (pulse_id, response_id, question_id, value, text) VALUES (?, ?, ?, ?, '')`, pid, rid, q, i%2)
	}
	var b readinessBoardResult
	r = e.do("GET", fmt.Sprintf("/api/v1/readiness?milestone=%d", m.ID), nil, "token", f.comms)
	r.JSON(t, &b)
	if r.Status != 200 || b.LatestPulse == nil || b.LatestPulse.ID != pid || ptr(b.LatestPulse.ReadyPercent) != "50" ||
		len(b.Groups) != 1 || ptr(b.Groups[0].Pulse.ReadyPercent) != "50" || b.Groups[0].Pulse.PreviousReadyPercent != nil {
		t.Fatalf("board: %s", r)
	}
	if len(b.Gaps) != 0 || b.DaysToGo != 10 {
		t.Errorf("gaps %q, %d days", b.Gaps, b.DaysToGo)
	}
}
