package server

import (
	"testing"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	"github.com/confer-nhs/confer/server/people"
)

// FuzzDecodeJSON feeds arbitrary bodies to the strict decoder: it must never panic, and
// every failure must be a 400 domain error (never an internal one).
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"name":"a","code":"AB","kind":"acute"}`, `{"email_domains":["a.b"]}`,
		`{`, `[]`, `{"name":1}`, `{"x":1}`, `{} {}`, `null`, "\x00", `{"name":"\ud800"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req people.OrganisationRequest
		err := web.DecodeJSONBytes(body, &req)
		if err != nil && models.ErrorCode(err) != models.EBADREQUEST {
			t.Fatalf("decode %q: %v (code %s)", body, err, models.ErrorCode(err))
		}
	})
}
