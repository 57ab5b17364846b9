package decisions

import (
	"testing"

	"github.com/confer-nhs/confer/models"
)

// FuzzLinkRequest: whatever body arrives, the link decoder never panics, and what it
// accepts is either a numeric id or a theme's name, never both or neither; what it
// refuses is a 4xx naming a field (or a malformed body).
func FuzzLinkRequest(f *testing.F) {
	for _, s := range []string{`{"kind":"post","id":1}`, `{"kind":"theme","id":"falls"}`, `{"kind":"poll","id":"7"}`,
		`{"kind":"session","id":-1}`, `{"kind":"question","id":1e3}`, `{"kind":"post","id":null}`, `{"kind":"post"}`,
		`{"kind":"theme","id":""}`, `{"id":4294967296}`, `[]`, `{"kind":"post","id":{"a":1}}`, `{"kind":1}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := parseLinkRequest(body)
		if err != nil {
			if code := models.ErrorCode(err); code != models.EINVALID && code != models.EBADREQUEST {
				t.Fatalf("%q: error %v has code %s", body, err, code)
			}
			return
		}
		if (in.ID == 0) == (in.Theme == "") {
			t.Fatalf("%q accepted as %+v: want exactly one of id and theme", body, in)
		}
	})
}
