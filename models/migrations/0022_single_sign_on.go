package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0022SingleSignOn adds single sign-on and what a person sees of their sessions:
//
//   - people.oidc_issuer and oidc_subject bind a team account to one identity at the
//     OpenID provider at its first SSO sign-in (NULL until then); a unique index keeps
//     one identity to one account.
//   - web_sessions.method ("link" or "sso") and device (a short browser description),
//     shown on the sessions page; sessions opened before this migration were by link.
//   - oidc_logins holds each SSO attempt's hashed state, nonce and PKCE verifier between
//     the redirect to the provider and its callback (single-use, ten minutes).
func m0022SingleSignOn() *gormigrate.Migration {
	type Person struct {
		OIDCIssuer  *string `gorm:"column:oidc_issuer;size:500"`
		OIDCSubject *string `gorm:"column:oidc_subject;size:255"`
	}
	type WebSession struct {
		Method string `gorm:"size:10;not null;default:'link'"`
		Device string `gorm:"size:100;not null;default:''"`
	}
	type OIDCLogin struct {
		ID        uint      `gorm:"primaryKey"`
		StateHash string    `gorm:"size:64;not null;uniqueIndex:idx_oidc_logins_state"`
		Nonce     string    `gorm:"size:100;not null"`
		Verifier  string    `gorm:"size:200;not null"`
		ReturnTo  string    `gorm:"size:500;not null;default:''"`
		ExpiresAt time.Time `gorm:"not null;index"`
		UsedAt    *time.Time
		CreatedAt time.Time
	}
	return &gormigrate.Migration{
		ID: "0022_single_sign_on",
		Migrate: func(tx *gorm.DB) error {
			for _, c := range []struct {
				model any
				field string
			}{{&Person{}, "OIDCIssuer"}, {&Person{}, "OIDCSubject"}, {&WebSession{}, "Method"}, {&WebSession{}, "Device"}} {
				if err := tx.Migrator().AddColumn(c.model, c.field); err != nil {
					return err
				}
			}
			if err := tx.Exec(`CREATE UNIQUE INDEX idx_people_oidc ON people (oidc_issuer, oidc_subject)`).Error; err != nil {
				return err
			}
			return tx.Table("oidc_logins").Migrator().CreateTable(&OIDCLogin{})
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("oidc_logins"); err != nil {
				return err
			}
			if err := tx.Exec("DROP INDEX IF EXISTS idx_people_oidc").Error; err != nil {
				return err
			}
			if err := dropColumns(tx, "web_sessions", "method", "device"); err != nil {
				return err
			}
			return dropColumns(tx, "people", "oidc_issuer", "oidc_subject")
		},
	}
}
