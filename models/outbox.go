package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// OutboxMessage is a mail the app sent while no SendGrid key was configured, kept so admins
// can read it in the UI.
type OutboxMessage struct {
	ID          uint               `gorm:"primaryKey"`
	To          string             `gorm:"column:to_email"`
	ToName      string             `gorm:"column:to_name"`
	From        string             `gorm:"column:from_email"`
	Subject     string             `gorm:"column:subject"`
	Text        string             `gorm:"column:text"`
	HTML        string             `gorm:"column:html"`
	Headers     map[string]string  `gorm:"column:headers;serializer:json"`
	Attachments []OutboxAttachment `gorm:"column:attachments;serializer:json"`
	// Alternatives are the bodies beside Text and HTML in multipart/alternative, such as
	// a calendar invite's text/calendar; method=REQUEST part.
	Alternatives []OutboxPart `gorm:"column:alternatives;serializer:json"`
	Category     string       `gorm:"column:category"`
	CreatedAt    time.Time
}

// OutboxAttachment is a file carried by an outbox message (a calendar invite, say).
type OutboxAttachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Content     []byte `json:"content"`
}

// OutboxPart is one alternative body of an outbox message.
type OutboxPart struct {
	ContentType string `json:"content_type"`
	Content     string `json:"content"`
}

// AddOutboxMessage stores a message in the outbox.
func (s *Store) AddOutboxMessage(ctx context.Context, m *OutboxMessage) error {
	return s.DB.WithContext(ctx).Create(m).Error
}

// AddOutboxMessages stores messages with one INSERT, committed on its own.
func (s *Store) AddOutboxMessages(ctx context.Context, ms []*OutboxMessage) error {
	return s.DB.WithContext(ctx).Session(&gorm.Session{SkipDefaultTransaction: true}).Create(ms).Error
}

// ListOutbox returns a page of the outbox, newest first, optionally for one recipient.
func (s *Store) ListOutbox(ctx context.Context, to string, p Page) ([]OutboxMessage, int64, error) {
	q := s.DB.WithContext(ctx).Model(&OutboxMessage{})
	if to != "" {
		q = q.Where("to_email = ?", to)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	p = p.Normalise()
	var out []OutboxMessage
	err := q.Order("id DESC").Limit(p.PerPage).Offset(p.Offset()).Find(&out).Error
	return out, total, err
}

// GetOutboxMessage returns one outbox message.
func (s *Store) GetOutboxMessage(ctx context.Context, id uint) (*OutboxMessage, error) {
	var m OutboxMessage
	if err := s.DB.WithContext(ctx).First(&m, id).Error; err != nil {
		return nil, OrNotFound(err, "message")
	}
	return &m, nil
}
