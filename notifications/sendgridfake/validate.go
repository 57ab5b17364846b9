package sendgridfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/mail"
	"strings"

	sgmail "github.com/sendgrid/sendgrid-go/helpers/mail"
)

// MaxPersonalizations is SendGrid's limit per request (also its recipient limit).
const MaxPersonalizations = 1000

// checkMail decodes a /v3/mail/send body and checks it the way SendGrid does, with
// SendGrid's messages and field names, so a client bug fails here as it would in
// production rather than only there.
func checkMail(body []byte) (*sgmail.SGMailV3, []APIError) {
	var m sgmail.SGMailV3
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, []APIError{{Message: "Bad Request: the request body is not valid JSON: " + err.Error()}}
	}
	var errs []APIError
	add := func(field, format string, args ...any) {
		errs = append(errs, APIError{Message: fmt.Sprintf(format, args...), Field: field})
	}
	if m.From == nil || !validAddress(m.From.Address) {
		add("from.email", "The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.")
	}
	if m.ReplyTo != nil && !validAddress(m.ReplyTo.Address) {
		add("reply_to.email", "The reply_to email does not contain a valid address.")
	}
	checkPersonalizations(&m, add)
	checkContent(&m, add)
	for i, a := range m.Attachments {
		if a == nil {
			add(fmt.Sprintf("attachments.%d", i), "The attachment must be an object.")
			continue
		}
		if _, err := base64.StdEncoding.DecodeString(a.Content); err != nil || a.Content == "" {
			add(fmt.Sprintf("attachments.%d.content", i), "The attachment content must be base64 encoded.")
		}
		if strings.ContainsAny(a.Type, ";\r\n") {
			add(fmt.Sprintf("attachments.%d.type", i), "The attachment type cannot contain ';', or CRLF characters.")
		}
		if a.Filename == "" {
			add(fmt.Sprintf("attachments.%d.filename", i), "The attachment filename parameter is required.")
		}
		if a.Disposition == "inline" && a.ContentID == "" {
			add(fmt.Sprintf("attachments.%d.content_id", i), "The content_id parameter is required if the disposition is set to inline.")
		}
	}
	if len(m.Categories) > 10 {
		add("categories", "You cannot have more than 10 categories associated with an email.")
	}
	return &m, errs
}

func checkPersonalizations(m *sgmail.SGMailV3, add func(string, string, ...any)) {
	n := len(m.Personalizations)
	if n == 0 {
		add("personalizations", "The personalizations field is required and must have at least one personalization.")
		return
	}
	if n > MaxPersonalizations {
		add("personalizations", "The personalizations field can have a maximum of %d items.", MaxPersonalizations)
		return
	}
	recipients := 0
	for i, p := range m.Personalizations {
		if p == nil || len(p.To) == 0 {
			add(fmt.Sprintf("personalizations.%d.to", i), "The to array is required for all personalization objects, and must have at least one email object with a valid email address.")
			continue
		}
		for j, to := range p.To {
			if to == nil || !validAddress(to.Address) {
				add(fmt.Sprintf("personalizations.%d.to.%d.email", i, j), "Does not contain a valid address.")
			}
		}
		recipients += len(p.To) + len(p.CC) + len(p.BCC)
		if m.Subject == "" && p.Subject == "" && m.TemplateID == "" {
			add("subject", "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.")
			return
		}
	}
	if recipients > MaxPersonalizations {
		add("personalizations", "The total number of recipients must be no more than %d.", MaxPersonalizations)
	}
}

// checkContent enforces SendGrid's content rules: at least one part (unless a template
// is used), no empty values, text/plain first and text/html next.
func checkContent(m *sgmail.SGMailV3, add func(string, string, ...any)) {
	if len(m.Content) == 0 {
		if m.TemplateID == "" {
			add("content", "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.")
		}
		return
	}
	for i, c := range m.Content {
		switch {
		case c == nil || c.Type == "":
			add(fmt.Sprintf("content.%d.type", i), "The content type cannot be blank.")
		case c.Value == "":
			add(fmt.Sprintf("content.%d.value", i), "The content value must be a string at least one character in length.")
		case c.Type == "text/plain" && i != 0,
			c.Type == "text/html" && i > 1,
			c.Type == "text/html" && i == 1 && (m.Content[0] == nil || m.Content[0].Type != "text/plain"):
			add("content", "If present, text/plain and text/html may only be provided in this order, followed by any other content.")
		}
	}
}

func validAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}
