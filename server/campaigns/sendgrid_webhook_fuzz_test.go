package campaigns

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
)

// FuzzWebhookEvents feeds arbitrary bodies to the event parser: it must never panic, and
// every event it keeps has an id and a type within the stored column sizes, an outcome,
// a reason that fits its column, and a recipient id only when confer_recipient held a
// positive number. Only a hard bounce or a spam report, or a drop for the address's own
// sake, may ever suppress anyone.
func FuzzWebhookEvents(f *testing.F) {
	for _, s := range []string{
		`[{"sg_event_id":"a","event":"open","email":"A@B.example","timestamp":1,"confer_recipient":"12"}]`,
		`[{"sg_event_id":"b","event":"processed","confer_recipient":7,"confer_campaign":"x"}]`,
		`[{"event":"open"}]`, `[]`, `{}`, `[{"confer_recipient":"-1","sg_event_id":"c","event":"bounce"}]`,
		`[{"sg_event_id":"d","event":"click","confer_recipient":"99999999999999999999"}]`,
		`[{"sg_event_id":"e","event":"bounce","type":"blocked","status":"4.0.0"},{"sg_event_id":"f","event":"bounce","type":7}]`,
		`[{"sg_event_id":"g","event":"dropped","reason":"Recipient List over Package Quota"},{"sg_event_id":"h","event":"dropped","reason":null}]`,
		`[{"sg_event_id":"i","event":"open","sg_machine_open":true},{"sg_event_id":"j","event":"open","sg_machine_open":"true"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var raw []sgEvent
		if json.Unmarshal(body, &raw) != nil {
			return
		}
		for _, e := range raw {
			ev, ok := toCampaignEvent(e, "https://confer.example")
			if !ok {
				continue
			}
			if ev.SGEventID == "" || len(ev.SGEventID) > 100 || ev.Event == "" || len(ev.Event) > 30 || len(ev.Email) > 320 {
				t.Fatalf("kept a bad event: %+v", ev)
			}
			if ev.Outcome == "" || utf8.RuneCountInString(ev.Reason) > 200 {
				t.Fatalf("outcome %q, reason %q", ev.Outcome, ev.Reason)
			}
			if suppressing := ev.Outcome == campaignmodel.OutcomeBounced || ev.Outcome == campaignmodel.OutcomeSpamAddress; suppressing &&
				ev.Event != "bounce" && ev.Event != "dropped" {
				t.Fatalf("%s suppresses", ev.Event)
			}
			if ev.Outcome == campaignmodel.OutcomeBounced && ev.Event == "bounce" && rawString(e.Type) == "blocked" {
				t.Fatalf("a block suppresses")
			}
			if ev.RecipientID != nil && *ev.RecipientID == 0 {
				t.Fatalf("recipient id 0 from %s", e.ConferRecipient)
			}
		}
	})
}
