package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// OIDCLogin is one single sign-on attempt between /auth/oidc/start and the callback.
//
// It is kept server-side rather than in a signed cookie because the state must be
// single-use: a row is consumed by a conditional update, so a replayed callback (the same
// state twice, from any instance, even with a copied cookie) finds it used. The browser
// holds only the raw state in a short-lived HttpOnly cookie, so a callback started in
// another browser (login CSRF) does not match. The state is stored hashed; the nonce and
// the PKCE verifier live at most OIDCLoginTTL and are deleted once stale.
type OIDCLogin struct {
	ID        uint `gorm:"primaryKey"`
	StateHash string
	Nonce     string
	Verifier  string
	ReturnTo  string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

// TableName keeps the initialism whole (GORM would write o_id_c_logins).
func (OIDCLogin) TableName() string { return "oidc_logins" }

// OIDCLoginTTL is how long someone has at the provider's sign-in page.
const OIDCLoginTTL = 10 * time.Minute

// CreateOIDCLogin stores a new attempt under its state (raw, returned to go in the
// redirect and the cookie) and clears attempts that have gone stale.
func (s *Store) CreateOIDCLogin(ctx context.Context, nonce, verifier, returnTo string) (string, error) {
	raw, hash := NewSecret("")
	now := time.Now().UTC()
	return raw, s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("expires_at < ?", now.Add(-time.Hour)).Delete(&OIDCLogin{}).Error; err != nil {
			return err
		}
		return tx.Create(&OIDCLogin{StateHash: hash, Nonce: nonce, Verifier: verifier, ReturnTo: returnTo,
			ExpiresAt: now.Add(OIDCLoginTTL)}).Error
	})
}

// ConsumeOIDCLogin uses an attempt's state exactly once; an unknown, used or expired
// state is not found.
func (s *Store) ConsumeOIDCLogin(ctx context.Context, rawState string) (*OIDCLogin, error) {
	var l OIDCLogin
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		now := time.Now().UTC()
		if err := tx.Where("state_hash = ?", HashSecret(rawState)).First(&l).Error; err != nil {
			return OrNotFound(err, "sign-in attempt")
		}
		res := tx.Model(&OIDCLogin{}).Where("id = ? AND used_at IS NULL AND expires_at > ?", l.ID, now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return NotFound("sign-in attempt")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// Why an SSO sign-in is refused, beyond a bad token.
var (
	// ErrSSONotInvited: no team account has the address (nobody gets one by signing in).
	ErrSSONotInvited = Errorf(EFORBIDDEN, "no team account has this email address")
	// ErrSSOBoundElsewhere: the account is bound to another identity at the provider.
	ErrSSOBoundElsewhere = Errorf(EFORBIDDEN, "this account is linked to a different single sign-on identity")
)

// SignInWithOIDC opens a session for the team account an SSO identity belongs to. An
// identity already bound (issuer and subject) signs in to its account whatever the email
// now says; otherwise the account is found by email and bound, once, by a conditional
// update, so two first sign-ins racing bind one identity and the other is refused.
func (s *Store) SignInWithOIDC(ctx context.Context, issuer, subject, email, device string) (*Person, string, error) {
	var (
		person  Person
		session string
	)
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		err := tx.Preload("Organisation").Where("oidc_issuer = ? AND oidc_subject = ?", issuer, subject).First(&person).Error
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		if err != nil {
			if err := bindOIDC(tx, &person, issuer, subject, email); err != nil {
				return err
			}
		}
		if person.Role == "" {
			return ErrSSONotInvited
		}
		session, err = openSession(tx, person.ID, SessionBySSO, device)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return &person, session, nil
}

// bindOIDC finds the team account with email and binds it to issuer and subject, unless
// it is bound to another identity already.
func bindOIDC(tx *gorm.DB, p *Person, issuer, subject, email string) error {
	if email == "" {
		return ErrSSONotInvited
	}
	err := tx.Preload("Organisation").Where("email = ? AND role <> ''", email).First(p).Error
	if ErrorCode(err) == ENOTFOUND {
		return ErrSSONotInvited
	}
	if err != nil {
		return err
	}
	res := tx.Model(&Person{}).Where("id = ? AND oidc_subject IS NULL", p.ID).
		Updates(map[string]any{"oidc_issuer": issuer, "oidc_subject": subject})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ErrSSOBoundElsewhere
	}
	p.OIDCIssuer, p.OIDCSubject = &issuer, &subject
	return nil
}
