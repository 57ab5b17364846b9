package campaigns

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/confer-nhs/confer/models"
)

// Recipient and batch states. When sending starts, every recipient gets a row, queued,
// in a numbered batch of up to 1,000. A worker claims a batch (sending, with a lease) and
// sends it as one SendGrid request; once SendGrid accepts it, its recipients are sent. A
// permanent refusal makes them failed. A temporary refusal SendGrid answered puts the
// batch back in the queue: nothing went; so does a worker leaving (a draining instance)
// with a batch it claimed and has not sent. If the worker dies, or SendGrid never answers,
// the batch's fate is unknown: its recipients are held as unknown until SendGrid's
// "processed" events (which carry confer_recipient) settle each one as sent. Whatever no
// event settles within the grace period becomes unsettled: shown to the user and never
// counted as sent. Confer never resends it by itself; the comms user may resend a
// campaign's unsettled recipients once (ResendUnsettled), in new batches, after which
// their old batch is resent.
const (
	RecipientQueued    = "queued"
	RecipientSending   = "sending" // batches only
	RecipientSent      = "sent"
	RecipientFailed    = "failed"
	RecipientUnknown   = "unknown"
	RecipientUnsettled = "unsettled"
	RecipientCancelled = "cancelled"
	BatchResent        = "resent" // batches only: its unsettled recipients were put in new batches
)

// CampaignRecipient is one (campaign, recipient) pair and its state.
type CampaignRecipient struct {
	ID                 uint `gorm:"primaryKey"`
	CampaignID         uint
	ContactID          uint
	BatchSeq           int
	Email              string
	Name               string
	models.Attribution `gorm:"embedded"`
	State              string
	Error              string
	SentAt             *time.Time
	DeliveredAt        *time.Time
	OpenedAt           *time.Time
	ClickedAt          *time.Time
	BouncedAt          *time.Time
	UnsubscribedAt     *time.Time
	SpamReportedAt     *time.Time
	// The outcomes that are neither delivered nor bounced (see ClassifyEvent).
	BlockedAt       *time.Time
	DroppedAt       *time.Time
	DropReason      string
	DeferredAt      *time.Time
	MachineOpenedAt *time.Time
	// ResentAt is when the comms user's resend put this unsettled recipient back in the
	// queue: a second resend never includes them.
	ResentAt *time.Time
}

// CampaignBatch is one SendGrid request's worth of recipients, leased by one worker.
type CampaignBatch struct {
	ID         uint `gorm:"primaryKey"`
	CampaignID uint
	Seq        int
	State      string
	LeaseUntil time.Time
	Size       int
	Error      string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// FirstChunk and NextChunks are how many recipient rows (in batches) are made when a
// campaign starts sending, and then per step while its first batches already go out.
const (
	FirstChunk = 2
	NextChunks = 10
)

// StartCampaign sends an approved campaign now or, with sendAt in the future, schedules
// it. Sending now makes the first recipient rows at once; the dispatcher makes the rest
// (FillCampaign) while the first batches are sent. Either way the approvals are checked
// again first: if the audience now reaches an organisation whose approval does not cover
// this version, the campaign goes back to awaiting approval saying why (committed) and
// the caller gets that reason as a conflict on "approval".
func (s *Store) StartCampaign(ctx context.Context, id uint, sendAt *time.Time, batchSize int) (*Campaign, error) {
	now := time.Now().UTC()
	var c Campaign
	var held error
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return models.OrNotFound(err, "campaign")
		}
		if c.Status != CampaignApproved {
			return models.Conflict("status", "only an approved campaign can be sent; this one is %s", c.Status)
		}
		var err error
		if held, err = holdUnlessApproved(tx, &c, CampaignApproved, now); err != nil || held != nil {
			return err
		}
		if sendAt != nil && sendAt.After(now) {
			at := sendAt.UTC()
			c.SendAt = &at
			return setCampaignStatus(tx, &c, CampaignApproved, CampaignScheduled, map[string]any{"send_at": at})
		}
		return startSending(tx, &c, CampaignApproved, batchSize, now)
	})
	if err != nil {
		return nil, err
	}
	if held != nil {
		return nil, held
	}
	return &c, nil
}

// StartDueCampaigns starts every scheduled campaign whose time has come, or holds it when
// its audience has grown into an organisation that has not approved it. The conditional
// update lets exactly one instance start each.
func (s *Store) StartDueCampaigns(ctx context.Context, now time.Time, batchSize int) (int, error) {
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
			if held, err := holdUnlessApproved(tx, &c, CampaignScheduled, now); err != nil || held != nil {
				return err
			}
			if err := startSending(tx, &c, CampaignScheduled, batchSize, now); err != nil {
				return err
			}
			started++
			return nil
		})
		if err != nil && models.ErrorCode(err) != models.ECONFLICT {
			return started, err
		}
	}
	return started, nil
}

// startSending moves c to sending, notes how many it should reach, and makes its first
// recipient rows.
func startSending(tx *gorm.DB, c *Campaign, from string, batchSize int, now time.Time) error {
	count, err := countAudience(tx, c.Audience, c.Kind)
	if err != nil {
		return err
	}
	c.Planned = int(count.Total)
	c.HoldReason = ""
	if err := setCampaignStatus(tx, c, from, CampaignSending, map[string]any{"started_at": now, "planned": c.Planned, "hold_reason": ""}); err != nil {
		return err
	}
	c.StartedAt = &now
	return fillChunk(tx, c, batchSize, FirstChunk*batchSize, now)
}

// FillCampaign makes the next chunk of a sending (or paused) campaign's recipient rows.
// done is true once every row is made, or the campaign stopped. The campaign row is locked
// for the step (on SQLite the immediate transaction does it), so instances take turns.
func (s *Store) FillCampaign(ctx context.Context, id uint, batchSize int) (done bool, err error) {
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		var c Campaign
		q := tx
		if tx.Dialector.Name() == "postgres" {
			q = tx.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.First(&c, id).Error; err != nil {
			return err
		}
		if c.Filled || (c.Status != CampaignSending && c.Status != CampaignPaused) {
			done = true
			return nil
		}
		if err := fillChunk(tx, &c, batchSize, NextChunks*batchSize, time.Now().UTC()); err != nil {
			return err
		}
		done = c.Filled
		return nil
	})
	return done, err
}

// fillChunk inserts the next up to limit queued recipient rows in contact order, numbered
// into batches, with one INSERT ... SELECT, then one row per new batch, and moves the
// campaign's cursor on, all in the caller's transaction: a crash leaves whole chunks. Only
// contacts of organisations whose approval covers the campaign are taken, so staff
// imported while it sends, of an organisation that never approved it, do not receive it.
func fillChunk(tx *gorm.DB, c *Campaign, batchSize, limit int, now time.Time) error {
	if batchSize < 1 || batchSize > 1000 {
		batchSize = 1000
	}
	where, args := audienceWhere(c.Audience, c.Kind)
	approved, approvedArgs, err := approvedWhere(tx, c)
	if err != nil {
		return err
	}
	where, args = where+" AND "+approved, append(args, approvedArgs...)
	sql := `INSERT INTO campaign_recipients (campaign_id, contact_id, batch_seq, email, name, organisation_id, staff_group, state, error)
		SELECT ?, id, ? + (ROW_NUMBER() OVER (ORDER BY id) - 1) / ?, email, name, organisation_id, staff_group, ?, ''
		FROM (SELECT id, email, name, organisation_id, staff_group FROM contacts WHERE id > ? AND ` + where + `
			ORDER BY id LIMIT ?) AS chunk WHERE true
		ON CONFLICT (campaign_id, contact_id) DO NOTHING`
	all := append([]any{c.ID, c.NextSeq, batchSize, RecipientQueued, c.FillCursor}, args...)
	res := tx.Exec(sql, append(all, limit)...)
	if res.Error != nil {
		return res.Error
	}
	n := int(res.RowsAffected)
	updates := map[string]any{"filled": n < limit}
	if n > 0 {
		var cursor uint
		if err := tx.Model(&CampaignRecipient{}).Where("campaign_id = ? AND batch_seq >= ?", c.ID, c.NextSeq).
			Select("MAX(contact_id)").Scan(&cursor).Error; err != nil {
			return err
		}
		if err := tx.Exec(`INSERT INTO campaign_batches (campaign_id, seq, state, lease_until, size, error, created_at, updated_at)
			SELECT campaign_id, batch_seq, ?, ?, COUNT(*), '', ?, ? FROM campaign_recipients
			WHERE campaign_id = ? AND batch_seq >= ? GROUP BY campaign_id, batch_seq
			ON CONFLICT (campaign_id, seq) DO NOTHING`, RecipientQueued, now, now, now, c.ID, c.NextSeq).Error; err != nil {
			return err
		}
		c.FillCursor, c.NextSeq = cursor, c.NextSeq+(n+batchSize-1)/batchSize
		updates["fill_cursor"], updates["next_seq"] = c.FillCursor, c.NextSeq
	}
	c.Filled = n < limit
	return tx.Model(&Campaign{}).Where("id = ?", c.ID).Updates(updates).Error
}

// ClaimedBatch is a batch a worker leased, with its recipients.
type ClaimedBatch struct {
	Batch      CampaignBatch
	Recipients []CampaignRecipient
}

// ClaimBatch leases the next queued batch of a sending campaign. On Postgres, FOR UPDATE
// SKIP LOCKED lets instances claim side by side without waiting or overlapping; on SQLite
// the immediate transaction serialises claims. Nil when there is nothing to claim or the
// campaign is not sending.
func (s *Store) ClaimBatch(ctx context.Context, campaignID uint, lease time.Duration) (*ClaimedBatch, error) {
	var out *ClaimedBatch
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var status string
		if err := tx.Model(&Campaign{}).Where("id = ?", campaignID).Pluck("status", &status).Error; err != nil {
			return err
		}
		if status != CampaignSending {
			return nil
		}
		lock := ""
		if tx.Dialector.Name() == "postgres" {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		now := time.Now().UTC()
		var bs []CampaignBatch
		err := tx.Raw(`UPDATE campaign_batches SET state = ?, lease_until = ?, updated_at = ?
			WHERE id = (SELECT id FROM campaign_batches WHERE campaign_id = ? AND state = ? ORDER BY seq LIMIT 1`+lock+`)
			RETURNING id, campaign_id, seq, state, lease_until, size, error, created_at, updated_at`,
			RecipientSending, now.Add(lease), now, campaignID, RecipientQueued).Scan(&bs).Error
		if err != nil || len(bs) == 0 {
			return err
		}
		b := &ClaimedBatch{Batch: bs[0]}
		if err := tx.Where("campaign_id = ? AND batch_seq = ? AND state = ?", campaignID, b.Batch.Seq, RecipientQueued).
			Order("id").Find(&b.Recipients).Error; err != nil {
			return err
		}
		out = b
		return nil
	})
	return out, err
}

// CompleteBatch records that SendGrid accepted a batch: its recipients are sent. It also
// settles a batch a slow worker finished after its lease was given up as unknown.
func (s *Store) CompleteBatch(ctx context.Context, b *CampaignBatch) error {
	now := time.Now().UTC()
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&CampaignBatch{}).Where("id = ?", b.ID).
			Updates(map[string]any{"state": RecipientSent, "updated_at": now}).Error; err != nil {
			return err
		}
		return tx.Model(&CampaignRecipient{}).
			Where("campaign_id = ? AND batch_seq = ? AND state IN ?", b.CampaignID, b.Seq,
				[]string{RecipientQueued, RecipientUnknown, RecipientUnsettled}).
			Updates(map[string]any{"state": RecipientSent, "sent_at": now}).Error
	})
}

// EndBatch records a batch SendGrid did not accept: state is failed (a permanent refusal,
// with the reason), queued (SendGrid answered with a temporary refusal, so nothing went
// and the batch goes back in the queue) or unknown (no answer: fate unknown).
func (s *Store) EndBatch(ctx context.Context, b *CampaignBatch, state, reason string) error {
	now := time.Now().UTC()
	return s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&CampaignBatch{}).Where("id = ? AND state = ?", b.ID, RecipientSending).
			Updates(map[string]any{"state": state, "error": reason, "updated_at": now})
		if res.Error != nil || res.RowsAffected == 0 || state == RecipientQueued {
			return res.Error // already decided elsewhere (an expired lease), or nothing to mark
		}
		return tx.Model(&CampaignRecipient{}).
			Where("campaign_id = ? AND batch_seq = ? AND state = ?", b.CampaignID, b.Seq, RecipientQueued).
			Updates(map[string]any{"state": state, "error": reason}).Error
	})
}

// RecoverExpired holds as unknown every batch whose worker's lease ran out (the process
// died or hung), and marks unsettled whatever stayed unknown for longer than grace. It
// returns how many recipients it moved to each.
func (s *Store) RecoverExpired(ctx context.Context, now time.Time, grace time.Duration) (Recovered, error) {
	db := s.DB.WithContext(ctx)
	var expired, stale []CampaignBatch
	var out Recovered
	if err := db.Where("state = ? AND lease_until < ?", RecipientSending, now).Find(&expired).Error; err != nil {
		return out, err
	}
	if err := db.Where("state = ? AND updated_at < ?", RecipientUnknown, now.Add(-grace)).Find(&stale).Error; err != nil {
		return out, err
	}
	for _, b := range expired {
		n, err := s.moveBatch(ctx, b, RecipientSending, RecipientQueued, RecipientUnknown, now,
			"the sender stopped before SendGrid answered; waiting for SendGrid's events")
		if out.Unknown += n; err != nil {
			return out, err
		}
	}
	for _, b := range stale {
		n, err := s.moveBatch(ctx, b, RecipientUnknown, RecipientUnknown, RecipientUnsettled, now,
			"SendGrid never confirmed it: it may or may not have been sent")
		if out.Unsettled += n; err != nil {
			return out, err
		}
	}
	return out, nil
}

// Recovered is how many recipients RecoverExpired held as unknown and marked unsettled.
type Recovered struct{ Unknown, Unsettled int }

// moveBatch moves a batch from one state to the next, and its recipients still in
// recipientFrom with it, unless another instance got there first; it returns how many
// recipients moved.
func (s *Store) moveBatch(ctx context.Context, b CampaignBatch, from, recipientFrom, to string, now time.Time, reason string) (int, error) {
	moved := 0
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&CampaignBatch{}).Where("id = ? AND state = ?", b.ID, from).
			Updates(map[string]any{"state": to, "updated_at": now})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		res = tx.Model(&CampaignRecipient{}).
			Where("campaign_id = ? AND batch_seq = ? AND state = ?", b.CampaignID, b.Seq, recipientFrom).
			Updates(map[string]any{"state": to, "error": reason})
		moved = int(res.RowsAffected)
		return res.Error
	})
	if err != nil {
		return 0, err
	}
	return moved, nil
}

// FinishIfDone marks a sending campaign sent once all its recipient rows are made, no
// batch is queued or in flight and no recipient awaits settlement.
func (s *Store) FinishIfDone(ctx context.Context, id uint) (bool, error) {
	now := time.Now().UTC()
	res := s.DB.WithContext(ctx).Exec(`UPDATE campaigns SET status = ?, finished_at = ?, updated_at = ?
		WHERE id = ? AND status = ? AND filled = ?
		AND NOT EXISTS (SELECT 1 FROM campaign_batches WHERE campaign_id = ? AND state IN ?)
		AND NOT EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND state IN ?)`,
		CampaignSent, now, now, id, CampaignSending, true, id, []string{RecipientQueued, RecipientSending}, id,
		[]string{RecipientQueued, RecipientUnknown})
	return res.RowsAffected > 0, res.Error
}

// QueuedBatches counts a campaign's batches waiting to be claimed.
func (s *Store) QueuedBatches(ctx context.Context, id uint) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Model(&CampaignBatch{}).Where("campaign_id = ? AND state = ?", id, RecipientQueued).
		Count(&n).Error
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

// CancelCampaign stops a campaign for good: batches still queued are cancelled with their
// recipients; batches in flight finish.
func (s *Store) CancelCampaign(ctx context.Context, id uint) (*Campaign, error) {
	from := []string{CampaignDraft, CampaignSubmitted, CampaignReturned, CampaignApproved, CampaignScheduled, CampaignSending, CampaignPaused}
	return s.transition(ctx, id, from, CampaignCancelled, func(tx *gorm.DB, c *Campaign) error {
		// Lock the queued batches first (Postgres): a worker claiming one at this moment
		// holds its row, so we wait, see it is no longer queued, and leave it to finish.
		// Without the lock a batch could be cancelled while it was being sent.
		q := tx.Model(&CampaignBatch{}).Where("campaign_id = ? AND state = ?", c.ID, RecipientQueued)
		if tx.Dialector.Name() == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var seqs []int
		if err := q.Pluck("seq", &seqs).Error; err != nil || len(seqs) == 0 {
			return err
		}
		if err := tx.Model(&CampaignRecipient{}).Where("campaign_id = ? AND state = ? AND batch_seq IN ?", c.ID, RecipientQueued, seqs).
			Update("state", RecipientCancelled).Error; err != nil {
			return err
		}
		return tx.Model(&CampaignBatch{}).Where("campaign_id = ? AND seq IN ?", c.ID, seqs).
			Update("state", RecipientCancelled).Error
	})
}
