package notifications

import (
	"encoding/base64"

	"github.com/sendgrid/sendgrid-go/helpers/mail"
)

// messageMail builds the v3 mail/send body for one message with sendgrid-go's builders.
func (s *SendGrid) messageMail(m *Message) *mail.SGMailV3 {
	p := mail.NewPersonalization()
	p.AddTos(mail.NewEmail(m.ToName, m.To))
	sg := s.newMail(m.Subject, m.Text, m.HTML, m.ReplyTo, m.Headers, m.Categories, m.CustomArgs)
	sg.AddPersonalizations(p)
	// After text/plain and text/html, as SendGrid requires; it sends content[] as one
	// multipart/alternative, which is where Outlook looks for a meeting request.
	for _, alt := range m.Alternatives {
		sg.AddContent(mail.NewContent(alt.ContentType, alt.Content))
	}
	for _, a := range m.Attachments {
		sg.AddAttachment(sendgridAttachment(a))
	}
	return sg
}

// batchMail builds one request body with a personalization per recipient: SendGrid sends
// each personalization as a separate email, so recipients never see each other.
func (s *SendGrid) batchMail(b *Batch) *mail.SGMailV3 {
	sg := s.newMail(b.Subject, b.Text, b.HTML, b.ReplyTo, b.Headers, b.Categories, b.CustomArgs)
	for _, r := range b.Recipients {
		p := mail.NewPersonalization()
		p.AddTos(mail.NewEmail(r.Name, r.Email))
		for k, v := range r.Substitutions {
			p.SetSubstitution(k, v)
		}
		for k, v := range r.CustomArgs {
			p.SetCustomArg(k, v)
		}
		for k, v := range r.Headers {
			p.SetHeader(k, v)
		}
		sg.AddPersonalizations(p)
	}
	return sg
}

// newMail sets the parts shared by single and batch sends. Text goes before HTML because
// SendGrid rejects any other order (and clients show the last alternative they support).
func (s *SendGrid) newMail(subject, text, html, replyTo string, headers map[string]string,
	categories []string, customArgs map[string]string) *mail.SGMailV3 {
	sg := mail.NewV3Mail()
	sg.SetFrom(s.from)
	sg.Subject = subject
	if text != "" {
		sg.AddContent(mail.NewContent("text/plain", text))
	}
	if html != "" {
		sg.AddContent(mail.NewContent("text/html", html))
	}
	if replyTo != "" {
		if e, err := mail.ParseEmail(replyTo); err == nil { // validate() already checked it
			sg.SetReplyTo(e)
		}
	}
	for k, v := range headers {
		sg.SetHeader(k, v)
	}
	sg.AddCategories(categories...)
	for k, v := range customArgs {
		sg.SetCustomArg(k, v)
	}
	return sg
}

func sendgridAttachment(a Attachment) *mail.Attachment {
	disp := a.Disposition
	if disp == "" {
		disp = "attachment"
	}
	att := mail.NewAttachment().
		SetContent(base64.StdEncoding.EncodeToString(a.Content)).
		SetFilename(a.Filename).
		SetDisposition(disp)
	if a.ContentType != "" {
		att.SetType(a.ContentType)
	}
	if a.ContentID != "" {
		att.SetContentID(a.ContentID)
	}
	return att
}
