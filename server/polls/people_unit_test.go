package polls

import (
	"testing"
	"time"
)

// Shared counts apply in any order and more than once; a silent instance is forgotten.
func TestPeopleCountSharedCounts(t *testing.T) {
	t.Parallel()
	pc := newPeopleCount()
	now := time.Now()
	pc.add(1, 10, 1)
	pc.add(1, 10, 1) // a second tab
	pc.add(1, 11, 1)
	newer := peopleDelta{Instance: "b", Count: 5, Seq: 2}
	older := peopleDelta{Instance: "b", Count: 9, Seq: 1}
	for _, d := range []peopleDelta{newer, older, newer} {
		pc.apply(1, d, now)
	}
	pc.apply(1, peopleDelta{Instance: pc.self, Count: 40, Seq: 3}, now) // our own echo
	if n := pc.total(1, now); n != 7 {
		t.Fatalf("total %d, want 2 here + 5 there", n)
	}
	changed, mine := pc.sweep(now.Add(peopleStale))
	if len(changed) != 1 || changed[0] != 1 || len(mine) != 1 {
		t.Fatalf("sweep: changed %v, mine %v", changed, mine)
	}
	if n := pc.total(1, now.Add(peopleStale)); n != 2 {
		t.Fatalf("after the other instance went silent: %d, want 2", n)
	}
	pc.add(1, 10, -1)
	if pc.add(1, 10, -1) != true || pc.total(1, now) != 1 {
		t.Fatalf("closing the last tab should change the count to 1: %d", pc.total(1, now))
	}
}
