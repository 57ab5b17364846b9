package polls

import (
	"context"
	"encoding/json"
	"maps"
	"strconv"
	"sync"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// Coalesced frame kinds (hub.Coalesce) and the topics they go to. Participants subscribe
// to workshopTopic; presenters and facilitators to workshopTopic and presentTopic.
const (
	kindResults      = "poll-results"
	kindState        = "poll-state"
	kindQuestions    = "questions"
	kindQuestionsAll = "questions-all"
)

func WorkshopTopic(id uint) string { return "workshop:" + strconv.FormatUint(uint64(id), 10) }
func presentTopic(id uint) string  { return "present:" + strconv.FormatUint(uint64(id), 10) }

// pollLive is what this instance keeps in memory about running workshops: each poll's
// tally (loaded from the database once, then updated with each batch of votes stored here
// or shared by another instance, see delta.go), each workshop's current poll, and the
// rendered list of approved questions new participants are greeted with.
type pollLive struct {
	store *pollmodel.Store

	mu        sync.Mutex
	tallies   map[uint]*pollmodel.Tally
	workshops map[uint]*liveWorkshop
	byCode    map[string]uint
}

type liveWorkshop struct {
	ID        uint
	Title     string
	JoinCode  string
	Current   uint   // current poll id, 0 for none
	Questions []byte // JSON list of approved questions; nil until first rendered
}

func newPollLive(store *pollmodel.Store) *pollLive {
	return &pollLive{store: store, tallies: map[uint]*pollmodel.Tally{},
		workshops: map[uint]*liveWorkshop{}, byCode: map[string]uint{}}
}

// tally returns a poll's tally, loading it on first use. The tally is in the map before it
// loads, so ballots another instance shares meanwhile are either applied after the load or
// read by it (they are shared only once stored).
func (l *pollLive) tally(ctx context.Context, pollID uint) (*pollmodel.Tally, error) {
	l.mu.Lock()
	t := l.tallies[pollID]
	if t == nil {
		t = pollmodel.NewTallyOf(pollID)
		l.tallies[pollID] = t
	}
	l.mu.Unlock()
	if err := t.EnsureLoaded(ctx, l.store); err != nil {
		l.mu.Lock()
		if l.tallies[pollID] == t {
			delete(l.tallies, pollID)
		}
		l.mu.Unlock()
		return nil, err
	}
	return t, nil
}

// workshopByCode returns the live view of a workshop, loading it on first use.
func (l *pollLive) workshopByCode(ctx context.Context, code string) (liveWorkshop, error) {
	code = pollmodel.NormaliseJoinCode(code)
	l.mu.Lock()
	id, ok := l.byCode[code]
	var w *liveWorkshop
	if ok {
		w = l.workshops[id]
	}
	l.mu.Unlock()
	if w != nil {
		return l.snapshot(w), nil
	}
	ws, err := l.store.GetWorkshopByCode(ctx, code)
	if err != nil {
		return liveWorkshop{}, err
	}
	return l.refreshWorkshop(ws), nil
}

func (l *pollLive) workshop(ctx context.Context, id uint) (liveWorkshop, error) {
	l.mu.Lock()
	w := l.workshops[id]
	l.mu.Unlock()
	if w != nil {
		return l.snapshot(w), nil
	}
	ws, err := l.store.GetWorkshop(ctx, id)
	if err != nil {
		return liveWorkshop{}, err
	}
	return l.refreshWorkshop(ws), nil
}

func (l *pollLive) snapshot(w *liveWorkshop) liveWorkshop {
	l.mu.Lock()
	defer l.mu.Unlock()
	return *w
}

// refreshWorkshop records a workshop as just read from the database.
func (l *pollLive) refreshWorkshop(ws *pollmodel.Workshop) liveWorkshop {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.workshops[ws.ID]
	if w == nil {
		w = &liveWorkshop{ID: ws.ID}
		l.workshops[ws.ID] = w
	}
	w.Title, w.JoinCode, w.Current = ws.Title, ws.JoinCode, 0
	if ws.CurrentPollID != nil {
		w.Current = *ws.CurrentPollID
	}
	l.byCode[ws.JoinCode] = ws.ID
	return *w
}

func (l *pollLive) setQuestions(workshopID uint, list []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.workshops[workshopID]; w != nil {
		w.Questions = list
	}
}

// resultsFrame is {"type":"results", ...Results}.
type resultsFrame struct {
	Type string `json:"type"`
	pollmodel.Results
}

// renderResults is the coalesced renderer for a poll's results: marshalled once per
// flush and shared by every client. Revealed results go to the room; hidden ones only to
// presenters and facilitators. The tally already holds every instance's stored votes.
func (s *Area) renderResults(ctx context.Context, id string) (string, []byte, error) {
	pollID, err := strconv.ParseUint(id, 10, 32)
	if err != nil {
		return "", nil, nil
	}
	t, err := s.live.tally(ctx, uint(pollID))
	if err != nil {
		return "", nil, web.IgnoreNotFound(err)
	}
	p := t.Poll()
	frame, err := json.Marshal(resultsFrame{Type: "results", Results: t.Results()})
	if err != nil {
		return "", nil, err
	}
	if p.Revealed {
		return WorkshopTopic(p.WorkshopID), frame, nil
	}
	return presentTopic(p.WorkshopID), frame, nil
}

func parseID(id string) uint {
	n, err := strconv.ParseUint(id, 10, 32)
	if err != nil {
		return 0
	}
	return uint(n)
}

// cached returns a poll's tally if this instance holds one.
func (l *pollLive) cached(pollID uint) *pollmodel.Tally {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tallies[pollID]
}

// all returns every tally this instance holds.
func (l *pollLive) all() map[uint]*pollmodel.Tally {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.tallies)
}

// forget drops a poll's tally, so a long-running server holds only the polls in play.
func (l *pollLive) forget(pollID uint) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.tallies, pollID)
}
