package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0020CampaignLinks keeps which link each SendGrid click event was on, so a campaign's
// page can count clicks per link: campaign_events.url (empty for every other event), and
// a partial index over the click events alone, by campaign and link, which the per-link
// count reads without touching the far more numerous delivery and open events.
func m0020CampaignLinks() *gormigrate.Migration {
	type CampaignEvent struct {
		URL string `gorm:"column:url;size:2000;not null;default:''"`
	}
	return &gormigrate.Migration{
		ID: "0020_campaign_links",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().AddColumn(&CampaignEvent{}, "URL"); err != nil {
				return err
			}
			return tx.Exec(`CREATE INDEX idx_campaign_events_clicks ON campaign_events (campaign_id, url, recipient_id)
				WHERE event = 'click'`).Error
		},
		// Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+ and Postgres): GORM's SQLite
		// DropColumn rebuilds the table and loses the indexes other migrations made in SQL.
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Exec("DROP INDEX IF EXISTS idx_campaign_events_clicks").Error; err != nil {
				return err
			}
			return tx.Exec("ALTER TABLE campaign_events DROP COLUMN url").Error
		},
	}
}
