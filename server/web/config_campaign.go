package web

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strconv"
	"time"
)

// CampaignConfig tunes campaign sending (CONFER_CAMPAIGN_*) and the SendGrid event webhook.
type CampaignConfig struct {
	Concurrency int           // CONFER_CAMPAIGN_CONCURRENCY: SendGrid requests in flight per instance (16)
	Rate        float64       // CONFER_CAMPAIGN_RATE: messages per second per instance; 0 = no limit
	Lease       time.Duration // CONFER_CAMPAIGN_LEASE: how long a worker owns a batch (2m)
	Grace       time.Duration // CONFER_CAMPAIGN_GRACE: how long an unknown batch waits for events (15m)
	Poll        time.Duration // CONFER_CAMPAIGN_POLL: how often to look for work (1s)
	BatchSize   int           // CONFER_CAMPAIGN_BATCH_SIZE: recipients per SendGrid request (1000)
	// WebhookKey is SENDGRID_WEBHOOK_PUBLIC_KEY: the base64 ECDSA public key of SendGrid's
	// signed event webhook. Without it the webhook refuses every request.
	WebhookKey string
}

// loadCampaignConfig reads the campaign settings; a bad value names its variable.
func loadCampaignConfig(get func(k, def string) string) (CampaignConfig, error) {
	var c CampaignConfig
	var err error
	if c.Concurrency, err = strconv.Atoi(get("CONFER_CAMPAIGN_CONCURRENCY", "16")); err != nil || c.Concurrency < 1 || c.Concurrency > 256 {
		return c, fmt.Errorf("CONFER_CAMPAIGN_CONCURRENCY must be a whole number from 1 to 256")
	}
	if c.Rate, err = strconv.ParseFloat(get("CONFER_CAMPAIGN_RATE", "0"), 64); err != nil || c.Rate < 0 {
		return c, fmt.Errorf("CONFER_CAMPAIGN_RATE must be a number of messages per second, 0 for no limit")
	}
	for _, d := range []struct {
		name, def string
		dst       *time.Duration
	}{{"CONFER_CAMPAIGN_LEASE", "2m", &c.Lease}, {"CONFER_CAMPAIGN_GRACE", "15m", &c.Grace}, {"CONFER_CAMPAIGN_POLL", "1s", &c.Poll}} {
		if *d.dst, err = time.ParseDuration(get(d.name, d.def)); err != nil || *d.dst <= 0 {
			return c, fmt.Errorf("%s must be a duration such as %s", d.name, d.def)
		}
	}
	if c.BatchSize, err = strconv.Atoi(get("CONFER_CAMPAIGN_BATCH_SIZE", "1000")); err != nil || c.BatchSize < 1 || c.BatchSize > 1000 {
		return c, fmt.Errorf("CONFER_CAMPAIGN_BATCH_SIZE must be a whole number from 1 to 1000 (SendGrid's limit)")
	}
	c.WebhookKey = get("SENDGRID_WEBHOOK_PUBLIC_KEY", "")
	if c.WebhookKey != "" {
		if _, err := ParseWebhookKey(c.WebhookKey); err != nil {
			return c, fmt.Errorf("SENDGRID_WEBHOOK_PUBLIC_KEY must be the base64 ECDSA public key from SendGrid's signed event webhook settings")
		}
	}
	return c, nil
}

// ParseWebhookKey checks the key is a base64 PKIX ECDSA key before sendgrid-go's helper,
// which would panic on any other kind of key, ever sees it.
func ParseWebhookKey(b64 string) (*ecdsa.PublicKey, error) {
	der, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, err
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("not an ECDSA key")
	}
	return k, nil
}
