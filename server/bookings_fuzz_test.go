package server

import (
	"errors"
	"strings"
	"testing"
	"time"

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

// FuzzListingDates feeds arbitrary from/to values to the listing's date parser: a refusal
// is a 422 naming the field; an accepted London day starts at a London midnight, and its
// "to" form is the next midnight.
func FuzzListingDates(f *testing.F) {
	for _, s := range []string{"2026-12-01", "2026-03-29", "2026-10-25T12:00:00Z", "2026-13-01", "", "yesterday", "2026-12-01T09:00:00+01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		from, err := parseDayOrTime("from", v, false)
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID || models.ErrorField(err) != "from" {
				t.Fatalf("%q: %v", v, err)
			}
			return
		}
		if v == "" {
			if !from.IsZero() {
				t.Fatalf("empty gave %v", from)
			}
			return
		}
		to, err := parseDayOrTime("to", v, true)
		if err != nil || from.Location() != time.UTC {
			t.Fatalf("%q parsed as from but not as to: %v", v, err)
		}
		if _, dayErr := time.Parse("2006-01-02", v); dayErr == nil {
			l := from.In(models.London())
			if l.Hour() != 0 || l.Minute() != 0 || !to.After(from) || to.Sub(from) > 25*time.Hour || to.Sub(from) < 23*time.Hour {
				t.Fatalf("%q: day %v to %v", v, from, to)
			}
		}
	})
}
