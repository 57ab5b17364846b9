package sendgridfake

import (
	"strings"
	"testing"
)

// FuzzCheckMail feeds arbitrary bodies to the request checker: it must never panic, and
// must either accept a body or explain why not, never both or neither.
func FuzzCheckMail(f *testing.F) {
	for _, s := range []string{
		`{"from":{"email":"a@b.example"},"subject":"s","personalizations":[{"to":[{"email":"c@d.example"}]}],"content":[{"type":"text/plain","value":"x"}]}`,
		`{"personalizations":[null],"content":[null,{"type":"text/html","value":"x"}],"attachments":[null]}`,
		`{"personalizations":[{"to":[null]}],"from":null,"reply_to":{"email":"x"}}`,
		`[]`, `null`, `{}`, `{"content":[{"type":"text/html","value":"a"},{"type":"text/plain","value":"b"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m, errs := checkMail(body)
		if len(errs) == 0 && (m == nil || len(m.Personalizations) == 0) {
			t.Fatalf("accepted %q without personalizations", body)
		}
		for _, e := range errs {
			if strings.TrimSpace(e.Message) == "" {
				t.Fatalf("an error without a message for %q", body)
			}
		}
	})
}
