package server

import (
	"encoding/json"
	"testing"
)

// FuzzWebhookEvents feeds arbitrary bodies to the event parser: it must never panic, and
// every event it keeps has an id and a type within the stored column sizes, and a
// recipient id only when confer_recipient held a positive number.
func FuzzWebhookEvents(f *testing.F) {
	for _, s := range []string{
		`[{"sg_event_id":"a","event":"open","email":"A@B.example","timestamp":1,"confer_recipient":"12"}]`,
		`[{"sg_event_id":"b","event":"processed","confer_recipient":7,"confer_campaign":"x"}]`,
		`[{"event":"open"}]`, `[]`, `{}`, `[{"confer_recipient":"-1","sg_event_id":"c","event":"bounce"}]`,
		`[{"sg_event_id":"d","event":"click","confer_recipient":"99999999999999999999"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var raw []sgEvent
		if json.Unmarshal(body, &raw) != nil {
			return
		}
		for _, e := range raw {
			ev, ok := toCampaignEvent(e)
			if !ok {
				continue
			}
			if ev.SGEventID == "" || len(ev.SGEventID) > 100 || ev.Event == "" || len(ev.Event) > 30 || len(ev.Email) > 320 {
				t.Fatalf("kept a bad event: %+v", ev)
			}
			if ev.RecipientID != nil && *ev.RecipientID == 0 {
				t.Fatalf("recipient id 0 from %s", e.ConferRecipient)
			}
		}
	})
}
