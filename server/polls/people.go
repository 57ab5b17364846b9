package polls

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"sync"
	"time"
)

// How many people are taking part, for the big screen: the participants with a socket
// open to a workshop now, so the number goes up as phones join and down as they leave
// (a closed tab at once, a phone that went to sleep when its pings stop).
//
// Each instance counts its own sockets. With several instances each shares its count per
// workshop as a delta (instance, count, sequence): a newer sequence from the same
// instance replaces the older, so deltas apply in any order and more than once. An
// instance re-shares its counts every peopleBeat, and forgets another's after peopleStale
// without news, so a crashed instance's people do not stay on the screen.

const (
	kindPeople  = "poll-people" // coalesced: the presenter's count, per workshop
	deltaPeople = "poll-people" // shared: one instance's count for one workshop
	peopleBeat  = 20 * time.Second
	peopleStale = 50 * time.Second
)

// peopleCount holds this instance's sockets per workshop and the other instances' counts.
type peopleCount struct {
	self string

	mu     sync.Mutex
	here   map[uint]map[uint]int         // workshop -> participant -> sockets open here
	others map[uint]map[string]peopleRef // workshop -> instance -> its last count
	unsent map[uint]bool                 // workshops whose count here has not been shared yet
}

type peopleRef struct {
	n   int
	seq int64
	at  time.Time
}

// peopleDelta is one instance's count for one workshop, as shared with the others.
type peopleDelta struct {
	Instance string `json:"i"`
	Count    int    `json:"n"`
	Seq      int64  `json:"s"`
}

// peopleFrame is the presenter socket's count of people taking part.
type PeopleFrame struct {
	Type      string `json:"type"`
	Connected int    `json:"connected"`
}

func newPeopleCount() *peopleCount {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &peopleCount{self: hex.EncodeToString(b), here: map[uint]map[uint]int{},
		others: map[uint]map[string]peopleRef{}, unsent: map[uint]bool{}}
}

// add counts one more (delta 1) or one fewer (-1) socket of a participant here, and
// reports whether the number of people here changed (a second tab is the same person).
func (pc *peopleCount) add(workshop, participant uint, delta int) bool {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	m := pc.here[workshop]
	if m == nil {
		m = map[uint]int{}
		pc.here[workshop] = m
	}
	before := m[participant]
	m[participant] += delta
	if m[participant] <= 0 {
		delete(m, participant)
	}
	if len(m) == 0 {
		delete(pc.here, workshop)
	}
	changed := (before > 0) != (m[participant] > 0)
	if changed {
		pc.unsent[workshop] = true
	}
	return changed
}

// total is everyone taking part in a workshop: here, and on the other instances that
// have been heard from lately.
func (pc *peopleCount) total(workshop uint, now time.Time) int {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	n := len(pc.here[workshop])
	for _, r := range pc.others[workshop] {
		if now.Sub(r.at) < peopleStale {
			n += r.n
		}
	}
	return n
}

// mine is this instance's count for a workshop, to share; ok is false when it was shared already.
func (pc *peopleCount) mine(workshop uint, onlyUnsent bool) (peopleDelta, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if onlyUnsent && !pc.unsent[workshop] {
		return peopleDelta{}, false
	}
	delete(pc.unsent, workshop)
	return peopleDelta{Instance: pc.self, Count: len(pc.here[workshop]), Seq: time.Now().UnixNano()}, true
}

// apply records another instance's count; false if it is older than what we have.
func (pc *peopleCount) apply(workshop uint, d peopleDelta, now time.Time) bool {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if d.Instance == pc.self {
		return false
	}
	m := pc.others[workshop]
	if m == nil {
		m = map[string]peopleRef{}
		pc.others[workshop] = m
	}
	if old, ok := m[d.Instance]; ok && old.seq >= d.Seq {
		return false
	}
	m[d.Instance] = peopleRef{n: d.Count, seq: d.Seq, at: now}
	return true
}

// sweep forgets the counts of instances not heard from within peopleStale and returns
// the workshops whose total changed, and every workshop with people here (to re-share).
func (pc *peopleCount) sweep(now time.Time) (changed, mine []uint) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for w, m := range pc.others {
		for inst, r := range m {
			if now.Sub(r.at) >= peopleStale {
				delete(m, inst)
				if r.n > 0 {
					changed = append(changed, w)
				}
			}
		}
		if len(m) == 0 {
			delete(pc.others, w)
		}
	}
	for w := range pc.here {
		mine = append(mine, w)
	}
	return changed, mine
}

// participantJoined and participantLeft keep the count as participant sockets open and
// Close, and touch the presenter's frame when the number of people changed.
func (s *Area) participantJoined(workshop, participant uint) {
	if s.people.add(workshop, participant, 1) {
		s.Hub.TouchHere(kindPeople, strconv.FormatUint(uint64(workshop), 10))
	}
}

func (s *Area) participantLeft(workshop, participant uint) {
	if s.people.add(workshop, participant, -1) {
		s.Hub.TouchHere(kindPeople, strconv.FormatUint(uint64(workshop), 10))
	}
}

// renderPeople is the coalesced presenter frame. A change here is shared with the other
// instances from this render, so a room of phones joining at once costs at most ten
// shares a second per workshop, not one per phone.
func (s *Area) renderPeople(ctx context.Context, id string) (string, []byte, error) {
	wid := parseID(id)
	if d, ok := s.people.mine(wid, true); ok && s.Hub.Shared() {
		s.sharePeople(ctx, wid, d)
	}
	frame, err := json.Marshal(PeopleFrame{Type: "people", Connected: s.people.total(wid, time.Now())})
	return presentTopic(wid), frame, err
}

func (s *Area) sharePeople(ctx context.Context, workshop uint, d peopleDelta) {
	b, err := json.Marshal(d)
	if err != nil {
		return
	}
	s.Hub.ShareDeltas(ctx, deltaPeople, strconv.FormatUint(uint64(workshop), 10), [][]byte{b})
}

// applySharedPeople takes another instance's count and touches the frame here.
func (s *Area) applySharedPeople(id string, data []byte) {
	var d peopleDelta
	if err := json.Unmarshal(data, &d); err != nil {
		s.Log.Warn("polls: a shared people count could not be read", "workshop", id, "err", err)
		return
	}
	if s.people.apply(parseID(id), d, time.Now()) {
		s.Hub.TouchHere(kindPeople, id)
	}
}

// beatPeople re-shares this instance's counts and forgets silent instances', every
// peopleBeat, while other instances may be listening.
func (s *Area) beatPeople(ctx context.Context) {
	if !s.Hub.Shared() {
		return
	}
	tick := time.NewTicker(peopleBeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.resharePeople(ctx)
		}
	}
}

// resharePeople runs on each beat and after the broker reconnects (when the others may
// have forgotten us).
func (s *Area) resharePeople(ctx context.Context) {
	if !s.Hub.Shared() {
		return
	}
	changed, mine := s.people.sweep(time.Now())
	for _, w := range changed {
		s.Hub.TouchHere(kindPeople, strconv.FormatUint(uint64(w), 10))
	}
	for _, w := range mine {
		if d, ok := s.people.mine(w, false); ok {
			s.sharePeople(ctx, w, d)
		}
	}
}
