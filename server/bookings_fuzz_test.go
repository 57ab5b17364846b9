package server

import (
	"errors"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// FuzzBookingRequest feeds arbitrary bodies to the public booking parser: it must never
// panic, every refusal must be a 4xx domain error naming a field or the JSON problem, and
// every accepted request must be normalised (trimmed name, lower-case valid email, a
// canonical staff group).
func FuzzBookingRequest(f *testing.F) {
	f.Add([]byte(`{"name":"Ada","email":"Ada@Trust.nhs.uk","staff_group":"students","job_role":"Student Nurse"}`))
	f.Add([]byte(`{"name":"Ada","email":"a@b.c","organisation_id":3,"staff_group":"Other","job_role":"x","waitlist":true}`))
	f.Add([]byte(`{"name":" ","email":"@","staff_group":"","job_role":""}`))
	f.Add([]byte(`{"organisation_id":-1}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"name":"A\u0000","email":"a@b.example","staff_group":"Other","job_role":"\n"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := parseBookingRequest(body)
		var fe *fiber.Error
		if errors.As(err, &fe) && fe.Code == fiber.StatusRequestEntityTooLarge && len(body) > maxJSONBody {
			return
		}
		if err != nil {
			code := models.ErrorCode(err)
			if code != models.EBADREQUEST && code != models.EINVALID {
				t.Fatalf("refusal with code %q: %v", code, err)
			}
			if models.ErrorMessage(err) == "" {
				t.Fatal("refusal without a message")
			}
			return
		}
		if in.Name == "" || in.Name != strings.TrimSpace(in.Name) || strings.ContainsAny(in.Name, "\r\n") {
			t.Fatalf("accepted name %q", in.Name)
		}
		if in.Email != strings.ToLower(in.Email) || !strings.Contains(in.Email, "@") {
			t.Fatalf("accepted email %q", in.Email)
		}
		if _, err := models.ParseEmail("email", in.Email); err != nil {
			t.Fatalf("accepted email %q does not parse again: %v", in.Email, err)
		}
		if g, ok := models.CanonicalStaffGroup(in.StaffGroup); !ok || g != in.StaffGroup {
			t.Fatalf("accepted staff group %q", in.StaffGroup)
		}
		if in.JobRole == "" || strings.ContainsAny(in.JobRole, "\r\n") {
			t.Fatalf("accepted job role %q", in.JobRole)
		}
	})
}
