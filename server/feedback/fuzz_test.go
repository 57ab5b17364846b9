package feedback

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
)

// FuzzPostRequest feeds arbitrary bytes through the post parser (strict JSON decoding,
// then validation). It must never panic, must refuse with a domain error naming the
// problem, and whatever it accepts must be storable: valid UTF-8, no NUL or other control
// characters, within the limits, and no name or email on an anonymous post.
func FuzzPostRequest(f *testing.F) {
	for _, seed := range []string{
		`{"kind":"idea","body":"hello","anonymous":true}`,
		`{"kind":"concern","body":"a\r\nb","name":"Ann","email":"A@B.nhs.uk","staff_group":"other"}`,
		`{"kind":"question","body":"\u0000","name":"x"}`,
		`{"kind":"IDEA","body":"<script>alert(1)</script>","anonymous":true,"name":""}`,
		`{"kind":"idea","body":"x","organisation_id":-1}`,
		`[]`, `{"kind":1}`, `{"body":"` + strings.Repeat("é", 4001) + `"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var req postRequest
		if err := web.DecodeJSONBytes(data, &req); err != nil {
			if models.ErrorCode(err) != models.EBADREQUEST {
				t.Fatalf("decode error with code %q: %v", models.ErrorCode(err), err)
			}
			return
		}
		p, err := req.input().Parse()
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID || models.ErrorField(err) == "" {
				t.Fatalf("refusal without a field: %v", err)
			}
			return
		}
		for _, s := range []string{p.Kind, p.Body, p.Name, p.Email, p.StaffGroup} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("accepted unstorable text %q", s)
			}
		}
		if p.Body == "" || utf8.RuneCountInString(p.Body) > feedbackmodel.MaxPostBody || strings.Contains(p.Body, "\r") {
			t.Fatalf("accepted body %q", p.Body)
		}
		if p.Anonymous && (p.Name != "" || p.Email != "") {
			t.Fatalf("anonymous post keeps name %q email %q", p.Name, p.Email)
		}
		if !p.Anonymous && (p.Name == "" || strings.ContainsAny(p.Name, "\n\t")) {
			t.Fatalf("named post with name %q", p.Name)
		}
		if p.Email != strings.ToLower(p.Email) {
			t.Fatalf("email not normalised: %q", p.Email)
		}
	})
}
