package models

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CampaignEvent is one SendGrid event webhook entry, stored once per sg_event_id (a unique
// index), so a replayed delivery changes nothing.
type CampaignEvent struct {
	ID          uint   `gorm:"primaryKey"`
	SGEventID   string `gorm:"column:sg_event_id"`
	Event       string
	CampaignID  *uint
	RecipientID *uint
	Email       string
	OccurredAt  time.Time
	CreatedAt   time.Time
}

// eventColumn is the recipient column each event type sets.
var eventColumn = map[string]string{
	"processed":         "sent_at",
	"delivered":         "delivered_at",
	"open":              "opened_at",
	"click":             "clicked_at",
	"bounce":            "bounced_at",
	"dropped":           "bounced_at",
	"spamreport":        "spam_reported_at",
	"unsubscribe":       "unsubscribed_at",
	"group_unsubscribe": "unsubscribed_at",
}

// RecordEvents stores a webhook delivery and applies it, in one transaction: new events
// are inserted (duplicates by sg_event_id skipped), recipients get their first time for
// each event, "processed" settles recipients whose batch's fate was unknown, and bounces,
// spam reports and unsubscribes suppress the contact for future campaigns.
func (s *Store) RecordEvents(ctx context.Context, events []CampaignEvent) (inserted int64, err error) {
	if len(events) == 0 {
		return 0, nil
	}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "sg_event_id"}}, DoNothing: true}).
			CreateInBatches(events, 500)
		if res.Error != nil {
			return res.Error
		}
		inserted = res.RowsAffected
		byEvent := map[string][]uint{}
		emailsBy := map[string][]string{}
		for _, e := range events {
			if e.RecipientID != nil {
				byEvent[e.Event] = append(byEvent[e.Event], *e.RecipientID)
			} else if e.Email != "" {
				emailsBy[e.Event] = append(emailsBy[e.Event], e.Email)
			}
		}
		now := time.Now().UTC()
		for ev, ids := range byEvent {
			if err := applyRecipientEvent(tx, ev, ids, now); err != nil {
				return err
			}
		}
		for ev, emails := range emailsBy {
			if err := suppressEmails(tx, ev, emails, now); err != nil {
				return err
			}
		}
		return nil
	})
	return inserted, err
}

func applyRecipientEvent(tx *gorm.DB, ev string, ids []uint, now time.Time) error {
	col, ok := eventColumn[ev]
	if !ok {
		return nil
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		q := tx.Model(&CampaignRecipient{}).Where("id IN ?", chunk)
		updates := map[string]any{col: gorm.Expr("COALESCE("+col+", ?)", now)}
		if ev == "processed" {
			q = q.Where("state IN ?", []string{RecipientQueued, RecipientUnknown, RecipientUnsettled})
			updates["state"] = RecipientSent
			updates["error"] = ""
		}
		if err := q.Updates(updates).Error; err != nil {
			return err
		}
		emails := tx.Model(&CampaignRecipient{}).Select("email").Where("id IN ?", chunk)
		if err := suppressContacts(tx, ev, emails, now); err != nil {
			return err
		}
	}
	return nil
}

func suppressEmails(tx *gorm.DB, ev string, emails []string, now time.Time) error {
	for i := range emails {
		emails[i] = NormaliseEmail(emails[i])
	}
	for start := 0; start < len(emails); start += 500 {
		if err := suppressContacts(tx, ev, emails[start:min(start+500, len(emails))], now); err != nil {
			return err
		}
	}
	return nil
}

// suppressContacts applies a bounce, spam report or unsubscribe to the contacts whose
// email is in emails (a list or a subquery).
func suppressContacts(tx *gorm.DB, ev string, emails any, now time.Time) error {
	q := tx.Model(&Contact{}).Where("email IN (?)", emails)
	switch ev {
	case "bounce", "dropped":
		return q.Where("suppressed = ''").Updates(map[string]any{"suppressed": "bounced", "suppressed_at": now}).Error
	case "spamreport":
		return q.Where("suppressed = ''").Updates(map[string]any{"suppressed": "spam_reported", "suppressed_at": now}).Error
	case "unsubscribe", "group_unsubscribe":
		return q.Where("unsubscribed_at IS NULL").Update("unsubscribed_at", now).Error
	}
	return nil
}

// UnsubscribeToken is a recipient's unsubscribe link token: their row id and an HMAC of
// it under the campaign's own key. It needs no stored secret per recipient (rows are
// bulk-inserted) and cannot be guessed or moved to another recipient.
func UnsubscribeToken(campaignKey string, recipientID uint) string {
	id := strconv.FormatUint(uint64(recipientID), 10)
	return id + "." + unsubMAC(campaignKey, id)
}

func unsubMAC(key, id string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte("confer-unsubscribe:" + id))
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
		return nil, NotFound("unsubscribe link")
	}
	var t UnsubscribeTarget
	db := s.DB.WithContext(ctx)
	if err := db.First(&t.Recipient, uint(n)).Error; err != nil {
		return nil, orNotFound(err, "unsubscribe link")
	}
	if err := db.First(&t.Campaign, t.Recipient.CampaignID).Error; err != nil {
		return nil, orNotFound(err, "unsubscribe link")
	}
	if t.Campaign.Kind != KindNewsletter || !hmac.Equal([]byte(mac), []byte(unsubMAC(t.Campaign.UnsubKey, id))) {
		return nil, NotFound("unsubscribe link")
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
		return suppressContacts(tx, "unsubscribe", []string{t.Recipient.Email}, now)
	})
}
