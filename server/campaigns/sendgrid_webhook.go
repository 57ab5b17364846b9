package campaigns

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/sendgrid/sendgrid-go/helpers/eventwebhook"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/server/web"
)

// webhookMaxSkew is how far a signed timestamp may be from now: older deliveries are
// refused as stale (a captured request cannot be replayed later), as are future ones.
const webhookMaxSkew = 5 * time.Minute

// sgEvent is the part of a SendGrid event we use (field names from SendGrid's Event
// Webhook reference). Custom args arrive as top-level fields. The fields that only refine
// an event are read leniently, so one odd value cannot make SendGrid retry a whole delivery.
type sgEvent struct {
	SGEventID       string          `json:"sg_event_id"`
	Event           string          `json:"event"`
	Email           string          `json:"email"`
	Timestamp       int64           `json:"timestamp"`
	Type            json.RawMessage `json:"type"`            // bounce: "bounce" or "blocked"
	Status          json.RawMessage `json:"status"`          // bounce: enhanced SMTP status, "5.1.1"
	Reason          json.RawMessage `json:"reason"`          // dropped: "Bounced Address", "Spam Content", …
	MachineOpen     json.RawMessage `json:"sg_machine_open"` // open: true when a privacy proxy fetched it
	URL             json.RawMessage `json:"url"`             // click: the link clicked
	ConferRecipient json.RawMessage `json:"confer_recipient"`
	ConferCampaign  json.RawMessage `json:"confer_campaign"`
}

// sendgridWebhook receives SendGrid's signed event webhook: it verifies the ECDSA signature
// over timestamp+body with sendgrid-go's helper, refuses stale timestamps, and records the
// events (idempotent on sg_event_id).
func (s *Area) sendgridWebhook(c *fiber.Ctx) error {
	body := bytes.Clone(c.Body())
	if err := s.verifyWebhook(c, body); err != nil {
		return err
	}
	var raw []sgEvent
	if err := json.Unmarshal(body, &raw); err != nil {
		return &models.Error{Code: models.EBADREQUEST, Message: "the body must be a JSON array of SendGrid events"}
	}
	events := make([]campaignmodel.CampaignEvent, 0, len(raw))
	skipped := 0
	for _, e := range raw {
		ev, ok := toCampaignEvent(e, s.Cfg.BaseURL)
		if !ok {
			skipped++
			continue
		}
		events = append(events, ev)
	}
	inserted, err := s.db.RecordEvents(c.UserContext(), events)
	if err != nil {
		return err
	}
	for _, ev := range events {
		s.Metrics.WebhookEvent(ev.Outcome)
	}
	for range skipped {
		s.Metrics.WebhookEvent("malformed")
	}
	return c.JSON(fiber.Map{"received": len(raw), "new": inserted, "skipped": skipped})
}

// verifyWebhook checks the headers as the precheck does (the handler does not rely on
// it having run), then the signature over the body.
func (s *Area) verifyWebhook(c *fiber.Ctx, body []byte) error {
	if err := s.webhookHeaders(c); err != nil {
		return err
	}
	key, err := web.ParseWebhookKey(s.Cfg.Campaign.WebhookKey) // checked at start-up; cheap
	if err != nil {
		return err
	}
	sig, ts := c.Get(eventwebhook.VerificationHTTPHeader), c.Get(eventwebhook.TimestampHTTPHeader)
	if ok, err := eventwebhook.VerifySignature(key, body, sig, ts); err != nil || !ok {
		return &models.Error{Code: models.EUNAUTHORISED, Message: "the webhook signature does not match"}
	}
	return nil
}

func toCampaignEvent(e sgEvent, base string) (campaignmodel.CampaignEvent, bool) {
	if e.SGEventID == "" || len(e.SGEventID) > 100 || e.Event == "" || len(e.Event) > 30 || len(e.Email) > 320 {
		return campaignmodel.CampaignEvent{}, false
	}
	outcome, reason := campaignmodel.ClassifyEvent(campaignmodel.EventFacts{Event: e.Event, Type: rawString(e.Type),
		Status: rawString(e.Status), Reason: rawString(e.Reason), MachineOpen: string(e.MachineOpen) == "true"})
	ev := campaignmodel.CampaignEvent{SGEventID: e.SGEventID, Event: e.Event, Outcome: outcome, Reason: reason,
		Email: models.NormaliseEmail(e.Email), OccurredAt: time.Unix(e.Timestamp, 0).UTC()}
	if e.Event == "click" {
		ev.URL = clickedLink(rawString(e.URL), base)
	}
	ev.RecipientID = customArgID(e.ConferRecipient)
	ev.CampaignID = customArgID(e.ConferCampaign)
	return ev, true
}

// customArgID reads a custom arg id, which SendGrid echoes as a string (or a number).
func customArgID(raw json.RawMessage) *uint {
	if len(raw) == 0 {
		return nil
	}
	v := strings.Trim(string(raw), `"`)
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil || n == 0 {
		return nil
	}
	id := uint(n)
	return &id
}

// rawString is a JSON string's value, or "" for anything else.
func rawString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// clickedLink is the link a click event was on, as the campaign's page lists it. A click
// on someone's unsubscribe link keeps only the page, not their private token (it is shown
// to the comms team); an address too long or malformed to be a real link is not kept.
func clickedLink(u, base string) string {
	if strings.HasPrefix(u, base+"/unsubscribe/") {
		return base + "/unsubscribe"
	}
	if len(u) > 2000 || !utf8.ValidString(u) || strings.ContainsRune(u, 0) {
		return ""
	}
	return u
}
