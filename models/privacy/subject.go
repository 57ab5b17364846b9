package privacy

// Subject access and erasure: what Confer holds about one person, found by their email
// address, or for an anonymous poster by a follow-up link of theirs.
//
// Every table that holds personal data (read from models/**/*.go and models/migrations),
// and what erasing does to it:
//
//	contacts                 email, name, job role, area of work, staff number   deleted
//	people                   team accounts: email, name, job role               refused while they have a role; otherwise anonymised (row kept: other rows point at it)
//	sign_in_tokens           email                                              deleted
//	web_sessions, api_tokens the person's sign-ins                              deleted
//	bookings                 name, email, job role, organizer's name and email  anonymised: organisation, staff group, session, status and attendance kept
//	booking_links            hashes of links mailed about a booking             deleted
//	feedback_posts           name, email, the post's text                       anonymised: kind, status, channel, organisation, staff group, "me too" count kept
//	feedback_replies         replies on their posts (the text)                  text removed, reply kept (it counts as answered)
//	feedback_follow_links    hashes of their follow-up links                    deleted
//	feedback_moderations     the reason a post was hidden (may quote it)        reason removed
//	poll_participants        the name a workshop participant gave, notify_email name and address removed, row kept (votes and coverage point at it)
//	poll_questions           the name given with a question, its text           both removed, row kept
//	campaign_recipients      email, name, delivery errors                       anonymised: organisation, staff group, dates kept
//	campaign_events          email, bounce or drop reason                       anonymised: event and date kept
//	pulse_responses/answers  answers through their personal pulse links         unlinked (see subject_pulses.go): choices, organisation and staff group kept, written answers removed
//	outbox_messages          every message to the address or naming it          deleted
//	audit_events             subject_key (a digest of the address, no email)    kept: the trail is append-only and names no one
//
// Rows kept for counts take one pseudonym per erasure in place of the address, a random
// "erased-…" key with no "@": coverage counts distinct people by lower-cased email
// (models/coverage/coverage_source.go), so one person's rows still count as one person,
// and their organisation and staff group are first filled in from the directory as
// coverage would (directoryFill), so past totals do not change.
//
// Workshop participants and named posts without an email hold no address, only a name:
// they are found by the names the address was given with anywhere else (contacts, team
// account, bookings, posts, campaign recipients), and the findings show them so an admin
// can see what will go.

import (
	"net/url"
	"strings"

	"github.com/confer-nhs/confer/models"
)

// Subject is who a request is about: an email address, or a follow-up token.
type Subject struct {
	Email  string // lower-cased; "" when asked by follow-up link
	Follow string // the raw follow-up token; "" when asked by email
}

// ParseSubject reads an email or a follow-up link (or its token) as typed by an admin.
func ParseSubject(email, follow string) (Subject, error) {
	email, follow = strings.TrimSpace(email), strings.TrimSpace(follow)
	switch {
	case email != "" && follow != "":
		return Subject{}, models.Invalid("email", "enter an email address or a follow-up link, not both")
	case email != "":
		e, err := models.ParseEmail("email", email)
		if err != nil {
			return Subject{}, err
		}
		return Subject{Email: models.NormaliseEmail(e)}, nil
	case follow != "":
		token := followToken(follow)
		if token == "" {
			return Subject{}, models.Invalid("follow", "enter the follow-up link as the person gave it, starting with https://")
		}
		return Subject{Follow: token}, nil
	}
	return Subject{}, models.Invalid("email", "enter an email address")
}

// followToken takes the token out of a follow-up link (…/feedback/follow/fb_…) or returns
// a bare token as given.
func followToken(s string) string {
	if u, err := url.Parse(s); err == nil && u.Path != "" {
		s = u.Path
	}
	s = strings.TrimRight(s, "/")
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	if !strings.HasPrefix(s, "fb_") || len(s) < 10 {
		return ""
	}
	return s
}

// Area is one kind of record found about a person: its rows as text (the first column
// is the row's id) and what erasing it does.
type Area struct {
	Key     string     `json:"key"`
	Title   string     `json:"title"`
	Count   int        `json:"count"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Erasure string     `json:"erasure"` // what erasing does to these rows
	ids     []uint64
}

// Findings are everything found about a subject, one Area per kind of record (empty ones
// included, so the page can say "none").
type Findings struct {
	Subject Subject
	Names   []string // the names the address was given with, lower-cased
	Areas   []*Area
	// Blocker is why erasing is refused (a team account with a role), or "".
	Blocker string
	// Warnings are what an admin should know before erasing (places still held).
	Warnings []string
}

// Area returns the findings of one kind by key (nil if that kind is not installed).
func (f *Findings) Area(key string) *Area {
	for _, a := range f.Areas {
		if a.Key == key {
			return a
		}
	}
	return nil
}

// Counts are the number of rows found per area.
func (f *Findings) Counts() map[string]int {
	out := make(map[string]int, len(f.Areas))
	for _, a := range f.Areas {
		out[a.Key] = a.Count
	}
	return out
}

// Total is the number of rows found that erasure removes or anonymises: the audit trail's
// rows about the person are shown but not counted, as they hold no address or name and
// stay (every lookup and erasure adds one).
func (f *Findings) Total() int {
	n := 0
	for _, a := range f.Areas {
		if a.Key != auditKey {
			n += a.Count
		}
	}
	return n
}

// auditKey names the audit trail's area in the findings: shown, never erased.
const auditKey = "audit"
