package coverage

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must load on a host without zoneinfo

	"github.com/confer-nhs/confer/models"
)

// LondonZone is where the programme runs: dates people type are London dates.
var LondonZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// ParsePeriod reads an optional from/to pair as a half-open UTC range. Each is a London
// date ("2026-11-01"; to includes its whole day) or an RFC 3339 time; empty is open-ended.
func ParsePeriod(from, to string) (*time.Time, *time.Time, error) {
	f, err := parsePeriodEdge("from", from, false)
	if err != nil {
		return nil, nil, err
	}
	t, err := parsePeriodEdge("to", to, true)
	if err != nil {
		return nil, nil, err
	}
	if f != nil && t != nil && !f.Before(*t) {
		return nil, nil, models.Invalid("to", "to must not be before from")
	}
	return f, t, nil
}

func parsePeriodEdge(field, s string, end bool) (*time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if d, err := time.ParseInLocation("2006-01-02", s, LondonZone); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		if d.Year() < 2000 || d.Year() > 2200 {
			return nil, models.Invalid(field, "%s must be a date between 2000 and 2200", field)
		}
		u := d.UTC()
		return &u, nil
	}
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, models.Invalid(field, "%s must be a date like 2026-11-01 or a time like 2026-11-01T09:00:00Z", field)
	}
	if d.Year() < 2000 || d.Year() > 2200 {
		return nil, models.Invalid(field, "%s must be a date between 2000 and 2200", field)
	}
	u := d.UTC()
	return &u, nil
}
