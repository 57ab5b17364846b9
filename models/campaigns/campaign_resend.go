package campaigns

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/confer-nhs/confer/models"
)

// resendable are the statuses a campaign's unsettled recipients may be resent in. A
// cancelled campaign sends nothing more, so its unsettled recipients stay as they are.
var resendable = []string{CampaignSending, CampaignPaused, CampaignSent}

// ResendUnsettled puts a campaign's unsettled recipients (their batch was in flight when
// a sender stopped, and no SendGrid "processed" event settled them within the grace
// period) back in the queue, once: in new batches numbered after the campaign's last, so
// the dispatcher sends them as it sends any batch. Each is marked resent_at, and a second
// resend never includes them; their old batches become resent. A campaign that had
// finished sends again until those batches are done. Anyone a late "processed" event
// settles before their new batch is claimed is left out of it (ClaimBatch takes only
// queued recipients). It returns the campaign and how many were queued, or a conflict
// on "unsettled" (nobody to resend), "resend" (a resend is still queued) or "status".
func (s *Store) ResendUnsettled(ctx context.Context, id uint, batchSize int) (*Campaign, int, error) {
	if batchSize < 1 || batchSize > 1000 {
		batchSize = 1000
	}
	var c Campaign
	var ids []uint
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := lockCampaign(tx, &c, id); err != nil {
			return err
		}
		if !slices.Contains(resendable, c.Status) {
			return models.Conflict("status", "a campaign that is %s is not sent again", c.Status)
		}
		var queued int64
		if err := tx.Model(&CampaignRecipient{}).Where("campaign_id = ? AND resent_at IS NOT NULL AND state = ?", id, RecipientQueued).
			Count(&queued).Error; err != nil {
			return err
		}
		if queued > 0 {
			return models.Conflict("resend", "the unconfirmed recipients are already being sent it again; wait until that has finished")
		}
		unsettled := tx.Model(&CampaignRecipient{}).Where("campaign_id = ? AND state = ? AND resent_at IS NULL", id, RecipientUnsettled)
		if err := unsettled.Session(&gorm.Session{}).Order("id").Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return models.Conflict("unsettled", "nobody in this campaign is waiting to be sent it again: SendGrid confirmed everyone, or they were sent it again already")
		}
		var old []int
		if err := unsettled.Session(&gorm.Session{}).Distinct("batch_seq").Pluck("batch_seq", &old).Error; err != nil {
			return err
		}
		return requeue(tx, &c, ids, old, batchSize, time.Now().UTC())
	})
	if err != nil {
		return nil, 0, err
	}
	return &c, len(ids), nil
}

// lockCampaign reads a campaign for a change to its batches, locking its row on Postgres
// (on SQLite the immediate transaction does it): the filler and a resend number new
// batches from next_seq, so they take turns.
func lockCampaign(tx *gorm.DB, c *Campaign, id uint) error {
	q := tx
	if tx.Dialector.Name() == "postgres" {
		q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return models.OrNotFound(q.First(c, id).Error, "campaign")
}

// requeue moves the unsettled recipients ids into new queued batches of batchSize from
// c.NextSeq, marks their old batches (seqs old) resent and the campaign sending again.
func requeue(tx *gorm.DB, c *Campaign, ids []uint, old []int, batchSize int, now time.Time) error {
	seq := c.NextSeq
	for start := 0; start < len(ids); start += batchSize {
		chunk := ids[start:min(start+batchSize, len(ids))]
		if err := tx.Model(&CampaignRecipient{}).Where("id IN ? AND state = ?", chunk, RecipientUnsettled).
			Updates(map[string]any{"state": RecipientQueued, "batch_seq": seq, "resent_at": now, "error": ""}).Error; err != nil {
			return err
		}
		b := CampaignBatch{CampaignID: c.ID, Seq: seq, State: RecipientQueued, LeaseUntil: now, Size: len(chunk), CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(&b).Error; err != nil {
			return err
		}
		seq++
	}
	if err := tx.Model(&CampaignBatch{}).Where("campaign_id = ? AND state = ? AND seq IN ?", c.ID, RecipientUnsettled, old).
		Updates(map[string]any{"state": BatchResent, "updated_at": now}).Error; err != nil {
		return err
	}
	updates := map[string]any{"next_seq": seq, "updated_at": now}
	if c.Status == CampaignSent {
		updates["status"], updates["finished_at"] = CampaignSending, nil
	}
	if err := tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(updates).Error; err != nil {
		return err
	}
	c.NextSeq = seq
	if c.Status == CampaignSent {
		c.Status, c.FinishedAt = CampaignSending, nil
	}
	return nil
}
