package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
	coveragemodel "github.com/confer-nhs/confer/models/coverage"
	pollsmodel "github.com/confer-nhs/confer/models/polls"
	"github.com/confer-nhs/confer/models/storetest"
	"github.com/confer-nhs/confer/server/privacy"
)

// The subject of the erasure tests: an address and a name no fixture uses, so finding
// either in the database's bytes means it was left behind.
const (
	subjectEmail = "zephyrine.quokkaworth@trust.example.nhs.uk"
	subjectName  = "Zephyrine Quokkaworth"
)

// erasureEnv is a server over a store whose files the test can read: the SQLite file (and
// its -wal) or, on Postgres, the database pg_dump dumps.
type erasureEnv struct {
	*testEnv
	sqlitePath, pgURL string
}

func newErasureEnv(t *testing.T) *erasureEnv {
	t.Helper()
	ee := &erasureEnv{pgURL: storetest.NewDatabaseURL(t)}
	opts := models.OpenOptions{DatabaseURL: ee.pgURL}
	if ee.pgURL == "" {
		ee.sqlitePath = filepath.Join(t.TempDir(), "confer.db")
		opts.SQLitePath = ee.sqlitePath
	}
	store, err := models.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ee.testEnv = newTestEnvOn(t, store)
	return ee
}

// diskBytes is everything the database holds on disk, lower-cased: the SQLite file and
// its write-ahead log, or a pg_dump of the Postgres database.
func (ee *erasureEnv) diskBytes() []byte {
	t := ee.t
	t.Helper()
	if ee.pgURL == "" {
		var all []byte
		for _, p := range []string{ee.sqlitePath, ee.sqlitePath + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return bytes.ToLower(all)
	}
	out, err := exec.Command(pgDump(t), "--no-owner", "--dbname", ee.pgURL).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	return bytes.ToLower(out)
}

// pgDump finds pg_dump on PATH or in Debian's versioned directories. Under CI a missing
// pg_dump fails the test: the erasure check must not pass by skipping.
func pgDump(t *testing.T) string {
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return p
	}
	if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump"); len(m) > 0 {
		return m[len(m)-1]
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("pg_dump not found on PATH or in /usr/lib/postgresql/*/bin")
	}
	t.Skip("pg_dump not found")
	return ""
}

// seeded is what seedSubject made.
type seeded struct {
	org                   uint
	admin, anonFollow     string
	anonPostID, namedPost uint
}

// seedSubject puts the subject in every area, through the API where a person would:
// a contact from a staff list, a booking (with its confirmation email) on a session
// that has since happened and which they attended, two named posts and a reply mailed to
// them, a workshop participant who gave their name and asked a question, a campaign email
// with its open, click and bounce events. An anonymous post with a follow-up link and a
// bystander's records are seeded beside them.
func seedSubject(e *testEnv) seeded {
	t := e.t
	t.Helper()
	ctx := context.Background()
	var s seeded
	s.org = e.makeOrg("RQK")
	s.admin = e.tokenFor(models.RoleAdmin)
	comms := e.tokenFor(models.RoleComms)
	e.importCSV(comms, "Email,Name,Organisation Code,Staff Group,Job Role\n"+
		"Zephyrine.Quokkaworth@trust.example.nhs.uk,"+subjectName+",RQK,Nursing and Midwifery Registered,Ward Sister\n"+
		"bystander@trust.example.nhs.uk,Bea Stander,RQK,Nursing and Midwifery Registered,Staff Nurse\n")

	f := newSessionFixture(e, 10, nil)
	for _, who := range []map[string]any{
		person(1, "name", subjectName, "email", "Zephyrine.Quokkaworth@trust.example.nhs.uk", "organisation_id", s.org),
		person(2, "name", "Bea Stander", "email", "bystander@trust.example.nhs.uk", "organisation_id", s.org),
	} {
		if r, _ := f.book(f.slot.ID, who); r.Status != 201 {
			t.Fatalf("book: %s", r)
		}
	}
	e.waitForMail(subjectEmail, 0)
	past := time.Now().UTC().AddDate(0, 0, -10)
	mustExec(t, e.store, `UPDATE bookings SET starts_at = ?, ends_at = ?, attendance = 'attended'`, past, past.Add(time.Hour))
	mustExec(t, e.store, `UPDATE slots SET starts_at = ?, ends_at = ?`, past, past.Add(time.Hour))

	ch := e.newChannel(s.admin, map[string]any{"name": "Ward 7 feedback"})
	p1 := e.newPost(ch, map[string]any{"kind": "concern", "body": "Quokkaworth here: the night rota on ward 7 is unsafe.",
		"name": subjectName, "email": subjectEmail})
	e.newPost(ch, map[string]any{"kind": "idea", "body": "Another idea", "name": subjectName, "email": subjectEmail})
	s.namedPost = p1.ID
	before := e.waitForMail(subjectEmail, 0).ID
	if r := e.do("POST", fmt.Sprintf("/api/v1/posts/%d/replies", p1.ID),
		map[string]any{"body": "Thank you Zephyrine, we are looking at the rota.", "public": false}, "token", s.admin); r.Status != 201 {
		t.Fatalf("reply: %s", r)
	}
	e.waitForMail(subjectEmail, before)
	anon := e.newPost(ch, map[string]any{"kind": "concern", "body": "An anonymous worry about ward 9's staffing.", "anonymous": true})
	s.anonFollow, s.anonPostID = anon.FollowURL, anon.ID
	if r := e.do("POST", "/api/v1/follow/"+anon.FollowToken+"/replies", map[string]any{"body": "More detail from me, ward 9."}); r.Status != 201 {
		t.Fatalf("poster reply: %s", r)
	}
	mustExec(t, e.store, `UPDATE feedback_posts SET created_at = ?`, past)
	mustExec(t, e.store, `UPDATE feedback_replies SET created_at = ?`, past)

	polls := pollsmodel.Of(e.store)
	w, err := polls.CreateWorkshop(ctx, pollsmodel.WorkshopInput{Title: "EPR design workshop"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	pp, _, err := polls.NewParticipant(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pp, err = polls.UpdateParticipantProfile(ctx, pp.ID, pollsmodel.ProfileInput{DisplayName: subjectName}); err != nil {
		t.Fatal(err)
	}
	if _, err := polls.AskQuestionAs(ctx, pp, "Will Quokkaworth's ward get the new scanners?", "", false); err != nil {
		t.Fatal(err)
	}
	// A participant in another room who gave no name but left their address to hear of
	// decisions (issue 16): found and erased by the address.
	quiet, _, err := polls.NewParticipant(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	notify := "Zephyrine.Quokkaworth@trust.example.nhs.uk"
	if _, err := polls.UpdateParticipantProfile(ctx, quiet.ID, pollsmodel.ProfileInput{NotifyEmail: &notify, NotifyConsent: true}); err != nil {
		t.Fatal(err)
	}

	camp := e.approvedCampaign(comms, s.admin, newsletter("EPR news", "EPR news", "Hello"))
	var contactID uint
	e.store.DB.Raw(`SELECT id FROM contacts WHERE email = ?`, subjectEmail).Scan(&contactID)
	mustExec(t, e.store, `INSERT INTO campaign_recipients (campaign_id, contact_id, batch_seq, email, name, organisation_id,
 staff_group, state, error, sent_at, opened_at, clicked_at, bounced_at) VALUES (?, ?, 0, ?, ?, ?, 'Nursing and Midwifery Registered',
 'sent', 'mailbox zephyrine.quokkaworth@trust.example.nhs.uk full', ?, ?, ?, ?)`,
		camp.ID, contactID, subjectEmail, subjectName, s.org, past, past, past, past)
	var rid uint
	e.store.DB.Raw(`SELECT id FROM campaign_recipients WHERE email = ?`, subjectEmail).Scan(&rid)
	for i, ev := range []string{"open", "click", "bounce"} {
		mustExec(t, e.store, `INSERT INTO campaign_events (sg_event_id, event, campaign_id, recipient_id, email, occurred_at, created_at, outcome, reason, url)
 VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, '')`, fmt.Sprintf("ev%d", i), ev, camp.ID, rid, subjectEmail, past, past,
			"550 "+subjectEmail+" unknown")
	}
	return s
}

func mustExec(t *testing.T, store *models.Store, sql string, args ...any) {
	t.Helper()
	if err := store.DB.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// pastCoverage is the coverage of the last month, the stages' totals and each cell's
// counts. Verified counts are left out: the directory entry they are matched against is
// the contact that erasure deletes, so an erased person's place turns self-declared.
func pastCoverage(e *testEnv) map[string]int {
	e.t.Helper()
	from, to := time.Now().UTC().AddDate(0, -1, 0), time.Now().UTC().Add(-time.Hour)
	r, err := coveragemodel.Of(e.store).Coverage(context.Background(), coveragemodel.CoverageFilter{From: &from, To: &to})
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int{}
	for k, v := range r.Totals {
		out["total:"+k] = v
	}
	for _, c := range r.Cells {
		for k, v := range c.Counts {
			if !strings.HasSuffix(k, coveragemodel.VerifiedSuffix) {
				out[fmt.Sprintf("%d/%s:%s", c.OrganisationID, c.StaffGroup, k)] = v
			}
		}
	}
	return out
}

// TestSubjectErasureLeavesNothingOnDisk is the acceptance test of issue 14's erasure:
// after erasing an address, neither it nor the person's name is anywhere in the SQLite
// file (WAL included) or in a pg_dump, and past coverage is unchanged. It checks both were
// on disk before, so it can fail.
func TestSubjectErasureLeavesNothingOnDisk(t *testing.T) {
	t.Parallel()
	ee := newErasureEnv(t)
	s := seedSubject(ee.testEnv)
	needles := []string{subjectEmail, strings.ToLower(subjectName), "quokkaworth"}
	disk := ee.diskBytes()
	for _, n := range needles {
		if !bytes.Contains(disk, []byte(n)) {
			t.Fatalf("%q is not on disk before erasure: the check below could not fail", n)
		}
	}
	coverBefore := pastCoverage(ee.testEnv)
	if coverBefore["total:"+coveragemodel.StageBooked] == 0 || coverBefore["total:"+coveragemodel.StageContributed] == 0 ||
		coverBefore["total:"+coveragemodel.StageReached] == 0 || coverBefore["total:"+coveragemodel.StageAnswered] == 0 {
		t.Fatalf("the seed does not count in past coverage: %v", coverBefore)
	}

	var found privacy.SubjectResponse
	r := ee.do("GET", "/api/v1/privacy/subject?email=Zephyrine.Quokkaworth@trust.example.nhs.uk", nil, "token", s.admin)
	if r.Status != 200 {
		t.Fatalf("find: %s", r)
	}
	r.JSON(t, &found)
	want := map[string]int{"contacts": 1, "bookings": 1, "feedback_posts": 2, "feedback_replies": 1, "workshop_participants": 2,
		"workshop_questions": 1, "campaign_recipients": 1, "campaign_events": 3, "team_account": 0}
	for k, n := range want {
		if found.Counts[k] != n {
			t.Errorf("found %d %s, want %d (counts %v)", found.Counts[k], k, n, found.Counts)
		}
	}
	if found.Counts["outbox"] < 2 || found.Counts["feedback_follow_links"] < 2 {
		t.Errorf("outbox or follow links not found: %v", found.Counts)
	}

	r = ee.do("POST", "/api/v1/privacy/erase", map[string]any{"email": subjectEmail, "reason": "Request ref DP-2026-114"}, "token", s.admin)
	if r.Status != 200 {
		t.Fatalf("erase: %s", r)
	}
	var erased privacy.EraseResponse
	r.JSON(t, &erased)
	if erased.Total != found.Total || len(erased.Removed) == 0 {
		t.Fatalf("erased %d of %d found: %s", erased.Total, found.Total, r)
	}
	if strings.Contains(strings.ToLower(string(r.Body)), "quokkaworth") {
		t.Fatalf("the answer repeats the address or name: %s", r.Body)
	}
	// The erasure is one audit row about them, saying why, and holding no address.
	var row models.AuditEvent
	ee.store.DB.Where("action = ?", "privacy.erase").Order("id DESC").First(&row)
	if row.SubjectKey != models.SubjectKey(subjectEmail) || row.Summary != fmt.Sprintf("erased %d records; reason: Request ref DP-2026-114", erased.Total) {
		t.Errorf("the erasure's audit row: %+v", row)
	}

	disk = ee.diskBytes()
	for _, n := range needles {
		if i := bytes.Index(disk, []byte(n)); i >= 0 {
			t.Errorf("%q is still on disk after erasure: …%q…", n, disk[max(0, i-80):min(len(disk), i+80)])
		}
	}
	if after := pastCoverage(ee.testEnv); !maps.Equal(after, coverBefore) {
		t.Errorf("past coverage changed:\nbefore %v\nafter  %v", coverBefore, after)
	}
	// The bystander and the anonymous post are untouched; the erased rows are still counted.
	var n int64
	ee.store.DB.Raw(`SELECT COUNT(*) FROM bookings WHERE email = 'bystander@trust.example.nhs.uk'`).Scan(&n)
	if n != 1 {
		t.Errorf("the bystander's booking went: %d", n)
	}
	ee.store.DB.Raw(`SELECT COUNT(*) FROM feedback_posts`).Scan(&n)
	if n != 3 {
		t.Errorf("posts after erasure: %d, want 3 (kept, anonymised)", n)
	}
	r = ee.do("GET", "/api/v1/privacy/subject?email="+subjectEmail, nil, "token", s.admin)
	r.JSON(t, &found)
	// Only the audit trail's rows about them are left (the lookups and the erasure): they
	// hold no address or name.
	if found.Total != 0 || found.Counts["audit"] < 2 {
		t.Errorf("found after erasure: %v", found.Counts)
	}
	if r := ee.do("POST", "/api/v1/privacy/erase", map[string]any{"email": subjectEmail, "reason": "again"}, "token", s.admin); r.Status != 404 {
		t.Errorf("erasing again: %s, want 404", r)
	}
}

// TestSubjectExportZip: the export is a zip attachment with a README, the counts and a
// JSON and CSV file per area with rows; the JSON parses and the CSV is guarded against
// formula injection.
func TestSubjectExportZip(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	s := seedSubject(e)
	mustExec(t, e.store, `UPDATE contacts SET job_role = '=HYPERLINK("http://evil.example")' WHERE email = ?`, subjectEmail)
	r := e.do("GET", "/api/v1/privacy/subject/export?email="+subjectEmail, nil, "token", s.admin)
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/zip" ||
		!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export: %d %v", r.Status, r.Header)
	}
	z, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	for _, name := range []string{"README.txt", "subject.json", "contacts.json", "contacts.csv", "bookings.json",
		"feedback_posts.csv", "campaign_events.json", "workshop_participants.json", "outbox.json"} {
		if _, ok := files[name]; !ok {
			t.Errorf("zip lacks %s (has %v)", name, fileNames(files))
		}
	}
	var bookings []map[string]string
	if err := json.Unmarshal([]byte(files["bookings.json"]), &bookings); err != nil || len(bookings) != 1 ||
		bookings[0]["email"] != subjectEmail || bookings[0]["name"] != subjectName {
		t.Errorf("bookings.json: %v %v", err, files["bookings.json"])
	}
	var summary struct{ Counts map[string]int }
	if err := json.Unmarshal([]byte(files["subject.json"]), &summary); err != nil || summary.Counts["feedback_posts"] != 2 {
		t.Errorf("subject.json: %v %s", err, files["subject.json"])
	}
	if !strings.Contains(files["contacts.csv"], `'=HYPERLINK`) {
		t.Errorf("contacts.csv is not guarded: %s", files["contacts.csv"])
	}
	if !strings.Contains(files["README.txt"], "Bookings and waiting-list places: 1 record") {
		t.Errorf("README: %s", files["README.txt"])
	}
}

func fileNames(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestSubjectAnonymousFollowLink: an anonymous poster who gives their follow-up link is
// found through the link's token (stored hashed), and erasing removes the text of their
// post and replies and the link itself, keeping the post counted.
func TestSubjectAnonymousFollowLink(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	s := seedSubject(e)
	var found privacy.SubjectResponse
	r := e.do("GET", "/api/v1/privacy/subject?follow="+s.anonFollow, nil, "token", s.admin)
	r.JSON(t, &found)
	if r.Status != 200 || found.Counts["feedback_posts"] != 1 || found.Counts["feedback_replies"] != 1 ||
		found.Counts["feedback_follow_links"] != 1 || found.Counts["contacts"] != 0 || !found.Follow {
		t.Fatalf("find by follow link: %s", r)
	}
	if found.Areas[0].Key == "" || !strings.Contains(string(r.Body), "ward 9") {
		t.Fatalf("the post is not in the findings: %s", r)
	}
	r = e.do("POST", "/api/v1/privacy/erase", map[string]any{"follow": s.anonFollow, "reason": "Poster asked by email"}, "token", s.admin)
	if r.Status != 200 {
		t.Fatalf("erase: %s", r)
	}
	var body string
	e.store.DB.Raw(`SELECT body FROM feedback_posts WHERE id = ?`, s.anonPostID).Scan(&body)
	if strings.Contains(body, "ward 9") {
		t.Errorf("post text kept: %q", body)
	}
	var n int64
	e.store.DB.Raw(`SELECT COUNT(*) FROM feedback_replies WHERE body LIKE '%ward 9%'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d replies keep their text", n)
	}
	if r := e.do("GET", "/api/v1/privacy/subject?follow="+s.anonFollow, nil, "token", s.admin); !strings.Contains(string(r.Body), `"total":0`) {
		t.Errorf("the link still finds something: %s", r)
	}
	// The named subject's records are untouched by the anonymous erasure.
	e.store.DB.Raw(`SELECT COUNT(*) FROM feedback_posts WHERE email = ?`, subjectEmail).Scan(&n)
	if n != 2 {
		t.Errorf("named posts after the anonymous erasure: %d", n)
	}
}

// TestSubjectRequests: bad input is a 4xx naming the field and erases nothing; only
// admins may look, export or erase; a team member with a role is not erased.
func TestSubjectRequests(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	s := seedSubject(e)
	comms := e.tokenFor(models.RoleComms)
	facilitator := e.tokenFor(models.RoleFacilitator)
	_, colleague := e.userToken(models.RoleComms, s.org)
	erase := "/api/v1/privacy/erase"
	e.run([]scenario{
		{name: "no email", method: "GET", url: "/api/v1/privacy/subject", headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"email"`}},
		{name: "bad email", method: "GET", url: "/api/v1/privacy/subject?email=not-an-address", headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"email"`}},
		{name: "bad follow link", method: "GET", url: "/api/v1/privacy/subject?follow=https://x.example/nothing", headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"follow"`}},
		{name: "no reason", method: "POST", url: erase, body: map[string]any{"email": subjectEmail}, headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"reason"`}},
		{name: "blank reason", method: "POST", url: erase, body: map[string]any{"email": subjectEmail, "reason": "  "}, headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"reason"`}},
		{name: "reason quotes the address", method: "POST", url: erase, body: map[string]any{"email": subjectEmail, "reason": "asked by " + subjectEmail}, headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"reason"`}},
		{name: "both email and link", method: "POST", url: erase, body: map[string]any{"email": subjectEmail, "follow": s.anonFollow, "reason": "x"}, headers: []string{"token", s.admin}, status: 422, contains: []string{`"field":"email"`}},
		{name: "unknown field", method: "POST", url: erase, body: map[string]any{"email": subjectEmail, "reason": "x", "force": true}, headers: []string{"token", s.admin}, status: 400},
		{name: "team member with a role", method: "POST", url: erase, body: map[string]any{"email": colleague.Email, "reason": "x"}, headers: []string{"token", s.admin}, status: 409, contains: []string{"Remove their role first", `"field":"email"`}},
		{name: "comms may not look", method: "GET", url: "/api/v1/privacy/subject?email=" + subjectEmail, headers: []string{"token", comms}, status: 403},
		{name: "facilitator may not export", method: "GET", url: "/api/v1/privacy/subject/export?email=" + subjectEmail, headers: []string{"token", facilitator}, status: 403},
		{name: "comms may not erase", method: "POST", url: erase, body: map[string]any{"email": subjectEmail, "reason": "x"}, headers: []string{"token", comms}, status: 403},
		{name: "no one signed in", method: "GET", url: "/api/v1/privacy/subject?email=" + subjectEmail, status: 401},
	})
	var n int64
	e.store.DB.Raw(`SELECT COUNT(*) FROM contacts WHERE email = ?`, subjectEmail).Scan(&n)
	if n != 1 {
		t.Fatalf("a refused request erased the contact")
	}
	r := e.do("GET", "/api/v1/privacy/subject?email="+colleague.Email, nil, "token", s.admin)
	if !strings.Contains(string(r.Body), "Remove their role first") {
		t.Errorf("findings for a team member do not say why erasure is refused: %s", r)
	}
}

// TestSubjectFormerTeamMember: once their role is removed, a former team member is erased:
// their sign-in links, sessions and API tokens go, their account keeps its row (what they
// made points at it) without their name or address, and their token no longer works.
func TestSubjectFormerTeamMember(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	token, p := e.userToken(models.RoleComms, 0)
	e.signIn(p.Email)
	mustExec(t, e.store, `UPDATE people SET role = '', name = 'Perpetua Glimmerstone' WHERE id = ?`, p.ID)
	var found privacy.SubjectResponse
	e.do("GET", "/api/v1/privacy/subject?email="+p.Email, nil, "token", admin).JSON(t, &found)
	if found.Blocker != "" || found.Counts["team_account"] != 1 || found.Counts["sign_ins"] < 3 {
		t.Fatalf("findings for a former team member: %+v", found)
	}
	if r := e.do("POST", "/api/v1/privacy/erase", map[string]any{"email": p.Email, "reason": "Left the trust"}, "token", admin); r.Status != 200 {
		t.Fatalf("erase: %s", r)
	}
	var row models.Person
	if err := e.store.DB.First(&row, p.ID).Error; err != nil {
		t.Fatal(err)
	}
	if row.Name != "" || strings.Contains(row.Email, "@") {
		t.Errorf("account kept %q %q", row.Name, row.Email)
	}
	var n int64
	e.store.DB.Raw(`SELECT (SELECT COUNT(*) FROM api_tokens WHERE person_id = ?) + (SELECT COUNT(*) FROM web_sessions WHERE person_id = ?)
 + (SELECT COUNT(*) FROM sign_in_tokens WHERE email = ?)`, p.ID, p.ID, p.Email).Scan(&n)
	if n != 0 {
		t.Errorf("%d sign-ins left", n)
	}
	if r := e.do("GET", "/api/v1/me", nil, "token", token); r.Status != 401 {
		t.Errorf("the erased person's token still works: %s", r)
	}
}

// TestSubjectUpcomingBooking: a place still to come is named in the findings' warnings,
// and erasing keeps it held anonymously with no reminder left to send to the pseudonym.
func TestSubjectUpcomingBooking(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	f := newSessionFixture(e, 5, nil)
	if r, _ := f.book(f.slot.ID, person(1, "email", subjectEmail, "name", subjectName)); r.Status != 201 {
		t.Fatal(r)
	}
	var found privacy.SubjectResponse
	e.do("GET", "/api/v1/privacy/subject?email="+subjectEmail, nil, "token", admin).JSON(t, &found)
	if len(found.Warnings) != 1 || !strings.Contains(found.Warnings[0], "They have 1 booking for sessions still to come") {
		t.Fatalf("warnings: %q", found.Warnings)
	}
	if r := e.do("POST", "/api/v1/privacy/erase", map[string]any{"email": subjectEmail, "reason": "Asked in person"}, "token", admin); r.Status != 200 {
		t.Fatalf("erase: %s", r)
	}
	var unreminded int64
	e.store.DB.Raw(`SELECT COUNT(*) FROM bookings WHERE reminder_sent_at IS NULL`).Scan(&unreminded)
	if unreminded != 0 {
		t.Errorf("%d erased bookings still due a reminder", unreminded)
	}
	if slot := e.slotRow(f.slot.ID); slot.Confirmed != 1 {
		t.Errorf("the anonymous place is not held: %+v", slot)
	}
}

// TestSubjectLogsNoAddress: looking someone up, exporting and erasing them write nothing
// about them to Confer's log (debug level included), not even the address in the query.
func TestSubjectLogsNoAddress(t *testing.T) {
	t.Parallel()
	e, logs := newLoggedTestEnv(t)
	admin := e.tokenFor(models.RoleAdmin)
	e.importCSV(admin, "Email,Name\n"+subjectEmail+","+subjectName+"\n")
	for _, r := range []resp{
		e.do("GET", "/api/v1/privacy/subject?email="+subjectEmail, nil, "token", admin),
		e.do("GET", "/api/v1/privacy/subject/export?email="+subjectEmail, nil, "token", admin),
		e.do("POST", "/api/v1/privacy/erase", map[string]any{"email": subjectEmail, "reason": "Ref 7"}, "token", admin),
	} {
		if r.Status != 200 {
			t.Fatalf("request: %d", r.Status)
		}
	}
	if out := strings.ToLower(logs.String()); strings.Contains(out, "quokkaworth") {
		t.Fatalf("the log names the person:\n%s", out)
	}
	if logs.String() == "" {
		t.Fatal("nothing was logged at all: the check above could not fail")
	}
}
