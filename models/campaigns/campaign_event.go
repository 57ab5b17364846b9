package campaigns

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/confer-nhs/confer/models"
)

// CampaignEvent is one SendGrid event webhook entry, stored once per sg_event_id (a unique
// index), so a replayed delivery changes nothing. Outcome is what it meant (ClassifyEvent).
type CampaignEvent struct {
	ID          uint   `gorm:"primaryKey"`
	SGEventID   string `gorm:"column:sg_event_id"`
	Event       string
	Outcome     string
	Reason      string // SendGrid's reason for a drop, or a bounce's type
	CampaignID  *uint
	RecipientID *uint
	Email       string
	URL         string `gorm:"column:url"` // the link a click event was on ("" for other events)
	OccurredAt  time.Time
	CreatedAt   time.Time
}

// RecordEvents stores a webhook delivery and applies it, in one transaction: new events
// are inserted (duplicates by sg_event_id skipped), recipients get their first time for
// each outcome, "processed" settles recipients whose batch's fate was unknown, hard bounces
// and spam reports suppress the contact for future campaigns, and unsubscribes and
// resubscribes change the contact's newsletter subscription in the order they happened.
// An event without an outcome is classified by its name alone.
func (s *Store) RecordEvents(ctx context.Context, events []CampaignEvent) (inserted int64, err error) {
	if len(events) == 0 {
		return 0, nil
	}
	for i, e := range events {
		if e.Outcome == "" {
			events[i].Outcome, events[i].Reason = ClassifyEvent(EventFacts{Event: e.Event})
		}
	}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "sg_event_id"}}, DoNothing: true}).
			CreateInBatches(events, 500)
		if res.Error != nil {
			return res.Error
		}
		inserted = res.RowsAffected
		return applyEvents(tx, events, time.Now().UTC())
	})
	return inserted, err
}

// eventGroup is the events of one outcome (and, for drops, one reason).
type eventGroup struct{ outcome, reason string }

func applyEvents(tx *gorm.DB, events []CampaignEvent, now time.Time) error {
	byRecipient := map[eventGroup][]uint{}
	byEmail := map[eventGroup][]string{}
	var subscription []CampaignEvent
	for _, e := range events {
		switch {
		case e.Outcome == OutcomeUnsubscribed || e.Outcome == OutcomeResubscribed:
			subscription = append(subscription, e)
		case e.RecipientID != nil:
			g := eventGroup{e.Outcome, e.Reason}
			byRecipient[g] = append(byRecipient[g], *e.RecipientID)
		case e.Email != "":
			g := eventGroup{e.Outcome, e.Reason}
			byEmail[g] = append(byEmail[g], models.NormaliseEmail(e.Email))
		}
	}
	for g, ids := range byRecipient {
		if err := applyRecipientEvent(tx, g, ids, now); err != nil {
			return err
		}
	}
	for g, emails := range byEmail {
		for start := 0; start < len(emails); start += 500 {
			if err := suppressContacts(tx, g.outcome, emails[start:min(start+500, len(emails))], now); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(subscription, func(a, b CampaignEvent) int { return a.OccurredAt.Compare(b.OccurredAt) })
	for _, e := range subscription {
		if err := applySubscription(tx, e, now); err != nil {
			return err
		}
	}
	return nil
}

func applyRecipientEvent(tx *gorm.DB, g eventGroup, ids []uint, now time.Time) error {
	col := outcomeEffects[g.outcome].column
	if col == "" {
		return nil
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		q := tx.Model(&CampaignRecipient{}).Where("id IN ?", chunk)
		updates := map[string]any{col: gorm.Expr("COALESCE("+col+", ?)", now)}
		switch g.outcome {
		case OutcomeProcessed:
			q = q.Where("state IN ?", []string{RecipientQueued, RecipientUnknown, RecipientUnsettled})
			updates["state"] = RecipientSent
			updates["error"] = ""
		case OutcomeDropped: // the first drop's reason is the one shown
			updates["drop_reason"] = gorm.Expr("CASE WHEN dropped_at IS NULL THEN ? ELSE drop_reason END", g.reason)
		}
		if err := q.Updates(updates).Error; err != nil {
			return err
		}
		emails := tx.Model(&CampaignRecipient{}).Select("email").Where("id IN ?", chunk)
		if err := suppressContacts(tx, g.outcome, emails, now); err != nil {
			return err
		}
	}
	return nil
}

// suppressContacts applies a hard bounce or a spam report to the contacts whose email is
// in emails (a list or a subquery). Nothing else suppresses anyone.
func suppressContacts(tx *gorm.DB, outcome string, emails any, now time.Time) error {
	kind := outcomeEffects[outcome].suppress
	if kind == "" {
		return nil
	}
	return tx.Model(&models.Contact{}).Where("email IN (?) AND suppressed = ''", emails).
		Updates(map[string]any{"suppressed": kind, "suppressed_at": now}).Error
}

// applySubscription applies one unsubscribe or resubscribe at the time it happened: an
// unsubscribe does not undo a resubscribe that came after it (deliveries can arrive out of
// order), and a resubscribe undoes only unsubscribes from before it.
func applySubscription(tx *gorm.DB, e CampaignEvent, now time.Time) error {
	at := e.OccurredAt
	if at.Unix() <= 0 || at.After(now) {
		at = now
	}
	email := models.NormaliseEmail(e.Email)
	if e.RecipientID != nil {
		var r CampaignRecipient
		if err := tx.Select("id", "email").First(&r, *e.RecipientID).Error; err == nil {
			email = r.Email
		} else if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
	}
	recipient := tx.Model(&CampaignRecipient{}).Where("id = ?", models.Deref(e.RecipientID))
	contact := tx.Model(&models.Contact{}).Where("email = ?", email)
	if e.Outcome == OutcomeResubscribed {
		if err := recipient.Where("unsubscribed_at <= ?", at).Update("unsubscribed_at", nil).Error; err != nil {
			return err
		}
		return contact.Where("unsubscribed_at <= ?", at).Update("unsubscribed_at", nil).Error
	}
	var later int64
	if err := tx.Model(&CampaignEvent{}).Where("event = 'group_resubscribe' AND email = ? AND occurred_at > ?", email, at).
		Count(&later).Error; err != nil || later > 0 {
		return err
	}
	if err := recipient.Where("unsubscribed_at IS NULL").Update("unsubscribed_at", at).Error; err != nil {
		return err
	}
	return contact.Where("unsubscribed_at IS NULL").Update("unsubscribed_at", at).Error
}

// UnsubscribeToken is a recipient's unsubscribe link token: their row id and an HMAC of
// it under the campaign's own key. It needs no stored secret per recipient (rows are
// bulk-inserted) and cannot be guessed or moved to another recipient.
func UnsubscribeToken(campaignKey string, recipientID uint) string {
	id := strconv.FormatUint(uint64(recipientID), 10)
	return id + "." + unsubMAC(campaignKey, id)
}

// PulseToken is a recipient's personal link to the campaign's readiness pulse: like
// UnsubscribeToken, their row id and an HMAC of it under the campaign's key, in its own
// domain so that neither token opens the other's page. Nothing is stored per recipient.
func PulseToken(campaignKey string, recipientID uint) string {
	id := strconv.FormatUint(uint64(recipientID), 10)
	return id + "." + recipientMAC(campaignKey, "confer-pulse:", id)
}

// CheckPulseToken splits a pulse token into its recipient id and MAC; the caller verifies
// the MAC with PulseTokenValid once it has read the recipient's campaign.
func CheckPulseToken(token string) (recipientID uint, ok bool) {
	id, mac, found := strings.Cut(token, ".")
	n, err := strconv.ParseUint(id, 10, 32)
	if !found || err != nil || mac == "" || len(token) > 200 {
		return 0, false
	}
	return uint(n), true
}

// PulseTokenValid reports, in constant time, whether token is recipientID's pulse token
// under the campaign's key.
func PulseTokenValid(campaignKey string, recipientID uint, token string) bool {
	return hmac.Equal([]byte(token), []byte(PulseToken(campaignKey, recipientID)))
}

func unsubMAC(key, id string) string { return recipientMAC(key, "confer-unsubscribe:", id) }

func recipientMAC(key, domain, id string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(domain + id))
	// 128 bits of the MAC: as unguessable as a 128-bit secret, and 21 characters shorter
	// in each of the 100,000 links and headers of a large campaign.
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// UnsubscribeTarget is what an unsubscribe token points at.
type UnsubscribeTarget struct {
	Recipient CampaignRecipient
	Campaign  Campaign
}

// LookupUnsubscribe checks a token; a malformed, forged or notice token is not found.
func (s *Store) LookupUnsubscribe(ctx context.Context, token string) (*UnsubscribeTarget, error) {
	id, mac, ok := strings.Cut(token, ".")
	n, err := strconv.ParseUint(id, 10, 32)
	if !ok || err != nil || len(token) > 200 {
		return nil, models.NotFound("unsubscribe link")
	}
	var t UnsubscribeTarget
	db := s.DB.WithContext(ctx)
	if err := db.First(&t.Recipient, uint(n)).Error; err != nil {
		return nil, models.OrNotFound(err, "unsubscribe link")
	}
	if err := db.First(&t.Campaign, t.Recipient.CampaignID).Error; err != nil {
		return nil, models.OrNotFound(err, "unsubscribe link")
	}
	if t.Campaign.Kind != KindNewsletter || !hmac.Equal([]byte(mac), []byte(unsubMAC(t.Campaign.UnsubKey, id))) {
		return nil, models.NotFound("unsubscribe link")
	}
	return &t, nil
}

// Unsubscribe records that the recipient of a newsletter left: their row and contact.
func (s *Store) Unsubscribe(ctx context.Context, t *UnsubscribeTarget) error {
	now := time.Now().UTC()
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&CampaignRecipient{}).Where("id = ? AND unsubscribed_at IS NULL", t.Recipient.ID).
			Update("unsubscribed_at", now).Error; err != nil {
			return err
		}
		return tx.Model(&models.Contact{}).Where("email = ? AND unsubscribed_at IS NULL", t.Recipient.Email).
			Update("unsubscribed_at", now).Error
	})
}
