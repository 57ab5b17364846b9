package models

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
type Tally struct {
	mu       sync.Mutex
	poll     Poll
	nOptions int
	byVoter  map[uint]Ballot
	counts   []int
	rankSum  []int
	sum      int
	words    map[string]int
	answers  map[uint]string
	order    []uint // participants in the order their answer was first seen (open polls)
}

// NewTally makes an empty tally for a poll.
func NewTally(p *Poll) *Tally {
	t := &Tally{poll: *p, byVoter: map[uint]Ballot{}, words: map[string]int{}, answers: map[uint]string{}}
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
	t.byVoter, t.words, t.answers, t.order = map[uint]Ballot{}, map[string]int{}, map[uint]string{}, nil
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
			if _, ok := t.answers[participant]; !ok {
				t.order = append(t.order, participant)
			}
			t.answers[participant] = b.Text
		}
	}
}

// Load replaces the tally with the poll's stored votes (at start, and when another
// instance has taken votes). It holds the lock while it reads, so a batch committed
// meanwhile is applied after it (re-applying a ballot already loaded changes nothing).
func (t *Tally) Load(ctx context.Context, s *Store) error {
	t.mu.Lock()
	defer t.mu.Unlock()
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
	return nil
}

// SetPoll refreshes the poll's settings (state, revealed) the tally reports with.
func (t *Tally) SetPoll(p *Poll) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.poll.State, t.poll.Revealed = p.State, p.Revealed
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
		r.Answers = []string{}
		for i := len(t.order) - 1; i >= 0 && len(r.Answers) < maxAnswersShown; i-- {
			r.Answers = append(r.Answers, t.answers[t.order[i]])
		}
	}
	return r
}
