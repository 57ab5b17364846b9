package campaigns

import (
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// CampaignEdit records who made one version of a campaign: its author made version 1, and
// each change to content or audience makes the next version by whoever changed it. Anyone
// who made the version being approved, or any version it grew from, has words in it, so
// may not approve it (see DecideCampaign): otherwise a second comms user could rewrite
// someone else's campaign and sign it off themselves.
type CampaignEdit struct {
	ID         uint `gorm:"primaryKey"`
	CampaignID uint
	Version    int
	EditorID   uint
	Editor     *models.Person `gorm:"foreignKey:EditorID"`
	CreatedAt  time.Time
}

func recordEdit(tx *gorm.DB, c *Campaign, editorID uint) error {
	return tx.Create(&CampaignEdit{CampaignID: c.ID, Version: c.Version, EditorID: editorID}).Error
}
