package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

func m0001Foundation() *gormigrate.Migration {
	type Organisation struct {
		ID        uint   `gorm:"primaryKey"`
		Name      string `gorm:"size:200;not null"`
		Code      string `gorm:"size:20;not null;uniqueIndex"`
		Kind      string `gorm:"size:30;not null"`
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	type OrganisationDomain struct {
		ID             uint   `gorm:"primaryKey"`
		OrganisationID uint   `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Domain         string `gorm:"size:253;not null;uniqueIndex"`
		Organisation   *Organisation
	}
	type Person struct {
		ID             uint   `gorm:"primaryKey"`
		Email          string `gorm:"size:320;not null;uniqueIndex"` // stored lower-cased
		Name           string `gorm:"size:200;not null"`
		OrganisationID *uint  `gorm:"index"`
		Organisation   *Organisation
		StaffGroup     string `gorm:"size:60;not null;default:'';index"`
		JobRole        string `gorm:"size:200;not null;default:''"`
		Role           string `gorm:"size:20;not null;default:'';index"`
		CreatedAt      time.Time
		UpdatedAt      time.Time
	}
	type APIToken struct {
		ID         uint `gorm:"primaryKey"`
		PersonID   uint `gorm:"not null;index"`
		Person     *Person
		Name       string `gorm:"size:100;not null"`
		Prefix     string `gorm:"size:16;not null"`
		Hash       string `gorm:"size:64;not null;uniqueIndex"`
		CreatedAt  time.Time
		LastUsedAt *time.Time
		RevokedAt  *time.Time
	}
	type SignInToken struct {
		ID        uint   `gorm:"primaryKey"`
		Email     string `gorm:"size:320;not null;index"`
		Hash      string `gorm:"size:64;not null;uniqueIndex"`
		ExpiresAt time.Time
		UsedAt    *time.Time
		CreatedAt time.Time
	}
	type WebSession struct {
		ID         uint `gorm:"primaryKey"`
		PersonID   uint `gorm:"not null;index"`
		Person     *Person
		Hash       string    `gorm:"size:64;not null;uniqueIndex"`
		ExpiresAt  time.Time `gorm:"index"`
		CreatedAt  time.Time
		LastSeenAt time.Time
	}
	type OutboxMessage struct {
		ID          uint      `gorm:"primaryKey"`
		To          string    `gorm:"column:to_email;size:320;not null;index"`
		ToName      string    `gorm:"size:200;not null;default:''"`
		From        string    `gorm:"column:from_email;size:320;not null;default:''"`
		Subject     string    `gorm:"size:500;not null"`
		Text        string    `gorm:"type:text;not null;default:''"`
		HTML        string    `gorm:"column:html;type:text;not null;default:''"`
		Headers     string    `gorm:"type:text;not null;default:'{}'"`
		Attachments string    `gorm:"type:text;not null;default:'[]'"`
		Category    string    `gorm:"size:60;not null;default:''"`
		CreatedAt   time.Time `gorm:"index"`
	}
	tables := []any{&Organisation{}, &OrganisationDomain{}, &Person{}, &APIToken{},
		&SignInToken{}, &WebSession{}, &OutboxMessage{}}
	return &gormigrate.Migration{
		ID: "0001_foundation",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(tables...)
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
