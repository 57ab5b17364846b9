package booking

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/web"
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
		if errors.As(err, &fe) && fe.Code == fiber.StatusRequestEntityTooLarge && len(body) > web.MaxJSONBody {
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

// FuzzSessionReservation feeds arbitrary session bodies through the request decoder and the
// held-places rules: never a panic; a refusal is a 4xx domain error with a message; an
// accepted hold has a share in 0..90, a release time in the future when it holds places,
// and someone it is for.
func FuzzSessionReservation(f *testing.F) {
	f.Add([]byte(`{"reserved_share":40,"reserved_until":"2099-01-01T09:00:00Z","reserved_staff_groups":["allied health professionals"]}`))
	f.Add([]byte(`{"reserved_share":30,"reserved_until":null}`))
	f.Add([]byte(`{"reserved_share":0,"reserved_organisation_ids":[1,1,2]}`))
	f.Add([]byte(`{"reserved_until":"tomorrow"}`))
	f.Add([]byte(`{"reserved_until":7}`))
	f.Add([]byte(`{"reserved_share":91,"reserved_until":"2099-01-01T09:00:00+01:00","reserved_staff_groups":["Other"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > web.MaxJSONBody {
			return
		}
		var req sessionRequest
		err := web.DecodeJSONBytes(body, &req)
		var in bookingmodel.SessionInput
		if err == nil {
			in, err = req.input()
		}
		var s bookingmodel.EngagementSession
		if err == nil {
			err = in.ApplyReservation(&s)
		}
		if err != nil {
			if code := models.ErrorCode(err); code != models.EBADREQUEST && code != models.EINVALID {
				t.Fatalf("refusal with code %q: %v", code, err)
			}
			if models.ErrorMessage(err) == "" {
				t.Fatal("refusal without a message")
			}
			return
		}
		if s.ReservedShare < 0 || s.ReservedShare > bookingmodel.MaxReservedShare {
			t.Fatalf("accepted share %d", s.ReservedShare)
		}
		if s.ReservedShare > 0 && (s.ReservedUntil == nil || !s.ReservedUntil.After(time.Now()) ||
			len(s.ReservedOrganisationIDs)+len(s.ReservedStaffGroups) == 0) {
			t.Fatalf("accepted hold without a future release or anyone to hold for: %+v", s)
		}
	})
}
