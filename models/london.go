package models

import "time"

// london is the Europe/London zone: times are stored UTC and shown as people in England
// read them, by every area.
var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

// London is the Europe/London zone that people read times in.
func London() *time.Location { return london }

// LondonTime formats a time as people in England read it, for messages and emails:
// "Tue 1 Dec 2026 at 09:30".
func LondonTime(t time.Time) string { return t.In(london).Format("Mon 2 Jan 2006 at 15:04") }
