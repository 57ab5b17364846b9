package models

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Span is a length of time in calendar units, as people set how long data is kept: "12
// months after the session" means the same day of the month a year on, not 365 days, so
// it is kept as years, months and days and applied with time.AddDate.
type Span struct {
	Years, Months, Days int
}

var spanPattern = regexp.MustCompile(`^(\d{1,5})\s*(d|days?|mo|months?|y|yrs?|years?)$`)

// ParseSpan reads a span such as "30d", "12mo", "6y" or "12 months" (one number, one
// unit). It refuses zero and anything over 100 years: keeping data for no time at all
// would remove it while it is in use, and a setting that large is a typing mistake.
func ParseSpan(s string) (Span, error) {
	m := spanPattern.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return Span{}, fmt.Errorf("%q is not a length of time such as 30d, 12mo or 6y", s)
	}
	n, _ := strconv.Atoi(m[1])
	var sp Span
	switch m[2][0] {
	case 'd':
		sp.Days = n
	case 'm':
		sp.Months = n
	default:
		sp.Years = n
	}
	if n == 0 || sp.Years > 100 || sp.Months > 1200 || sp.Days > 36500 {
		return Span{}, fmt.Errorf("%q must be at least 1 day and at most 100 years", s)
	}
	return sp, nil
}

// MustSpan is ParseSpan for the defaults written in code.
func MustSpan(s string) Span {
	sp, err := ParseSpan(s)
	if err != nil {
		panic(err)
	}
	return sp
}

// Before is the moment the span ends before t: what happened at or before it has been
// kept for the whole span by t.
func (sp Span) Before(t time.Time) time.Time { return t.AddDate(-sp.Years, -sp.Months, -sp.Days) }

// String says the span in words: "12 months", "1 day", "6 years".
func (sp Span) String() string {
	n, unit := sp.Days, "day"
	switch {
	case sp.Years > 0:
		n, unit = sp.Years, "year"
	case sp.Months > 0:
		n, unit = sp.Months, "month"
	}
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
