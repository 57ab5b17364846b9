package coveragetest

import (
	"fmt"
	"time"
)

// bookings: a clinical session (Oct 10, and an upcoming time) and a technical one (Oct 12).
func (b *builder) bookings() {
	session := func(title, category string) uint {
		return b.insert("engagement_sessions", map[string]any{"title": title, "description": "About " + title,
			"category": category, "format": "virtual", "meeting_url": "https://meet.example/x", "staff_groups": "[]",
			"restrict_to_organisations": false, "created_at": Oct5, "updated_at": Oct5})
	}
	b.f.Clinical, b.f.Technical = session("Clinical pathways", "clinical"), session("Digital records", "technical")
	slot := func(sess uint, at time.Time) uint {
		return b.insert("slots", map[string]any{"engagement_session_id": sess, "starts_at": at, "ends_at": at.Add(time.Hour),
			"capacity": 30, "confirmed": 0, "created_at": Oct5, "updated_at": Oct5})
	}
	sl1, sl2 := slot(b.f.Clinical, Oct10), slot(b.f.Technical, Oct12)
	slot(b.f.Clinical, Later)
	n := 0
	book := func(slotID, sess uint, email string, org *uint, group, status, attendance string, at time.Time) {
		n++
		b.insert("bookings", map[string]any{"slot_id": slotID, "engagement_session_id": sess, "name": "Booker",
			"email": email, "organisation_id": org, "staff_group": group, "job_role": "Nurse", "status": status,
			"attendance": attendance, "manage_hash": fmt.Sprintf("hash-%d", n), "calendar_uid": fmt.Sprintf("uid-%d", n),
			"starts_at": at, "ends_at": at.Add(time.Hour), "created_at": Oct5, "updated_at": Oct5})
	}
	a, c, t := &b.f.Alpha, b.f.Clinical, b.f.Technical
	book(sl1, c, "a-n1@alpha.example", a, Nursing, "confirmed", "attended", Oct10)
	book(sl2, t, "a-n1@alpha.example", a, Nursing, "confirmed", "attended", Oct12)
	book(sl1, c, "a-n2@alpha.example", a, Nursing, "confirmed", "attended", Oct10)
	book(sl1, c, "a-n3@alpha.example", a, Nursing, "confirmed", "no_show", Oct10)
	book(sl1, c, "a-n4@alpha.example", a, Nursing, "confirmed", "", Oct10)
	book(sl1, c, "a-n5@alpha.example", a, Nursing, "cancelled", "", Oct10)
	book(sl1, c, "a-n6@alpha.example", a, Nursing, "waitlisted", "", Oct10)
	book(sl2, t, "a-n7@alpha.example", a, Nursing, "confirmed", "", Oct12)
	for i := 1; i <= 5; i++ {
		book(sl2, t, fmt.Sprintf("a-m%d@alpha.example", i), a, Medical, "confirmed", "attended", Oct12)
	}
	book(sl1, c, "b-a1@beta.example", nil, "", "confirmed", "attended", Oct10)
	book(sl1, c, "staff1@beta.example", nil, "", "confirmed", "", Oct10)
	book(sl1, c, "outsider@else.example", nil, "", "confirmed", "", Oct10)
}

// feedback: named posts (one email in mixed case, one with no organisation), anonymous
// posts with and without a stated group, replies and an action.
func (b *builder) feedback() {
	ch := b.insert("feedback_channels", map[string]any{"name": "General", "description": "Anything", "audience": "both",
		"allow_anonymous": true, "require_approval": false, "created_at": Oct5, "updated_at": Oct5})
	now := time.Now().UTC()
	post := func(body, name, email string, org *uint, group string) uint {
		return b.insert("feedback_posts", map[string]any{"channel_id": ch, "kind": "idea", "body": body,
			"anonymous": email == "", "name": name, "email": email, "organisation_id": org, "staff_group": group,
			"status": "new", "approved": true, "public": true, "created_at": now, "updated_at": now})
	}
	a, be := &b.f.Alpha, &b.f.Beta
	p1 := post("More parking please", "A N1", "A-N1@Alpha.Example", a, Nursing)
	post("And longer shifts", "A N1", "a-n1@alpha.example", a, Nursing)
	p3 := post("Rota changes come too late", "B A2", "B-A2@BETA.example", nil, "")
	p4 := post("The canteen closes early", "", "", be, Admin)
	post("Training is hard to book", "", "", be, Admin)
	post("Nobody told us", "", "", nil, "")
	p7 := post("Parking at night is unsafe", "A N3", "a-n3@alpha.example", a, Nursing)
	for i := 4; i <= 6; i++ {
		post("Idea", "A N", fmt.Sprintf("a-n%d@alpha.example", i), a, Nursing)
	}
	reply := func(postID uint, public bool) {
		b.insert("feedback_replies", map[string]any{"post_id": postID, "body": "Thank you", "public": public,
			"from_poster": false, "author_name": "Programme team", "created_at": now})
	}
	reply(p1, false)
	reply(p4, true)
	// Posts that do not count (D8): hidden by a moderator, and waiting for approval with a
	// team reply; both state Beta admin, where they would otherwise contribute.
	hidden := post("Spam spam spam", "", "", be, Admin)
	pending := post("Waiting for a moderator", "B A3", "b-a3@beta.example", be, Admin)
	if err := b.s.DB.Exec(`UPDATE feedback_posts SET hidden = TRUE, hidden_reason = 'spam', public = FALSE WHERE id = ?`, hidden).Error; err != nil {
		b.t.Fatal(err)
	}
	if err := b.s.DB.Exec(`UPDATE feedback_posts SET approved = FALSE, public = FALSE WHERE id = ?`, pending).Error; err != nil {
		b.t.Fatal(err)
	}
	reply(pending, false)
	if err := b.s.DB.Exec(`UPDATE feedback_posts SET status = 'actioned', action_taken = ?, actioned_at = ? WHERE id = ?`,
		"Security patrols the car park at night", now, p7).Error; err != nil {
		b.t.Fatal(err)
	}
	b.insert("feedback_tags", map[string]any{"post_id": p7, "tag": "parking"})
	b.insert("feedback_tags", map[string]any{"post_id": p3, "tag": "rota"})
}

// workshops: one workshop in the clinical session; participant 1 (Alpha nursing) votes,
// participant 2 (Alpha nursing) only joins, participant 3 (Alpha medical) asks a question
// that is answered.
func (b *builder) workshops() {
	w := b.insert("workshops", map[string]any{"title": "Pathways workshop", "session_id": b.f.Clinical,
		"join_code": "ABC123", "created_by_id": 1, "created_at": Oct10, "updated_at": Oct10})
	poll := b.insert("polls", map[string]any{"workshop_id": w, "kind": "choice", "question": "Which first?",
		"options": `["A","B"]`, "state": "open", "created_at": Oct10, "updated_at": Oct10})
	part := func(hash string, group string) uint {
		return b.insert("poll_participants", map[string]any{"workshop_id": w, "token_hash": hash,
			"organisation_id": b.f.Alpha, "staff_group": group, "created_at": Oct10})
	}
	p1, p2, p3 := part("h1", Nursing), part("h2", Nursing), part("h3", Medical)
	b.insert("poll_votes", map[string]any{"poll_id": poll, "participant_id": p1, "choices": "0",
		"created_at": Oct10, "updated_at": Oct10})
	b.insert("poll_questions", map[string]any{"workshop_id": w, "participant_id": p3, "text": "Why now?",
		"status": "approved", "answered": true, "created_at": Oct10, "updated_at": Oct10})
	// Participant 2's questions were hidden and left pending: neither counts.
	for _, st := range []string{"hidden", "pending"} {
		b.insert("poll_questions", map[string]any{"workshop_id": w, "participant_id": p2, "text": "Buy my product",
			"status": st, "answered": st == "hidden", "created_at": Oct10, "updated_at": Oct10})
	}
}
