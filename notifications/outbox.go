package notifications

import (
	"context"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// maxCategoryLen is the outbox category column's size.
const maxCategoryLen = 60

// Outbox is the Sender used when no SendGrid key is configured: it stores each message in
// the database, where admins read it in the app. It lets a local or demo install sign
// people in and run a campaign end to end without any mail provider.
type Outbox struct {
	store *models.Store
	from  string

	writes models.GroupCommit[*outboxWrite]
}

// outboxWrite is one Send waiting for its message to be stored.
type outboxWrite struct {
	msg  *models.OutboxMessage
	done chan error
}

// maxOutboxBatch caps the rows of one INSERT (11 columns each, far below either
// database's parameter limit).
const maxOutboxBatch = 200

// NewOutbox returns an outbox sender that records from as the sender of every message.
func NewOutbox(store *models.Store, from string) *Outbox {
	return &Outbox{store: store, from: from, writes: models.GroupCommit[*outboxWrite]{Max: maxOutboxBatch}}
}

// Send stores one message. The recipient is lower-cased so the outbox can be filtered by
// address however the address was typed.
func (o *Outbox) Send(ctx context.Context, m *Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	msg := &models.OutboxMessage{
		To:           normaliseEmail(m.To),
		ToName:       m.ToName,
		From:         o.from,
		Subject:      m.Subject,
		Text:         m.Text,
		HTML:         m.HTML,
		Headers:      merged(m.Headers, nil),
		Attachments:  outboxAttachments(m.Attachments),
		Category:     firstCategory(m.Categories),
		Alternatives: outboxParts(m.Alternatives),
	}
	return o.write(msg)
}

// write stores msg through a group-commit writer (models.GroupCommit): while one INSERT
// is in flight, the messages of concurrent Sends queue up and go together in the next, so
// a burst of booking confirmations costs a handful of commits rather than one each. Each
// Send still returns only once its own message is stored, with that INSERT's error.
func (o *Outbox) write(msg *models.OutboxMessage) error {
	w := &outboxWrite{msg: msg, done: make(chan error, 1)}
	o.writes.Add(w, o.writeOutbox)
	return <-w.done
}

// writeOutbox stores one batch with one INSERT. It uses its own context: a Send whose
// caller gave up has its message stored all the same, as a sent mail cannot be recalled
// either.
func (o *Outbox) writeOutbox(batch []*outboxWrite) {
	msgs := make([]*models.OutboxMessage, len(batch))
	for i, w := range batch {
		msgs[i] = w.msg
	}
	err := o.store.AddOutboxMessages(context.Background(), msgs)
	for _, w := range batch {
		w.done <- err
	}
}

// SendBatch stores one message per recipient with their substitutions applied, exactly as
// SendGrid would expand them, so the outbox shows what each person would have received.
// All the messages are stored in one transaction: a batch is stored whole or not at all,
// as SendGrid accepts or refuses a request whole.
func (o *Outbox) SendBatch(ctx context.Context, b *Batch) error {
	if err := b.validate(); err != nil {
		return err
	}
	return o.store.Tx(ctx, func(tx *gorm.DB) error {
		txStore := &models.Store{DB: tx}
		for _, r := range b.Recipients {
			if err := txStore.AddOutboxMessage(ctx, o.batchMessage(b, r)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (o *Outbox) batchMessage(b *Batch, r Recipient) *models.OutboxMessage {
	sub := substituter(r.Substitutions)
	headers := merged(b.Headers, r.Headers)
	for k, v := range headers {
		headers[k] = sub(v)
	}
	return &models.OutboxMessage{
		To:           normaliseEmail(r.Email),
		ToName:       r.Name,
		From:         o.from,
		Subject:      sub(b.Subject),
		Text:         sub(b.Text),
		HTML:         sub(b.HTML),
		Headers:      headers,
		Attachments:  []models.OutboxAttachment{},
		Category:     firstCategory(b.Categories),
		Alternatives: []models.OutboxPart{},
	}
}

func outboxAttachments(as []Attachment) []models.OutboxAttachment {
	out := make([]models.OutboxAttachment, 0, len(as))
	for _, a := range as {
		out = append(out, models.OutboxAttachment{
			Filename: a.Filename, ContentType: a.ContentType, Content: a.Content,
		})
	}
	return out
}

func outboxParts(ps []Part) []models.OutboxPart {
	out := make([]models.OutboxPart, 0, len(ps))
	for _, p := range ps {
		out = append(out, models.OutboxPart{ContentType: p.ContentType, Content: p.Content})
	}
	return out
}

// firstCategory is the outbox's one category column: the first, cut to the column size.
func firstCategory(cs []string) string {
	if len(cs) == 0 {
		return ""
	}
	c := cs[0]
	for len(c) > maxCategoryLen {
		_, size := utf8.DecodeLastRuneInString(c)
		c = c[:len(c)-size]
	}
	return c
}

func normaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
