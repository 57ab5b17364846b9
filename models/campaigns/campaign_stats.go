package campaigns

import (
	"context"

	"github.com/confer-nhs/confer/models"
)

// CampaignStats counts a campaign's recipients by state and by what SendGrid's events
// reported. Each event counts a recipient once, however many times it happened.
type CampaignStats struct {
	OrganisationID *uint `json:"organisation_id,omitempty"`
	Recipients     int64 `json:"recipients"`
	Queued         int64 `json:"queued"`
	Sent           int64 `json:"sent"`
	Failed         int64 `json:"failed"`
	Unknown        int64 `json:"unknown"`
	Unsettled      int64 `json:"unsettled"`
	Cancelled      int64 `json:"cancelled"`
	Delivered      int64 `json:"delivered"`
	Opened         int64 `json:"opened"`
	Clicked        int64 `json:"clicked"`
	Bounced        int64 `json:"bounced"`
	Unsubscribed   int64 `json:"unsubscribed"`
	SpamReported   int64 `json:"spam_reported"`
	// Blocked were refused for now by the receiving server (not suppressed); Dropped were
	// refused by SendGrid for a reason on our side (see CampaignDrops); Deferred are still
	// being retried; MachineOpens were opened by a mail client's privacy proxy, not a person.
	Blocked      int64 `json:"blocked"`
	Dropped      int64 `json:"dropped"`
	Deferred     int64 `json:"deferred"`
	MachineOpens int64 `json:"machine_opens"`
	// Resendable are the unsettled never resent: what a resend would send (ResendUnsettled);
	// Resent were put back in the queue by a resend, whatever became of them since.
	Resendable int64 `json:"resendable"`
	Resent     int64 `json:"resent"`
}

// Add adds o's counts to s (not its organisation).
func (s *CampaignStats) Add(o CampaignStats) {
	s.Recipients += o.Recipients
	s.Queued += o.Queued
	s.Sent += o.Sent
	s.Failed += o.Failed
	s.Unknown += o.Unknown
	s.Unsettled += o.Unsettled
	s.Cancelled += o.Cancelled
	s.Delivered += o.Delivered
	s.Opened += o.Opened
	s.Clicked += o.Clicked
	s.Bounced += o.Bounced
	s.Unsubscribed += o.Unsubscribed
	s.SpamReported += o.SpamReported
	s.Blocked += o.Blocked
	s.Dropped += o.Dropped
	s.Deferred += o.Deferred
	s.MachineOpens += o.MachineOpens
	s.Resendable += o.Resendable
	s.Resent += o.Resent
}

const statsSelect = `COUNT(*) AS recipients,
	SUM(CASE WHEN state IN ('queued', 'sending') THEN 1 ELSE 0 END) AS queued,
	SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END) AS sent,
	SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed,
	SUM(CASE WHEN state = 'unknown' THEN 1 ELSE 0 END) AS unknown,
	SUM(CASE WHEN state = 'unsettled' THEN 1 ELSE 0 END) AS unsettled,
	SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
	SUM(CASE WHEN state = 'unsettled' AND resent_at IS NULL THEN 1 ELSE 0 END) AS resendable, COUNT(resent_at) AS resent,
	COUNT(delivered_at) AS delivered, COUNT(opened_at) AS opened, COUNT(clicked_at) AS clicked,
	COUNT(bounced_at) AS bounced, COUNT(unsubscribed_at) AS unsubscribed, COUNT(spam_reported_at) AS spam_reported,
	COUNT(blocked_at) AS blocked, COUNT(dropped_at) AS dropped, COUNT(machine_opened_at) AS machine_opens,
	SUM(CASE WHEN deferred_at IS NOT NULL AND delivered_at IS NULL AND bounced_at IS NULL AND blocked_at IS NULL
		AND dropped_at IS NULL THEN 1 ELSE 0 END) AS deferred`

// CampaignStats returns the campaign's overall figures.
func (s *Store) CampaignStats(ctx context.Context, id uint) (*CampaignStats, error) {
	var st CampaignStats
	err := s.DB.WithContext(ctx).Model(&CampaignRecipient{}).Select(statsSelect).
		Where("campaign_id = ?", id).Scan(&st).Error
	return &st, err
}

// CampaignStatsByOrganisation returns the figures per organisation of the recipients.
func (s *Store) CampaignStatsByOrganisation(ctx context.Context, id uint) ([]CampaignStats, error) {
	var out []CampaignStats
	err := s.DB.WithContext(ctx).Model(&CampaignRecipient{}).Select("organisation_id, "+statsSelect).
		Where("campaign_id = ?", id).Group("organisation_id").Order("organisation_id").Scan(&out).Error
	return out, err
}

// CampaignRecipientsIn lists a page of a campaign's recipients in one state (failed or
// unsettled, say), so the user can see exactly who is affected.
func (s *Store) CampaignRecipientsIn(ctx context.Context, id uint, state string, p models.Page) ([]CampaignRecipient, int64, error) {
	q := s.DB.WithContext(ctx).Model(&CampaignRecipient{}).Where("campaign_id = ?", id)
	if state != "" {
		q = q.Where("state = ?", state)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []CampaignRecipient
	err := q.Order("id").Offset(p.Offset()).Limit(p.PerPage).Find(&out).Error
	return out, total, err
}

// FailedBatches lists a campaign's batches SendGrid refused, with the reasons.
func (s *Store) FailedBatches(ctx context.Context, id uint) ([]CampaignBatch, error) {
	var out []CampaignBatch
	err := s.DB.WithContext(ctx).Where("campaign_id = ? AND state = ?", id, RecipientFailed).Order("id").Find(&out).Error
	return out, err
}

// CampaignDrop is how many of a campaign's recipients SendGrid dropped for one reason on
// our side.
type CampaignDrop struct {
	Reason     string
	Recipients int64
}

// CampaignDrops lists the reasons SendGrid dropped a campaign's emails without the fault
// being the address's (over quota, spam content, a bad header), so the page can say what
// went wrong: none of these people were suppressed.
func (s *Store) CampaignDrops(ctx context.Context, id uint) ([]CampaignDrop, error) {
	var out []CampaignDrop
	err := s.DB.WithContext(ctx).Model(&CampaignRecipient{}).Select("drop_reason AS reason, COUNT(*) AS recipients").
		Where("campaign_id = ? AND dropped_at IS NOT NULL", id).Group("drop_reason").Order("drop_reason").Scan(&out).Error
	return out, err
}

// CampaignLink is one link of a campaign with how often it was clicked and by how many
// recipients.
type CampaignLink struct {
	URL      string `json:"url"`
	Clicks   int64  `json:"clicks"`
	Clickers int64  `json:"unique_clickers"`
}

// CampaignLinks counts the clicks on each link of a campaign from SendGrid's click events
// (each stored once), most clicked first, at most limit links.
func (s *Store) CampaignLinks(ctx context.Context, id uint, limit int) ([]CampaignLink, error) {
	out := []CampaignLink{}
	err := s.DB.WithContext(ctx).Model(&CampaignEvent{}).
		Select("url, COUNT(*) AS clicks, COUNT(DISTINCT recipient_id) AS clickers").
		Where("campaign_id = ? AND event = 'click' AND url <> ''", id).
		Group("url").Order("clicks DESC, url").Limit(limit).Scan(&out).Error
	return out, err
}
