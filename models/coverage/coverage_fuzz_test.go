package coverage_test

import (
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/coverage"
)

// FuzzParsePeriod: any from/to either parses to a range whose ends are UTC and in order,
// or fails as a 422 naming from or to. It never panics.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"2026-11-01", "2026-11-30"}, {"2026-11-01T09:00:00Z", ""},
		{"2026-13-01", ""}, {"", "1999-01-01"}, {"2026-11-02", "2026-11-01"}, {"0001-01-01T00:00:00+14:00", ""},
		{"2026-03-29", "2026-03-29"}, {" 2026-10-25 ", "2026-10-25T01:30:00+01:00"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		a, b, err := coverage.ParsePeriod(from, to)
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID || (models.ErrorField(err) != "from" && models.ErrorField(err) != "to") {
				t.Fatalf("ParsePeriod(%q, %q): %v is not a 422 on from or to", from, to, err)
			}
			return
		}
		if a != nil && a.Location().String() != "UTC" || b != nil && b.Location().String() != "UTC" {
			t.Fatalf("ParsePeriod(%q, %q) = %v, %v: not UTC", from, to, a, b)
		}
		if a != nil && b != nil && !a.Before(*b) {
			t.Fatalf("ParsePeriod(%q, %q) = %v, %v: out of order", from, to, a, b)
		}
	})
}
