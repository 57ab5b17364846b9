package campaigns

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/sendgrid/sendgrid-go/helpers/eventwebhook"

	"github.com/confer-nhs/confer/models"
)

// webhookPrecheck runs before the SendGrid webhook's body is read or hashed: the webhook
// must be configured, and the request must carry a signature of a plausible size and a
// fresh timestamp. Anything else is refused from its headers alone: the body is discarded
// as it arrives, never held or hashed, so an unsigned caller cannot make the server keep
// and hash megabytes (its declared size was checked against maxWebhookBody before routing).
// The handler still verifies the signature itself.
func (s *Area) webhookPrecheck(c *fiber.Ctx) error {
	if err := s.webhookHeaders(c); err != nil {
		return err // the error handler drops the unread body
	}
	return c.Next()
}

func (s *Area) webhookHeaders(c *fiber.Ctx) error {
	unauthorised := func(msg string) error { return &models.Error{Code: models.EUNAUTHORISED, Message: msg} }
	if s.Cfg.Campaign.WebhookKey == "" {
		return &models.Error{Code: models.EFORBIDDEN, Message: "the event webhook is not configured: set SENDGRID_WEBHOOK_PUBLIC_KEY"}
	}
	sig := c.Get(eventwebhook.VerificationHTTPHeader)
	ts := c.Get(eventwebhook.TimestampHTTPHeader)
	if sig == "" || ts == "" {
		return unauthorised("unsigned request: the " + eventwebhook.VerificationHTTPHeader + " and " + eventwebhook.TimestampHTTPHeader + " headers are required")
	}
	if len(sig) > 200 { // a base64 ECDSA P-256 signature is under 100 characters
		return unauthorised("the webhook signature does not match")
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return unauthorised("the webhook timestamp must be Unix seconds")
	}
	if d := time.Since(time.Unix(secs, 0)); d > webhookMaxSkew || d < -webhookMaxSkew {
		return unauthorised("stale webhook timestamp: it must be within 5 minutes of now")
	}
	return nil
}
