package coverage

import (
	"sync"

	"gorm.io/gorm"
)

// Coverage funnel stages, in funnel order.
const (
	StageReached     = "reached"
	StageBooked      = "booked"
	StageAttended    = "attended"
	StageContributed = "contributed"
	StageAnswered    = "answered"
)

// CoverageStages lists the funnel in order.
var CoverageStages = []string{StageReached, StageBooked, StageAttended, StageContributed, StageAnswered}

// coverageSource is one area's contribution to one funnel stage: a SELECT returning rows
// (person_key, organisation_id, staff_group, occurred_at, category). person_key is the
// lower-cased email for a named person, or for an anonymous contribution a key that holds
// no "@" and so never matches a person (see docs/COVERAGE.md for what that means when
// counting). category is the session category, or NULL where the row has none (campaigns,
// feedback), and such rows are counted whatever category the page is filtered to. A source
// may return another column instead (bookings: session_id) and say in InCategory how a
// row's category is tested.
//
// Sources are plain SQL so the engine depends on the other areas' tables, not their Go
// code, and a source whose tables are missing (its area not installed) is simply skipped.
type coverageSource struct {
	Stage  string
	Name   string
	Tables []string
	SQL    string
	// Counted is when a row (s) counts at all; empty means always. InCategory is when it
	// counts in the category bound to "?"; empty means "s.category IS NULL OR
	// s.category = ?". Bookings name their session instead of joining it (a join would
	// lose the order of the index the count reads), and these test it.
	Counted, InCategory string
	// Uncategorised sources' rows have no category (category is NULL): they count in every.
	Uncategorised bool
	// OneCategory sources' rows count in one category at most (InCategory holds for one
	// at most) and only where Counted holds, which lets maskCountSQL test them in one CASE.
	OneCategory bool
	// Next, if set, is a later stage whose rows are this source's rows where Next.When
	// holds (attended bookings are the booked ones marked attended), counted in the same
	// pass, so the table is read and each person grouped once for both.
	Next *laterStage
}

// laterStage is a stage counted with the stage of a source: see coverageSource.Next.
type laterStage struct {
	Stage, Name, When string
}

func (src coverageSource) inCategory() string {
	if src.InCategory == "" {
		return "s.category IS NULL OR s.category = ?"
	}
	return src.InCategory
}

// inSession and bySession are Counted and InCategory for rows that carry their engagement
// session's id: as the join they replace, a row whose session is gone counts nowhere.
// Postgres evaluates each as one hashed look-up in the few sessions.
const (
	inSession = "s.session_id IN (SELECT es.id FROM engagement_sessions es)"
	bySession = "s.session_id IN (SELECT es.id FROM engagement_sessions es WHERE es.category = ?)"
)

// postCounts is when a feedback post counts at all: approved and not hidden, the posts
// anyone can see (issue 12, D8). A post waiting for moderation, refused or hidden is no
// evidence that anyone was heard, so it neither contributes nor is answered. It is the
// rule behind FeedbackPost.Public, written out so it holds whatever the column says.
const postCounts = "fp.approved = TRUE AND fp.hidden = FALSE"

// verifiedStages are the stages whose cells count verified contributions apart
// (coverageCounts keys them stage+VerifiedSuffix): a person whose email matches the
// directory entry (contact, else staff account) of the very cell they count in. Every
// other contribution there (anonymous, a workshop participant, a named poster with no
// directory entry or one in another cell) is self-declared. Targets on these stages are
// judged on verified people alone (docs/COVERAGE.md).
var verifiedStages = []string{StageContributed, StageAnswered}

// VerifiedSuffix marks a verified count's key in CoverageCell.Counts.
const VerifiedSuffix = ":verified"

// coverageSources are every source the engine knows. Each reads only stored columns.
var coverageSources = []coverageSource{
	{StageReached, "campaign recipients sent", []string{"campaign_recipients"}, `
SELECT LOWER(cr.email) AS person_key, cr.organisation_id, cr.staff_group, cr.sent_at AS occurred_at, CAST(NULL AS VARCHAR(20)) AS category
FROM campaign_recipients cr WHERE cr.state = 'sent' AND cr.sent_at IS NOT NULL`, "", "", true, false, nil},
	{StageBooked, "confirmed or attended bookings", []string{"bookings", "engagement_sessions"}, `
SELECT LOWER(b.email) AS person_key, b.organisation_id, b.staff_group, b.starts_at AS occurred_at,
 b.engagement_session_id AS session_id, b.attendance
FROM bookings b WHERE b.status = 'confirmed' OR b.attendance = 'attended'`, inSession, bySession, false, true,
		&laterStage{StageAttended, "attended bookings", "s.attendance = 'attended'"}},
	{StageContributed, "feedback posts", []string{"feedback_posts"}, `
SELECT CASE WHEN fp.email = '' THEN 'anon:post:' || CAST(fp.id AS VARCHAR(20)) ELSE LOWER(fp.email) END AS person_key,
 fp.organisation_id, fp.staff_group, fp.created_at AS occurred_at, CAST(NULL AS VARCHAR(20)) AS category
FROM feedback_posts fp WHERE ` + postCounts, "", "", true, false, nil},
	// A readiness pulse answered (issue 17): through a personal link the person is the
	// campaign recipient the link was sent to; through the open link, self-declared and
	// anonymous, each response counts once.
	{StageContributed, "readiness pulse answers", []string{"pulse_responses", "campaign_recipients"}, `
SELECT CASE WHEN cr.email IS NULL THEN 'anon:pulse:' || CAST(r.id AS VARCHAR(20)) ELSE LOWER(cr.email) END AS person_key,
 r.organisation_id, r.staff_group, r.created_at AS occurred_at, CAST(NULL AS VARCHAR(20)) AS category
FROM pulse_responses r LEFT JOIN campaign_recipients cr ON cr.id = r.campaign_recipient_id`, "", "", true, false, nil},
	{StageContributed, "workshop poll voters", []string{"poll_votes", "poll_participants", "polls", "workshops"}, `
SELECT DISTINCT 'anon:participant:' || CAST(pp.id AS VARCHAR(20)) AS person_key, pp.organisation_id, pp.staff_group,
 pp.created_at AS occurred_at, es.category
FROM poll_participants pp JOIN workshops w ON w.id = pp.workshop_id
LEFT JOIN engagement_sessions es ON es.id = w.session_id
WHERE EXISTS (SELECT 1 FROM poll_votes pv WHERE pv.participant_id = pp.id)`, "", "", false, false, nil},
	{StageContributed, "workshop questions", []string{"poll_questions", "poll_participants", "workshops"}, `
SELECT ` + questionKey + ` AS person_key, pp.organisation_id, COALESCE(pp.staff_group, '') AS staff_group,
 pq.created_at AS occurred_at, es.category
FROM poll_questions pq LEFT JOIN poll_participants pp ON pp.id = pq.participant_id
JOIN workshops w ON w.id = pq.workshop_id LEFT JOIN engagement_sessions es ON es.id = w.session_id
WHERE pq.status = 'approved'`, "", "", false, false, nil},
	{StageAnswered, "feedback replies", []string{"feedback_posts", "feedback_replies"}, `
SELECT CASE WHEN fp.email = '' THEN 'anon:post:' || CAST(fp.id AS VARCHAR(20)) ELSE LOWER(fp.email) END AS person_key,
 fp.organisation_id, fp.staff_group, fr.created_at AS occurred_at, CAST(NULL AS VARCHAR(20)) AS category
FROM feedback_replies fr JOIN feedback_posts fp ON fp.id = fr.post_id WHERE fr.from_poster = FALSE AND ` + postCounts, "", "", true, false, nil},
	{StageAnswered, "feedback actioned", []string{"feedback_posts"}, `
SELECT CASE WHEN fp.email = '' THEN 'anon:post:' || CAST(fp.id AS VARCHAR(20)) ELSE LOWER(fp.email) END AS person_key,
 fp.organisation_id, fp.staff_group, fp.actioned_at AS occurred_at, CAST(NULL AS VARCHAR(20)) AS category
FROM feedback_posts fp WHERE fp.actioned_at IS NOT NULL AND ` + postCounts, "", "", true, false, nil},
	{StageAnswered, "workshop questions answered", []string{"poll_questions", "poll_participants", "workshops"}, `
SELECT ` + questionKey + ` AS person_key, pp.organisation_id, COALESCE(pp.staff_group, '') AS staff_group,
 pq.updated_at AS occurred_at, es.category
FROM poll_questions pq LEFT JOIN poll_participants pp ON pp.id = pq.participant_id
JOIN workshops w ON w.id = pq.workshop_id LEFT JOIN engagement_sessions es ON es.id = w.session_id
WHERE pq.answered = TRUE AND pq.status = 'approved'`, "", "", false, false, nil},
	// A contribution a published decision links (directly, or a post through its theme)
	// was answered when the decision was published (issue 16). Each is a subset of its
	// contributed source, so answered stays within contributed.
	{StageAnswered, "feedback in a published decision", []string{"feedback_posts", "feedback_tags", "decision_links", "decisions"}, `
SELECT CASE WHEN fp.email = '' THEN 'anon:post:' || CAST(fp.id AS VARCHAR(20)) ELSE LOWER(fp.email) END AS person_key,
 fp.organisation_id, fp.staff_group, d.published_at AS occurred_at, CAST(NULL AS VARCHAR(20)) AS category
FROM decision_links dl JOIN decisions d ON d.id = dl.decision_id AND d.published_at IS NOT NULL
JOIN feedback_posts fp ON (dl.kind = 'post' AND fp.id = dl.target_id)
 OR (dl.kind = 'theme' AND fp.id IN (SELECT ft.post_id FROM feedback_tags ft WHERE ft.tag = dl.theme))
WHERE ` + postCounts, "", "", true, false, nil},
	{StageAnswered, "workshop votes in a published decision", []string{"poll_votes", "poll_participants", "workshops", "decision_links", "decisions"}, `
SELECT DISTINCT 'anon:participant:' || CAST(pp.id AS VARCHAR(20)) AS person_key, pp.organisation_id, pp.staff_group,
 d.published_at AS occurred_at, es.category
FROM decision_links dl JOIN decisions d ON d.id = dl.decision_id AND d.published_at IS NOT NULL
JOIN poll_votes pv ON dl.kind = 'poll' AND pv.poll_id = dl.target_id
JOIN poll_participants pp ON pp.id = pv.participant_id JOIN workshops w ON w.id = pp.workshop_id
LEFT JOIN engagement_sessions es ON es.id = w.session_id`, "", "", false, false, nil},
	{StageAnswered, "workshop questions in a published decision", []string{"poll_questions", "poll_participants", "workshops", "decision_links", "decisions"}, `
SELECT ` + questionKey + ` AS person_key, pp.organisation_id, COALESCE(pp.staff_group, '') AS staff_group,
 d.published_at AS occurred_at, es.category
FROM decision_links dl JOIN decisions d ON d.id = dl.decision_id AND d.published_at IS NOT NULL
JOIN poll_questions pq ON dl.kind = 'question' AND pq.id = dl.target_id
LEFT JOIN poll_participants pp ON pp.id = pq.participant_id
JOIN workshops w ON w.id = pq.workshop_id LEFT JOIN engagement_sessions es ON es.id = w.session_id
WHERE pq.status = 'approved'`, "", "", false, false, nil},
}

// questionKey is a workshop question's person_key: its participant's for a named question,
// its own for an anonymous one, which has no participant (polls.AskQuestion) and so
// counts once, in the totals only.
const questionKey = `CASE WHEN pq.participant_id IS NULL THEN 'anon:question:' || CAST(pq.id AS VARCHAR(20))
 ELSE 'anon:participant:' || CAST(pq.participant_id AS VARCHAR(20)) END`

// tableCache remembers which tables exist; the schema only changes at start-up migrations.
type tableCache struct {
	mu   sync.Mutex
	seen map[string]bool
}

var tablesByDB sync.Map // *gorm.DB's ConnPool -> *tableCache

func hasTables(db *gorm.DB, names ...string) bool {
	v, _ := tablesByDB.LoadOrStore(db.Config.ConnPool, &tableCache{seen: map[string]bool{}})
	c := v.(*tableCache)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range names {
		ok, known := c.seen[n]
		if !known {
			ok = db.Migrator().HasTable(n)
			c.seen[n] = ok
		}
		if !ok {
			return false
		}
	}
	return true
}

// activeSources returns the sources whose tables exist in this database.
func activeSources(db *gorm.DB) []coverageSource {
	var out []coverageSource
	for _, src := range coverageSources {
		if hasTables(db, src.Tables...) {
			out = append(out, src)
		}
	}
	return out
}

// CoverageSourceNames lists the installed sources by stage, so the page can say which
// parts of the funnel are measured.
func (s *Store) CoverageSourceNames() map[string][]string {
	out := map[string][]string{}
	for _, src := range activeSources(s.DB) {
		out[src.Stage] = append(out[src.Stage], src.Name)
		if src.Next != nil {
			out[src.Next.Stage] = append(out[src.Next.Stage], src.Next.Name)
		}
	}
	return out
}
