package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Recipient and batch states. A recipient row is queued, then claimed into a batch
// (sending); once SendGrid accepts the batch it is sent. A permanent refusal makes it
// failed. If the process dies while a batch is in flight, its lease expires and the batch
// is held as unknown: SendGrid's "processed" events (which carry confer_recipient) settle
// each recipient as sent; whatever no event settles within the grace period becomes
// unsettled, shown to the user, and is never resent or dropped without them.
const (
	RecipientQueued    = "queued"
	RecipientSending   = "sending"
	RecipientSent      = "sent"
	RecipientFailed    = "failed"
	RecipientUnknown   = "unknown"
	RecipientUnsettled = "unsettled"
	RecipientCancelled = "cancelled"
)

// CampaignRecipient is one (campaign, recipient) pair and its state.
type CampaignRecipient struct {
	ID             uint `gorm:"primaryKey"`
	CampaignID     uint
	ContactID      uint
	Email          string
	Name           string
	Attribution    `gorm:"embedded"`
	State          string
	BatchID        *uint
	Error          string
	SentAt         *time.Time
	DeliveredAt    *time.Time
	OpenedAt       *time.Time
	ClickedAt      *time.Time
	BouncedAt      *time.Time
	UnsubscribedAt *time.Time
	SpamReportedAt *time.Time
}

// CampaignBatch is one SendGrid request's worth of recipients, leased by one worker.
type CampaignBatch struct {
	ID         uint `gorm:"primaryKey"`
	CampaignID uint
	State      string
	LeaseUntil time.Time
	Size       int
	Error      string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// StartCampaign sends an approved campaign now (materialising one row per recipient) or,
// with sendAt in the future, schedules it.
func (s *Store) StartCampaign(ctx context.Context, id uint, sendAt *time.Time) (*Campaign, error) {
	now := time.Now().UTC()
	var c Campaign
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return orNotFound(err, "campaign")
		}
		if c.Status != CampaignApproved {
			return Conflict("status", "only an approved campaign can be sent; this one is %s", c.Status)
		}
		if sendAt != nil && sendAt.After(now) {
			at := sendAt.UTC()
			c.SendAt = &at
			return setCampaignStatus(tx, &c, CampaignApproved, CampaignScheduled, map[string]any{"send_at": at})
		}
		if err := setCampaignStatus(tx, &c, CampaignApproved, CampaignSending, map[string]any{"started_at": now}); err != nil {
			return err
		}
		c.StartedAt = &now
		return materialise(tx, &c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// StartDueCampaigns starts every scheduled campaign whose time has come. The conditional
// update lets exactly one instance start each.
func (s *Store) StartDueCampaigns(ctx context.Context, now time.Time) (int, error) {
	var ids []uint
	err := s.DB.WithContext(ctx).Model(&Campaign{}).Where("status = ? AND send_at <= ?", CampaignScheduled, now).
		Pluck("id", &ids).Error
	if err != nil {
		return 0, err
	}
	started := 0
	for _, id := range ids {
		err := s.Tx(ctx, func(tx *gorm.DB) error {
			var c Campaign
			if err := tx.First(&c, id).Error; err != nil {
				return err
			}
			if err := setCampaignStatus(tx, &c, CampaignScheduled, CampaignSending, map[string]any{"started_at": now}); err != nil {
				return err
			}
			started++
			return materialise(tx, &c)
		})
		if err != nil && ErrorCode(err) != ECONFLICT {
			return started, err
		}
	}
	return started, nil
}

// materialise inserts one queued row per recipient with a single INSERT ... SELECT, so
// 100,000 recipients cost one statement, not 100,000 round trips. The unique index on
// (campaign, contact) makes a second run harmless.
func materialise(tx *gorm.DB, c *Campaign) error {
	where, args := audienceWhere(c.Audience, c.Kind)
	sql := `INSERT INTO campaign_recipients (campaign_id, contact_id, email, name, organisation_id, staff_group, state, error)
		SELECT ?, id, email, name, organisation_id, staff_group, ?, '' FROM contacts WHERE ` + where +
		` ON CONFLICT (campaign_id, contact_id) DO NOTHING`
	return tx.Exec(sql, append([]any{c.ID, RecipientQueued}, args...)...).Error
}

// ClaimedBatch is a batch a worker leased, with its recipients.
type ClaimedBatch struct {
	Batch      CampaignBatch
	Recipients []CampaignRecipient
}

// ClaimBatch leases up to size queued recipients of a sending campaign into a new batch.
// On Postgres, FOR UPDATE SKIP LOCKED lets instances claim side by side without waiting
// or overlapping; on SQLite the immediate transaction serialises claims. It returns nil
// when there is nothing to claim or the campaign is not sending.
func (s *Store) ClaimBatch(ctx context.Context, campaignID uint, size int, lease time.Duration) (*ClaimedBatch, error) {
	var out *ClaimedBatch
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var status string
		if err := tx.Model(&Campaign{}).Where("id = ?", campaignID).Pluck("status", &status).Error; err != nil {
			return err
		}
		if status != CampaignSending {
			return nil
		}
		now := time.Now().UTC()
		b := CampaignBatch{CampaignID: campaignID, State: RecipientSending, LeaseUntil: now.Add(lease)}
		if err := tx.Create(&b).Error; err != nil {
			return err
		}
		lock := ""
		if tx.Dialector.Name() == "postgres" {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		var rs []CampaignRecipient
		err := tx.Raw(`UPDATE campaign_recipients SET state = ?, batch_id = ?
			WHERE id IN (SELECT id FROM campaign_recipients WHERE campaign_id = ? AND state = ? LIMIT ?`+lock+`)
			RETURNING id, campaign_id, contact_id, email, name, organisation_id, staff_group, state, batch_id`,
			RecipientSending, b.ID, campaignID, RecipientQueued, size).Scan(&rs).Error
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return tx.Delete(&b).Error
		}
		b.Size = len(rs)
		if err := tx.Model(&b).Update("size", b.Size).Error; err != nil {
			return err
		}
		out = &ClaimedBatch{Batch: b, Recipients: rs}
		return nil
	})
	return out, err
}

// CompleteBatch records that SendGrid accepted a batch: its recipients are sent. It also
// settles a batch a slow worker finished after its lease was given up as unknown.
func (s *Store) CompleteBatch(ctx context.Context, batchID uint) error {
	now := time.Now().UTC()
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&CampaignBatch{}).Where("id = ?", batchID).
			Updates(map[string]any{"state": RecipientSent, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Model(&CampaignRecipient{}).
			Where("batch_id = ? AND state IN ?", batchID, []string{RecipientSending, RecipientUnknown, RecipientUnsettled}).
			Updates(map[string]any{"state": RecipientSent, "sent_at": now}).Error
	})
}

// EndBatch records a batch SendGrid did not accept: state is failed (a permanent refusal,
// with the reason), queued (SendGrid answered with a temporary refusal, so nothing went
// and the recipients go back in the queue) or unknown (no answer: fate unknown).
func (s *Store) EndBatch(ctx context.Context, batchID uint, state, reason string) error {
	now := time.Now().UTC()
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&CampaignBatch{}).Where("id = ?", batchID).
			Updates(map[string]any{"state": state, "error": reason, "updated_at": now}).Error; err != nil {
			return err
		}
		updates := map[string]any{"state": state, "error": reason}
		if state == RecipientQueued {
			updates["batch_id"] = nil
		}
		return tx.Model(&CampaignRecipient{}).Where("batch_id = ? AND state = ?", batchID, RecipientSending).
			Updates(updates).Error
	})
}

// RecoverExpired holds as unknown every batch whose worker's lease ran out (the process
// died or hung), and marks unsettled whatever stayed unknown for longer than grace.
func (s *Store) RecoverExpired(ctx context.Context, now time.Time, grace time.Duration) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		expired := tx.Model(&CampaignBatch{}).Select("id").Where("state = ? AND lease_until < ?", RecipientSending, now)
		if err := tx.Model(&CampaignRecipient{}).Where("state = ? AND batch_id IN (?)", RecipientSending, expired).
			Updates(map[string]any{"state": RecipientUnknown, "error": "the sender stopped before SendGrid answered"}).Error; err != nil {
			return err
		}
		if err := tx.Model(&CampaignBatch{}).Where("state = ? AND lease_until < ?", RecipientSending, now).
			Updates(map[string]any{"state": RecipientUnknown, "updated_at": now}).Error; err != nil {
			return err
		}
		stale := tx.Model(&CampaignBatch{}).Select("id").Where("state = ? AND updated_at < ?", RecipientUnknown, now.Add(-grace))
		if err := tx.Model(&CampaignRecipient{}).Where("state = ? AND batch_id IN (?)", RecipientUnknown, stale).
			Updates(map[string]any{"state": RecipientUnsettled,
				"error": "no confirmation from SendGrid: it may or may not have been sent"}).Error; err != nil {
			return err
		}
		return tx.Model(&CampaignBatch{}).Where("state = ? AND updated_at < ?", RecipientUnknown, now.Add(-grace)).
			Updates(map[string]any{"state": RecipientUnsettled, "updated_at": now}).Error
	})
}

// FinishIfDone marks a sending campaign sent once no recipient is queued, in flight or
// awaiting settlement.
func (s *Store) FinishIfDone(ctx context.Context, id uint) (bool, error) {
	now := time.Now().UTC()
	res := s.DB.WithContext(ctx).Exec(`UPDATE campaigns SET status = ?, finished_at = ?, updated_at = ?
		WHERE id = ? AND status = ? AND NOT EXISTS (SELECT 1 FROM campaign_recipients
		WHERE campaign_id = ? AND state IN ?)`, CampaignSent, now, now, id, CampaignSending, id,
		[]string{RecipientQueued, RecipientSending, RecipientUnknown})
	return res.RowsAffected > 0, res.Error
}

// QueuedCount counts a campaign's recipients waiting to be claimed.
func (s *Store) QueuedCount(ctx context.Context, id uint) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&CampaignRecipient{}).Where("campaign_id = ? AND state = ?", id, RecipientQueued).
		Limit(1).Count(&n).Error
	return n, err
}

// SendingCampaigns lists the campaigns workers should serve.
func (s *Store) SendingCampaigns(ctx context.Context) ([]uint, error) {
	var ids []uint
	err := s.DB.WithContext(ctx).Model(&Campaign{}).Where("status = ?", CampaignSending).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// PauseCampaign stops claiming new batches; batches in flight finish.
func (s *Store) PauseCampaign(ctx context.Context, id uint) (*Campaign, error) {
	return s.transition(ctx, id, []string{CampaignSending}, CampaignPaused, nil)
}

// ResumeCampaign carries on a paused campaign.
func (s *Store) ResumeCampaign(ctx context.Context, id uint) (*Campaign, error) {
	return s.transition(ctx, id, []string{CampaignPaused}, CampaignSending, nil)
}

// CancelCampaign stops a campaign for good: recipients still queued are cancelled.
func (s *Store) CancelCampaign(ctx context.Context, id uint) (*Campaign, error) {
	from := []string{CampaignDraft, CampaignSubmitted, CampaignReturned, CampaignApproved, CampaignScheduled, CampaignSending, CampaignPaused}
	return s.transition(ctx, id, from, CampaignCancelled, func(tx *gorm.DB, c *Campaign) error {
		return tx.Model(&CampaignRecipient{}).Where("campaign_id = ? AND state = ?", c.ID, RecipientQueued).
			Update("state", RecipientCancelled).Error
	})
}
