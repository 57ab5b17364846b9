package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0005Campaigns adds contacts, campaigns, their approvals, one row per (campaign,
// recipient), send batches and webhook events.
func m0005Campaigns() *gormigrate.Migration {
	type Contact struct {
		ID             uint   `gorm:"primaryKey"`
		Email          string `gorm:"size:320;not null;uniqueIndex"` // lower-cased
		Name           string `gorm:"size:200;not null;default:''"`
		OrganisationID *uint  `gorm:"index"`
		StaffGroup     string `gorm:"size:60;not null;default:'';index"`
		JobRole        string `gorm:"size:200;not null;default:'';index"`
		UnsubscribedAt *time.Time
		SuppressedAt   *time.Time
		Suppressed     string `gorm:"size:20;not null;default:''"` // bounced | spam_reported
		CreatedAt      time.Time
		UpdatedAt      time.Time
	}
	type Campaign struct {
		ID           uint   `gorm:"primaryKey"`
		Name         string `gorm:"size:200;not null"`
		Subject      string `gorm:"size:500;not null"`
		BodyMarkdown string `gorm:"type:text;not null"`
		Kind         string `gorm:"size:20;not null"`
		Audience     string `gorm:"type:text;not null;default:'{}'"`
		Status       string `gorm:"size:30;not null;index"`
		Version      int    `gorm:"not null;default:1"`
		AuthorID     uint   `gorm:"not null;index"`
		UnsubKey     string `gorm:"size:64;not null"`
		SendAt       *time.Time
		StartedAt    *time.Time
		FinishedAt   *time.Time
		ReturnNote   string `gorm:"type:text;not null;default:''"`
		// Recipient rows are made in chunks while the first batches already send:
		// FillCursor is the last contact id done, NextSeq the next batch number, Filled
		// says all are made, Planned is the audience count when sending started.
		FillCursor uint `gorm:"not null;default:0"`
		NextSeq    int  `gorm:"not null;default:0"`
		Filled     bool `gorm:"not null;default:false"`
		Planned    int  `gorm:"not null;default:0"`
		CreatedAt  time.Time
		UpdatedAt  time.Time
	}
	type CampaignApproval struct {
		ID             uint `gorm:"primaryKey"`
		CampaignID     uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Campaign       *Campaign
		Version        int    `gorm:"not null"`
		ApproverID     uint   `gorm:"not null"`
		OrganisationID *uint  // nil: an admin's approval, covering every organisation
		Decision       string `gorm:"size:20;not null"`
		Comment        string `gorm:"type:text;not null;default:''"`
		CreatedAt      time.Time
	}
	// CampaignBatch is one SendGrid request's worth of recipients (up to 1,000), made when
	// sending starts. Workers claim batch rows, not recipient rows, so a claim locks and
	// updates one small row.
	type CampaignBatch struct {
		ID         uint      `gorm:"primaryKey"`
		CampaignID uint      `gorm:"not null;uniqueIndex:idx_batch_campaign_seq,priority:1;index:idx_batch_campaign_state,priority:1"`
		Seq        int       `gorm:"not null;uniqueIndex:idx_batch_campaign_seq,priority:2"`
		State      string    `gorm:"size:20;not null;index:idx_batch_campaign_state,priority:2"`
		LeaseUntil time.Time `gorm:"not null"`
		Size       int       `gorm:"not null"`
		Error      string    `gorm:"type:text;not null;default:''"`
		CreatedAt  time.Time
		UpdatedAt  time.Time
	}
	type CampaignRecipient struct {
		ID uint `gorm:"primaryKey"`
		// (campaign, contact) is unique: contacts are unique by email, and integer keys keep
		// the 100,000-row INSERT ... SELECT cheap. Only three indexes, none on state, so
		// marking a recipient sent is a heap-only (HOT) update on Postgres.
		CampaignID     uint   `gorm:"not null;uniqueIndex:idx_recipient_campaign_contact,priority:1;index:idx_recipient_campaign_batch,priority:1"`
		ContactID      uint   `gorm:"not null;uniqueIndex:idx_recipient_campaign_contact,priority:2"`
		BatchSeq       int    `gorm:"not null;index:idx_recipient_campaign_batch,priority:2"`
		Email          string `gorm:"size:320;not null"`
		Name           string `gorm:"size:200;not null;default:''"`
		OrganisationID *uint
		StaffGroup     string `gorm:"size:60;not null;default:''"`
		State          string `gorm:"size:20;not null"`
		Error          string `gorm:"type:text;not null;default:''"`
		SentAt         *time.Time
		DeliveredAt    *time.Time
		OpenedAt       *time.Time
		ClickedAt      *time.Time
		BouncedAt      *time.Time
		UnsubscribedAt *time.Time
		SpamReportedAt *time.Time
	}
	type CampaignEvent struct {
		ID          uint   `gorm:"primaryKey"`
		SGEventID   string `gorm:"column:sg_event_id;size:100;not null;uniqueIndex"`
		Event       string `gorm:"size:30;not null"`
		CampaignID  *uint  `gorm:"index"`
		RecipientID *uint
		Email       string `gorm:"size:320;not null;default:''"`
		OccurredAt  time.Time
		CreatedAt   time.Time
	}
	tables := []any{&Contact{}, &Campaign{}, &CampaignApproval{}, &CampaignBatch{},
		&CampaignRecipient{}, &CampaignEvent{}}
	return &gormigrate.Migration{
		ID: "0005_campaigns",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(tables...); err != nil {
				return err
			}
			if tx.Dialector.Name() == "postgres" {
				// Room on each page for the row's later versions (sent, delivered, opened),
				// so those updates stay heap-only and touch no index.
				return tx.Exec("ALTER TABLE campaign_recipients SET (fillfactor = 60)").Error
			}
			return nil
		},
		Rollback: func(tx *gorm.DB) error {
			for i := len(tables) - 1; i >= 0; i-- {
				if err := tx.Migrator().DropTable(tables[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
