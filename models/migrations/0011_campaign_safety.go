package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0011CampaignSafety makes campaigns safe against wrong suppressions and self-approval:
//
//   - campaign_edits records who made each version of a campaign (version 1 is its
//     author's, filled in for existing campaigns), so nobody approves their own words;
//   - campaigns.hold_reason says why a campaign did not start (its audience now reaches
//     an organisation that has not approved it);
//   - campaign_recipients gains the events that are not bounces: blocked (a temporary
//     block), dropped by SendGrid for a reason on our side (drop_reason), deferred, and
//     machine opens (Apple Mail privacy), counted apart from people reading;
//   - campaign_events keeps what each event meant (outcome) and SendGrid's reason, and a
//     small partial index finds resubscribes by address, so an unsubscribe that arrives
//     after a later resubscribe does not win.
func m0011CampaignSafety() *gormigrate.Migration {
	type CampaignEdit struct {
		ID         uint      `gorm:"primaryKey"`
		CampaignID uint      `gorm:"not null;uniqueIndex:idx_campaign_edit_version,priority:1"`
		Version    int       `gorm:"not null;uniqueIndex:idx_campaign_edit_version,priority:2"`
		EditorID   uint      `gorm:"not null"`
		CreatedAt  time.Time `gorm:"not null"`
	}
	type Campaign struct {
		HoldReason string `gorm:"type:text;not null;default:''"`
	}
	type CampaignRecipient struct {
		BlockedAt       *time.Time
		DroppedAt       *time.Time
		DropReason      string `gorm:"size:200;not null;default:''"`
		DeferredAt      *time.Time
		MachineOpenedAt *time.Time
	}
	type CampaignEvent struct {
		Outcome string `gorm:"size:30;not null;default:''"`
		Reason  string `gorm:"size:200;not null;default:''"`
	}
	columns := []struct {
		model any
		field string
	}{{&Campaign{}, "HoldReason"}, {&CampaignRecipient{}, "BlockedAt"}, {&CampaignRecipient{}, "DroppedAt"},
		{&CampaignRecipient{}, "DropReason"}, {&CampaignRecipient{}, "DeferredAt"}, {&CampaignRecipient{}, "MachineOpenedAt"},
		{&CampaignEvent{}, "Outcome"}, {&CampaignEvent{}, "Reason"}}
	return &gormigrate.Migration{
		ID: "0011_campaign_safety",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&CampaignEdit{}); err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO campaign_edits (campaign_id, version, editor_id, created_at)
				SELECT id, 1, author_id, created_at FROM campaigns`).Error; err != nil {
				return err
			}
			for _, c := range columns {
				if err := tx.Migrator().AddColumn(c.model, c.field); err != nil {
					return err
				}
			}
			return tx.Exec(`CREATE INDEX idx_campaign_events_resubscribe ON campaign_events (email, occurred_at)
				WHERE event = 'group_resubscribe'`).Error
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Exec("DROP INDEX IF EXISTS idx_campaign_events_resubscribe").Error; err != nil {
				return err
			}
			if err := dropColumns(tx, "campaign_events", "reason", "outcome"); err != nil {
				return err
			}
			if err := dropColumns(tx, "campaign_recipients", "machine_opened_at", "deferred_at", "drop_reason",
				"dropped_at", "blocked_at"); err != nil {
				return err
			}
			if err := dropColumns(tx, "campaigns", "hold_reason"); err != nil {
				return err
			}
			return tx.Migrator().DropTable(&CampaignEdit{})
		},
	}
}
