package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// APIToken lets an integrator call the API as a user: "Authorization: Bearer cfr_...".
type APIToken struct {
	ID         uint `gorm:"primaryKey"`
	PersonID   uint
	Person     *Person
	Name       string
	Prefix     string // the first characters, shown so a user can tell tokens apart
	Hash       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// SignInToken is a one-time sign-in link's secret, stored hashed.
type SignInToken struct {
	ID        uint `gorm:"primaryKey"`
	Email     string
	Hash      string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

// WebSession is a browser session, opened by an emailed sign-in link or single sign-on.
type WebSession struct {
	ID         uint `gorm:"primaryKey"`
	PersonID   uint
	Person     *Person
	Hash       string
	Method     string // how it was opened: SessionByLink or SessionBySSO
	Device     string // a short description of the browser ("Edge on Windows"), not the whole User-Agent
	ExpiresAt  time.Time
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// How a session was opened.
const (
	SessionByLink = "link"
	SessionBySSO  = "sso"
)

// Lifetimes of the secrets.
const (
	SignInTokenTTL = 15 * time.Minute
	SessionTTL     = 14 * 24 * time.Hour
	apiTokenPrefix = "cfr_"
)

// CreateAPIToken issues a new token for a person and returns the raw token once.
func (s *Store) CreateAPIToken(ctx context.Context, personID uint, name string) (*APIToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", Invalid("name", "name is required (at most 100 characters)")
	}
	raw, hash := NewSecret(apiTokenPrefix)
	t := &APIToken{PersonID: personID, Name: name, Prefix: raw[:len(apiTokenPrefix)+6], Hash: hash}
	if err := s.DB.WithContext(ctx).Omit("Person").Create(t).Error; err != nil {
		return nil, "", err
	}
	return t, raw, nil
}

// ListAPITokens lists a person's tokens, or everyone's when personID is 0.
func (s *Store) ListAPITokens(ctx context.Context, personID uint) ([]APIToken, error) {
	q := s.DB.WithContext(ctx).Preload("Person").Order("id DESC")
	if personID != 0 {
		q = q.Where("person_id = ?", personID)
	}
	var out []APIToken
	return out, q.Find(&out).Error
}

// RevokeAPIToken revokes a token; personID 0 lets an admin revoke anyone's.
func (s *Store) RevokeAPIToken(ctx context.Context, id, personID uint) error {
	q := s.DB.WithContext(ctx).Model(&APIToken{}).Where("id = ? AND revoked_at IS NULL", id)
	if personID != 0 {
		q = q.Where("person_id = ?", personID)
	}
	res := q.Update("revoked_at", time.Now().UTC())
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return NotFound("token")
	}
	return nil
}

// PersonForAPIToken returns the user a live API token belongs to.
func (s *Store) PersonForAPIToken(ctx context.Context, raw string) (*Person, error) {
	var t APIToken
	err := s.DB.WithContext(ctx).Preload("Person.Organisation").
		Where("hash = ? AND revoked_at IS NULL", HashSecret(raw)).First(&t).Error
	if err != nil {
		return nil, OrNotFound(err, "token")
	}
	now := time.Now().UTC()
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute { // avoid a write per request
		s.DB.WithContext(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now)
	}
	return t.Person, nil
}

// CreateSignInToken stores a one-time sign-in secret for an email and returns it raw.
func (s *Store) CreateSignInToken(ctx context.Context, email string) (string, error) {
	raw, hash := NewSecret("")
	t := &SignInToken{Email: strings.ToLower(email), Hash: hash, ExpiresAt: time.Now().UTC().Add(SignInTokenTTL)}
	return raw, s.DB.WithContext(ctx).Create(t).Error
}

// ConsumeSignInToken uses a sign-in secret exactly once and opens a web session for its
// user, returning the raw session secret. The conditional update makes a race between two
// uses of one link produce one session.
func (s *Store) ConsumeSignInToken(ctx context.Context, raw, device string) (*Person, string, error) {
	var (
		person  *Person
		session string
	)
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		now := time.Now().UTC()
		var t SignInToken
		if err := tx.Where("hash = ?", HashSecret(raw)).First(&t).Error; err != nil {
			return Errorf(EINVALID, "this sign-in link is not valid: request a new one")
		}
		res := tx.Model(&SignInToken{}).
			Where("id = ? AND used_at IS NULL AND expires_at > ?", t.ID, now).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Errorf(EGONE, "this sign-in link has expired or was already used: request a new one")
		}
		var p Person
		err := tx.Preload("Organisation").Where("email = ? AND role <> ''", t.Email).First(&p).Error
		if err != nil {
			return Errorf(EGONE, "this sign-in link is no longer valid: request a new one")
		}
		person = &p
		session, err = openSession(tx, p.ID, SessionByLink, device)
		return err
	})
	return person, session, err
}

// openSession creates a web session for a person and returns its raw secret.
func openSession(tx *gorm.DB, personID uint, method, device string) (string, error) {
	raw, hash := NewSecret("")
	now := time.Now().UTC()
	ws := &WebSession{PersonID: personID, Hash: hash, Method: method, Device: device,
		ExpiresAt: now.Add(SessionTTL), LastSeenAt: now}
	return raw, tx.Omit("Person").Create(ws).Error
}

// PersonForSession returns the user of a live web session and the session itself. A
// session unused for longer than idle has ended. last_seen_at is written at most once a
// minute, so a busy page costs no write per request.
func (s *Store) PersonForSession(ctx context.Context, raw string, idle time.Duration) (*Person, *WebSession, error) {
	var ws WebSession
	now := time.Now().UTC()
	err := s.DB.WithContext(ctx).Preload("Person.Organisation").
		Where("hash = ? AND expires_at > ? AND last_seen_at > ?", HashSecret(raw), now, now.Add(-idle)).First(&ws).Error
	if err != nil {
		return nil, nil, OrNotFound(err, "session")
	}
	if ws.Person == nil || ws.Person.Role == "" {
		return nil, nil, NotFound("session")
	}
	if now.Sub(ws.LastSeenAt) > time.Minute {
		s.DB.WithContext(ctx).Model(&WebSession{}).Where("id = ?", ws.ID).Update("last_seen_at", now)
		ws.LastSeenAt = now
	}
	return ws.Person, &ws, nil
}

// DeleteSession signs a browser out.
func (s *Store) DeleteSession(ctx context.Context, raw string) error {
	return s.DB.WithContext(ctx).Where("hash = ?", HashSecret(raw)).Delete(&WebSession{}).Error
}
