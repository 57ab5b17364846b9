package campaigns

import (
	"strings"
	"unicode/utf8"
)

// Event outcomes: what one SendGrid event means for its recipient and their contact.
// SendGrid's names alone mislead: a "bounce" may be a temporary block, and a "dropped"
// may be SendGrid refusing our account (over quota, content flagged), not the address.
const (
	OutcomeProcessed     = "processed"
	OutcomeDelivered     = "delivered"
	OutcomeDeferred      = "deferred" // the receiving server said try later; SendGrid retries
	OutcomeOpened        = "opened"
	OutcomeMachineOpened = "machine_opened" // Apple Mail privacy fetched the pixel: nobody read it
	OutcomeClicked       = "clicked"
	OutcomeBounced       = "bounced"      // the address does not work: suppressed
	OutcomeSpamAddress   = "spam_address" // dropped: the address reported spam before; suppressed
	OutcomeBlocked       = "blocked"      // a temporary block (4.x.x): not suppressed
	OutcomeDropped       = "dropped"      // SendGrid refused it for a reason on our side: not suppressed
	OutcomeSpamReported  = "spam_reported"
	OutcomeUnsubscribed  = "unsubscribed"
	OutcomeResubscribed  = "resubscribed"
	OutcomeIgnored       = "ignored"
)

// outcomeEffect is what an outcome does: the recipient column it sets (first time only)
// and the suppression it puts on the contact.
type outcomeEffect struct {
	column   string
	suppress string
}

var outcomeEffects = map[string]outcomeEffect{
	OutcomeProcessed:     {column: "sent_at"},
	OutcomeDelivered:     {column: "delivered_at"},
	OutcomeDeferred:      {column: "deferred_at"},
	OutcomeOpened:        {column: "opened_at"},
	OutcomeMachineOpened: {column: "machine_opened_at"},
	OutcomeClicked:       {column: "clicked_at"},
	OutcomeBounced:       {column: "bounced_at", suppress: "bounced"},
	OutcomeSpamAddress:   {column: "bounced_at", suppress: "spam_reported"},
	OutcomeBlocked:       {column: "blocked_at"},
	OutcomeDropped:       {column: "dropped_at"},
	OutcomeSpamReported:  {column: "spam_reported_at", suppress: "spam_reported"},
}

// EventFacts are the fields of a SendGrid event that decide its outcome: the event name,
// a bounce's type ("bounce" or "blocked") and enhanced status, a drop's reason, and an
// open's sg_machine_open flag.
type EventFacts struct {
	Event, Type, Status, Reason string
	MachineOpen                 bool
}

// dropOutcomes are the drop reasons that concern the address; any other reason
// ("Recipient List over Package Quota", "Spam Content", "Invalid SMTPAPI header", or one
// SendGrid adds later) is about our account or content, and suppresses nobody.
var dropOutcomes = map[string]string{
	"bounced address":        OutcomeBounced,
	"invalid":                OutcomeBounced,
	"spam reporting address": OutcomeSpamAddress,
	"unsubscribed address":   OutcomeUnsubscribed,
}

// DropReasonKey is a drop reason compared without case or surrounding space.
func DropReasonKey(reason string) string { return strings.ToLower(strings.TrimSpace(reason)) }

// ClassifyEvent works out what a SendGrid event means, and the reason worth keeping.
func ClassifyEvent(f EventFacts) (outcome, reason string) {
	switch f.Event {
	case "processed", "delivered", "deferred", "click":
		return map[string]string{"processed": OutcomeProcessed, "delivered": OutcomeDelivered,
			"deferred": OutcomeDeferred, "click": OutcomeClicked}[f.Event], ""
	case "open":
		if f.MachineOpen {
			return OutcomeMachineOpened, ""
		}
		return OutcomeOpened, ""
	case "bounce":
		t := strings.ToLower(strings.TrimSpace(f.Type))
		if t == "blocked" || (t != "bounce" && strings.HasPrefix(strings.TrimSpace(f.Status), "4")) {
			return OutcomeBlocked, cut(f.Type, 200)
		}
		return OutcomeBounced, cut(f.Type, 200)
	case "dropped":
		reason = cut(strings.TrimSpace(f.Reason), 200)
		if o, ok := dropOutcomes[DropReasonKey(reason)]; ok {
			return o, reason
		}
		if reason == "" {
			reason = "No reason given"
		}
		return OutcomeDropped, reason
	case "spamreport":
		return OutcomeSpamReported, ""
	case "unsubscribe", "group_unsubscribe":
		return OutcomeUnsubscribed, ""
	case "group_resubscribe":
		return OutcomeResubscribed, ""
	}
	return OutcomeIgnored, ""
}

// cut shortens s to at most n characters, whole runes only.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
