package polls

import (
	"context"
	"sort"
	"sync"
)

// Results is what a poll's votes add up to, as the API and results frames show it.
// Counts has one entry per option (choice polls), per scale point from Min to Max (scale),
// or per option as Borda points (ranking: first of n options scores n-1, last scores 0);
// MeanRanks gives each option's mean position (1 = first) for ranking polls.
type Results struct {
	PollID    uint        `json:"poll_id"`
	Total     int         `json:"total"`
	Counts    []int       `json:"counts"`
	Mean      *float64    `json:"mean,omitempty"`
	Words     []WordCount `json:"words,omitempty"`
	MeanRanks []float64   `json:"mean_ranks,omitempty"`
	Answers   []string    `json:"answers,omitempty"`
}

// WordCount is one word cloud entry and how many people gave it.
type WordCount struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// Display limits: the big screen shows the top words and the latest answers.
const (
	maxWordsShown   = 100
	maxAnswersShown = 50
)

// Tally keeps a poll's results in memory: each participant's current ballot and the sums
// they make, so a re-vote replaces the old ballot and results render without a query.
// Applying a ballot is idempotent and order-free (the newest Seq wins), so every instance
// that applies every stored ballot, in any order and more than once, holds the same tally.
type Tally struct {
	mu       sync.Mutex
	loaded   bool
	poll     Poll
	nOptions int
	byVoter  map[uint]Ballot
	counts   []int
	rankSum  []int
	sum      int
	words    map[string]int
	answers  map[uint]Ballot // open polls: each participant's answer
}

// NewTally makes an empty tally for a poll.
func NewTally(p *Poll) *Tally {
	t := &Tally{poll: *p}
	t.reset()
	return t
}

// NewTallyOf makes a tally that knows only its poll's id until Load fills it; ballots
// applied before then are ignored (Load reads them from the database).
func NewTallyOf(pollID uint) *Tally {
	t := &Tally{poll: Poll{ID: pollID}}
	t.reset()
	return t
}

func (t *Tally) reset() {
	t.poll.opts = nil
	t.nOptions = len(t.poll.OptionList())
	n := t.nOptions
	if t.poll.Kind == PollScale {
		n = t.poll.Max - t.poll.Min + 1
	}
	if !t.poll.HasOptions() && t.poll.Kind != PollScale {
		n = 0
	}
	t.counts, t.rankSum, t.sum = make([]int, n), make([]int, n), 0
	t.byVoter, t.words, t.answers = map[uint]Ballot{}, map[string]int{}, map[uint]Ballot{}
}

// Lock and Unlock let a caller apply a committed batch without a concurrent reload.
func (t *Tally) Lock()   { t.mu.Lock() }
func (t *Tally) Unlock() { t.mu.Unlock() }

// SetLocked replaces a participant's ballot unless the one held is newer (Seq); the
// caller holds the lock.
func (t *Tally) SetLocked(participant uint, b Ballot) {
	if old, ok := t.byVoter[participant]; ok {
		if old.Seq > b.Seq {
			return
		}
		t.apply(participant, old, -1)
	}
	t.byVoter[participant] = b
	t.apply(participant, b, +1)
}

func (t *Tally) apply(participant uint, b Ballot, d int) {
	switch t.poll.Kind {
	case PollSingle, PollMultiple:
		for _, c := range b.Choices {
			if c >= 0 && c < len(t.counts) {
				t.counts[c] += d
			}
		}
	case PollRanking:
		for pos, c := range b.Choices {
			if c >= 0 && c < len(t.counts) {
				t.counts[c] += d * (t.nOptions - 1 - pos)
				t.rankSum[c] += d * (pos + 1)
			}
		}
	case PollScale:
		if b.Value != nil && *b.Value >= t.poll.Min && *b.Value <= t.poll.Max {
			t.counts[*b.Value-t.poll.Min] += d
			t.sum += d * *b.Value
		}
	case PollWordcloud:
		t.words[b.Text] += d
		if t.words[b.Text] <= 0 {
			delete(t.words, b.Text)
		}
	case PollOpen:
		if d > 0 {
			t.answers[participant] = b
		}
	}
}

// ApplyStored applies ballots another instance stored. Before the tally is loaded they
// are ignored: Load reads the database afterwards, and the database already holds them.
func (t *Tally) ApplyStored(ballots map[uint]Ballot) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.loaded {
		return
	}
	for participant, b := range ballots {
		t.SetLocked(participant, b)
	}
}

// EnsureLoaded loads the tally unless it already is.
func (t *Tally) EnsureLoaded(ctx context.Context, s *Store) error {
	t.mu.Lock()
	loaded := t.loaded
	t.mu.Unlock()
	if loaded {
		return nil
	}
	return t.load(ctx, s, true)
}

// Load replaces the tally with the poll's stored votes (at start, and when another
// instance has taken votes). It holds the lock while it reads, so a batch committed
// meanwhile is applied after it (re-applying a ballot already loaded changes nothing).
func (t *Tally) Load(ctx context.Context, s *Store) error { return t.load(ctx, s, false) }

func (t *Tally) load(ctx context.Context, s *Store, onlyOnce bool) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if onlyOnce && t.loaded {
		return nil
	}
	p, err := s.GetPoll(ctx, t.poll.ID)
	if err != nil {
		return err
	}
	votes, err := s.ListVotes(ctx, t.poll.ID)
	if err != nil {
		return err
	}
	t.poll = *p
	t.reset()
	for i := range votes {
		t.SetLocked(votes[i].ParticipantID, votes[i].BallotOf())
	}
	t.loaded = true
	return nil
}

// SetPoll refreshes the poll's settings (state, revealed, position) the tally reports with.
func (t *Tally) SetPoll(p *Poll) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.poll.State, t.poll.Revealed, t.poll.Position = p.State, p.Revealed, p.Position
}

// Poll returns the poll as the tally last saw it.
func (t *Tally) Poll() Poll {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.poll
}

// Results renders the current totals.
func (t *Tally) Results() Results {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := Results{PollID: t.poll.ID, Total: len(t.byVoter), Counts: append([]int{}, t.counts...)}
	switch t.poll.Kind {
	case PollScale:
		if r.Total > 0 {
			m := float64(t.sum) / float64(r.Total)
			r.Mean = &m
		}
	case PollRanking:
		r.MeanRanks = make([]float64, len(t.rankSum))
		for i, s := range t.rankSum {
			if r.Total > 0 {
				r.MeanRanks[i] = float64(s) / float64(r.Total)
			}
		}
	case PollWordcloud:
		r.Words = make([]WordCount, 0, len(t.words))
		for w, n := range t.words {
			r.Words = append(r.Words, WordCount{Text: w, Count: n})
		}
		sort.Slice(r.Words, func(i, j int) bool {
			if r.Words[i].Count != r.Words[j].Count {
				return r.Words[i].Count > r.Words[j].Count
			}
			return r.Words[i].Text < r.Words[j].Text
		})
		if len(r.Words) > maxWordsShown {
			r.Words = r.Words[:maxWordsShown]
		}
	case PollOpen:
		r.Answers = t.latestAnswers()
	}
	return r
}

// latestAnswers is the newest answers first, by when each was given (Seq, then the
// participant): an order every instance and the database agree on.
func (t *Tally) latestAnswers() []string {
	type answer struct {
		participant uint
		b           Ballot
	}
	all := make([]answer, 0, len(t.answers))
	for p, b := range t.answers {
		all = append(all, answer{p, b})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].b.Seq != all[j].b.Seq {
			return all[i].b.Seq > all[j].b.Seq
		}
		return all[i].participant > all[j].participant
	})
	out := make([]string, 0, min(len(all), maxAnswersShown))
	for _, a := range all[:min(len(all), maxAnswersShown)] {
		out = append(out, a.b.Text)
	}
	return out
}
