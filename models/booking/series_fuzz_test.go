package booking

import (
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
)

// FuzzSeriesRule feeds arbitrary rules to the series' RRULE reading and expansion: it
// must never panic, every refusal is a 422 on rrule, and a rule it takes makes 1 to
// MaxSeriesSlots start times in order, none before the start.
func FuzzSeriesRule(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY;COUNT=4", "RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12", "FREQ=DAILY;UNTIL=20270401T000000Z",
		"FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=5", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2",
		"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=99991231T000000Z", "FREQ=DAILY;COUNT=201", "DTSTART:20270101T000000Z\nFREQ=DAILY;COUNT=1",
		"FREQ=WEEKLY;INTERVAL=0;COUNT=2", "FREQ=WEEKLY;BYSETPOS=-1;BYDAY=MO,TU;COUNT=3", ";;;", "FREQ=DAILY;COUNT=-1"} {
		f.Add(s)
	}
	start := time.Date(2027, 3, 16, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		began := time.Now()
		r, err := parseRule(s, start)
		var starts []time.Time
		if err == nil {
			starts, err = expand(r)
		}
		if took := time.Since(began); took > 5*time.Second {
			t.Fatalf("%q took %s", s, took)
		}
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID || models.ErrorField(err) != "rrule" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(starts) == 0 || len(starts) > MaxSeriesSlots || starts[0].Before(start) {
			t.Fatalf("%q made %d starts from %v", s, len(starts), starts[0])
		}
		for i := 1; i < len(starts); i++ {
			if !starts[i].After(starts[i-1]) {
				t.Fatalf("%q: starts out of order at %d", s, i)
			}
		}
	})
}
