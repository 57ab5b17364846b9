package privacy

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/models"
)

// Kinds of personal data the retention policy covers, one row each.
const (
	KindBookings             = "bookings"
	KindWorkshopParticipants = "workshop_participants"
	KindCampaignRecipients   = "campaign_recipients"
	KindOutbox               = "outbox"
	KindFollowLinks          = "follow_links"
	KindPulseAnswers         = "pulse_answers"
	KindLeavers              = "leavers"
	KindAudit                = "audit"
	KindSignIn               = "sign_in"
)

// What happens to a record on its date.
const (
	ActionAnonymise = "anonymised"
	ActionDelete    = "deleted"
)

// Kind is one row of the policy: what the data is, why Confer keeps it, how long, after
// what, and what happens then. The words are the public privacy notice's and the admin
// page's, so they are written for the people the data is about.
type Kind struct {
	Kind    string      `json:"kind"`
	Label   string      `json:"label"`
	Keep    models.Span `json:"-"`
	After   string      `json:"after"`
	Action  string      `json:"action"`
	What    string      `json:"what"`
	Why     string      `json:"why"`
	Setting string      `json:"setting"`
}

// Due is the moment a record of this kind reaches its date at now: what happened at or
// before it is removed.
func (k Kind) Due(now time.Time) time.Time { return k.Keep.Before(now) }

// kindTexts are the policy's words, in the order the page lists them. Keep comes from the
// settings (web.RetentionSettings holds the defaults and variables).
var kindTexts = []Kind{
	{Kind: KindBookings, Label: "Bookings and attendance",
		After:  "the session",
		Action: ActionAnonymise,
		What:   "Names, email addresses, job roles and booking links are removed. The organisation, staff group, session, dates and attendance stay, so past coverage does not change.",
		Why:    "To run the session, send reminders and calendar changes, and answer questions about who came."},
	{Kind: KindWorkshopParticipants, Label: "Workshop participants who gave their name",
		After:  "the workshop",
		Action: ActionAnonymise,
		What:   "Names given in the workshop and on questions are removed. Organisation, staff group, votes and questions stay, so results and coverage do not change.",
		Why:    "To show names on questions during the workshop and follow up on them afterwards."},
	{Kind: KindCampaignRecipients, Label: "Campaign recipients and delivery events",
		After:  "the campaign was sent",
		Action: ActionAnonymise,
		What:   "Names, email addresses and delivery messages are removed. Organisation, staff group and whether each email was delivered, opened or clicked stay, so reach does not change.",
		Why:    "To show who a campaign reached, handle bounces and unsubscribes, and answer questions about what was sent."},
	{Kind: KindOutbox, Label: "Copies of emails sent",
		After:  "the email was sent",
		Action: ActionDelete,
		What:   "The copy of the email is deleted.",
		Why:    "To check an email went out when someone says they did not get it."},
	{Kind: KindFollowLinks, Label: "Follow-up links to feedback",
		After:  "the last activity on the post",
		Action: ActionDelete,
		What:   "The link stops working and is deleted. The post and its replies stay.",
		Why:    "So the person who posted, often anonymously, can read replies and answer them."},
	{Kind: KindPulseAnswers, Label: "Answers to readiness pulses",
		After:  "the pulse closed",
		Action: ActionAnonymise,
		What:   "The links to the person's contact record and campaign email, their job role and any written answers are removed. Organisation, staff group and the options chosen stay, so readiness results and trends do not change.",
		Why:    "So each person can change their answer while the pulse is open, and so the programme can see how ready each staff group felt before go-live."},
	{Kind: KindLeavers, Label: "Contacts who have left",
		After:  "a staff list import marked them as left",
		Action: ActionDelete,
		What:   "The contact is deleted.",
		Why:    "So a mistaken import can be put right before anyone is removed from the contact list."},
	{Kind: KindAudit, Label: "Audit trail",
		After:  "the action was recorded",
		Action: ActionDelete,
		What:   "The audit record is deleted.",
		Why:    "To show who did what with personal data, for investigations and information governance checks."},
	{Kind: KindSignIn, Label: "Sign-in links and signed-in sessions",
		After:  "the link expired or the session ended",
		Action: ActionDelete,
		What:   "The sign-in record is deleted.",
		Why:    "To sign team members in and keep them signed in."},
}

// Policy is every kind with how long it is kept, in the order the page lists them.
type Policy []Kind

// NewPolicy is the policy with the kept spans set (from web.Config.Retention); a kind
// missing from keep is left out (the settings name every kind).
func NewPolicy(keep map[string]models.Span, settings map[string]string) Policy {
	var p Policy
	for _, k := range kindTexts {
		sp, ok := keep[k.Kind]
		if !ok {
			continue
		}
		k.Keep, k.Setting = sp, settings[k.Kind]
		p = append(p, k)
	}
	return p
}

// Kind returns the policy's row for a kind.
func (p Policy) Kind(kind string) (Kind, bool) {
	for _, k := range p {
		if k.Kind == kind {
			return k, true
		}
	}
	return Kind{}, false
}

// Pruner removes the records of a kind kept in another area's tables, made at or before
// `before`, and says how many. The audit trail and the staff list's leavers are removed
// through one each (Hooks), set where the running system is built.
type Pruner func(ctx context.Context, before time.Time) (int64, error)

// Hooks are the pruners of kinds whose tables other parts of Confer own. A nil hook
// leaves its kind alone (its run records nothing for it).
type Hooks struct {
	Audit   Pruner // the audit trail's PruneAudit
	Leavers Pruner // contacts marked left by a staff list import
}
