package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0026CampaignResend records when a campaign's unsettled recipient (SendGrid never
// confirmed the batch a dead sender had in flight) was put back in the queue by the comms
// user's resend (campaign_recipients.resent_at), so a second resend never includes them:
// each is resent at most once. Rows made before it read as never resent.
func m0026CampaignResend() *gormigrate.Migration {
	type CampaignRecipient struct {
		ResentAt *time.Time
	}
	return &gormigrate.Migration{
		ID: "0026_campaign_resend",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().AddColumn(&CampaignRecipient{}, "ResentAt")
		},
		Rollback: func(tx *gorm.DB) error {
			return dropColumns(tx, "campaign_recipients", "resent_at")
		},
	}
}
