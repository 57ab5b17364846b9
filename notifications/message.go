// Package notifications sends Confer's email: the Sender interface, a SendGrid sender, an
// outbox sender for installs without a SendGrid key, and the embedded email templates.
package notifications

import (
	"context"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

// Limits that both senders enforce, so a message that the outbox accepts on a laptop is
// also one SendGrid (and the outbox table's columns) would accept in production.
const (
	maxAddressLen = 320 // RFC 3696 local part + @ + domain
	maxNameLen    = 200 // outbox to_name column
	maxSubjectLen = 500 // outbox subject column; far beyond what any mail client shows
	maxCategories = 10  // SendGrid's limit per message
)

// Attachment is a file sent with a message, such as a calendar invite.
type Attachment struct {
	Filename    string
	ContentType string
	Content     []byte
	// Disposition is "attachment" (the default when empty) or "inline". An inline part
	// needs a ContentID so the HTML can refer to it as cid:ContentID.
	Disposition string
	ContentID   string
}

// Part is a body alternative beside Text and HTML, such as a calendar invite's
// text/calendar; method=REQUEST part. Senders put it last in multipart/alternative.
type Part struct {
	ContentType string
	Content     string
}

// Message is one email to one recipient.
type Message struct {
	To, ToName, Subject, Text, HTML, ReplyTo string

	Alternatives []Part
	Attachments  []Attachment
	Headers      map[string]string // e.g. List-Unsubscribe
	Categories   []string
	CustomArgs   map[string]string // SendGrid custom_args, echoed back in webhook events
}

// Sender delivers one message. Implementations return *models.Error (code invalid) for a
// message that can never be sent, and the SendGrid sender returns *SendError for delivery
// failures so callers can tell a permanent failure from one worth retrying later.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// BatchSender also delivers one body to many recipients in one call; the campaign
// dispatcher uses it so a thousand recipients cost one SendGrid request, not a thousand.
type BatchSender interface {
	Sender
	SendBatch(ctx context.Context, b *Batch) error
}

// validate checks what every sender needs: a bare recipient address, a subject, a body,
// and no line breaks anywhere they could inject a header.
func (m *Message) validate() error {
	if err := validateAddress("to", m.To); err != nil {
		return err
	}
	if err := validateLine("to_name", m.ToName, maxNameLen); err != nil {
		return err
	}
	if err := validateContent(m.Subject, m.Text, m.HTML); err != nil {
		return err
	}
	if m.ReplyTo != "" {
		if _, err := mail.ParseAddress(m.ReplyTo); err != nil {
			return models.Invalid("reply_to", "reply-to must be an email address")
		}
	}
	for i, p := range m.Alternatives {
		if err := p.validate(i); err != nil {
			return err
		}
	}
	for i, a := range m.Attachments {
		if err := a.validate(i); err != nil {
			return err
		}
	}
	if len(m.Categories) > maxCategories {
		return models.Invalid("categories", "at most %d categories", maxCategories)
	}
	return validateHeaders("headers", m.Headers)
}

// validate checks an alternative part: a content type on one line that is not one of the
// two bodies Text and HTML already are, and some content.
func (p *Part) validate(i int) error {
	ct := strings.ToLower(strings.TrimSpace(p.ContentType))
	switch {
	case ct == "" || strings.ContainsAny(ct, "\r\n"):
		return models.Invalid("alternatives", "alternative %d needs a content type", i+1)
	case strings.HasPrefix(ct, "text/plain") || strings.HasPrefix(ct, "text/html"):
		return models.Invalid("alternatives", "alternative %d: text and HTML are the message's own bodies", i+1)
	case p.Content == "":
		return models.Invalid("alternatives", "alternative %d is empty", i+1)
	}
	return nil
}

func (a *Attachment) validate(i int) error {
	switch {
	case a.Filename == "" || strings.ContainsAny(a.Filename, "\r\n"):
		return models.Invalid("attachments", "attachment %d needs a file name", i+1)
	case len(a.Content) == 0:
		return models.Invalid("attachments", "attachment %q is empty", a.Filename)
	case strings.ContainsAny(a.ContentType, ";\r\n"):
		// SendGrid refuses parameters here; a calendar's method goes in Alternatives.
		return models.Invalid("attachments", "attachment %q: the type cannot hold ; or line breaks", a.Filename)
	case a.Disposition != "" && a.Disposition != "attachment" && a.Disposition != "inline":
		return models.Invalid("attachments", "attachment %q: disposition must be attachment or inline", a.Filename)
	case a.Disposition == "inline" && a.ContentID == "":
		return models.Invalid("attachments", "inline attachment %q needs a content ID", a.Filename)
	}
	return nil
}

// validateContent checks the parts shared by a single message and a batch.
func validateContent(subject, text, html string) error {
	if strings.TrimSpace(subject) == "" {
		return models.Invalid("subject", "a subject is required")
	}
	if err := validateLine("subject", subject, maxSubjectLen); err != nil {
		return err
	}
	if text == "" && html == "" {
		return models.Invalid("text", "a text or HTML body is required")
	}
	return nil
}

// validateAddress accepts only a bare address ("a@b.example"), not "Name <a@b.example>":
// the name travels separately, and a display name here would be silently dropped.
func validateAddress(field, addr string) error {
	if addr == "" {
		return models.Invalid(field, "a recipient address is required")
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr || len(addr) > maxAddressLen {
		return models.Invalid(field, "%q is not an email address", addr)
	}
	return nil
}

// validateLine rejects CR and LF, which would let a value start a new mail header.
func validateLine(field, s string, max int) error {
	if strings.ContainsAny(s, "\r\n") {
		return models.Invalid(field, "%s must be a single line", field)
	}
	if utf8.RuneCountInString(s) > max {
		return models.Invalid(field, "%s is longer than %d characters", field, max)
	}
	return nil
}

func validateHeaders(field string, h map[string]string) error {
	for k, v := range h {
		if k == "" || strings.ContainsAny(k, "\r\n: ") {
			return models.Invalid(field, "%q is not a header name", k)
		}
		if strings.ContainsAny(v, "\r\n") {
			return models.Invalid(field, "header %s must be a single line", k)
		}
	}
	return nil
}
