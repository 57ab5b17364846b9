package polls

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/confer-nhs/confer/models"
)

// PollVote is a participant's one vote on a poll (unique on poll and participant): voting
// again replaces it while the poll is open. Choices holds option indexes ("2" or "0,3,1",
// in rank order for ranking polls), Value a scale point, Text a word or an answer.
type PollVote struct {
	ID            uint   `gorm:"primaryKey"`
	PollID        uint   `gorm:"not null"`
	ParticipantID uint   `gorm:"not null"`
	Choices       string `gorm:"size:400;not null"`
	Value         *int
	Text          string `gorm:"size:500;not null"`
	ClientVoteID  string `gorm:"size:64;not null"`
	Seq           int64  `gorm:"not null"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Ballot is a validated vote's content, in its stored form. Seq orders a participant's
// votes (the time the server received each, in nanoseconds): an older vote never
// replaces a newer one, even when two batches commit out of order.
type Ballot struct {
	Choices []int
	Value   *int
	Text    string
	Seq     int64
}

// Limits on what participants send.
const (
	MaxWordLength   = 40
	MaxAnswerLength = 500
	MaxClientVoteID = 64
)

// ParseBallot checks a vote against its poll: option indexes in range (one for single,
// distinct for multiple, every option once for ranking), a scale value within min..max, a
// word cloud entry trimmed, whitespace-collapsed and case-folded.
func ParseBallot(p *Poll, choices []int, value *int, text *string) (Ballot, error) {
	var b Ballot
	n := len(p.OptionList())
	switch p.Kind {
	case PollSingle, PollMultiple, PollRanking:
		if value != nil || text != nil {
			return b, models.Invalid("choices", "a %s poll takes choices, not value or text", p.Kind)
		}
		if err := checkChoices(p.Kind, choices, n); err != nil {
			return b, err
		}
		b.Choices = append([]int(nil), choices...)
	case PollScale:
		if value == nil || choices != nil || text != nil {
			return b, models.Invalid("value", "a scale poll takes a value from %d to %d", p.Min, p.Max)
		}
		if *value < p.Min || *value > p.Max {
			return b, models.Invalid("value", "value must be from %d to %d", p.Min, p.Max)
		}
		v := *value
		b.Value = &v
	case PollWordcloud, PollOpen:
		if text == nil || choices != nil || value != nil {
			return b, models.Invalid("text", "a %s poll takes text", p.Kind)
		}
		limit := MaxAnswerLength
		t := strings.TrimSpace(*text)
		if p.Kind == PollWordcloud {
			limit, t = MaxWordLength, NormaliseWord(t)
		}
		if t == "" || len([]rune(t)) > limit {
			return b, models.Invalid("text", "text must be 1 to %d characters", limit)
		}
		if strings.ContainsFunc(t, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
			return b, models.Invalid("text", "text must not contain control characters")
		}
		b.Text = t
	default:
		return b, models.Invalid("poll_id", "unknown poll kind")
	}
	return b, nil
}

func checkChoices(kind string, choices []int, n int) error {
	switch {
	case len(choices) == 0:
		return models.Invalid("choices", "choose at least one option")
	case kind == PollSingle && len(choices) != 1:
		return models.Invalid("choices", "choose exactly one option")
	case kind == PollRanking && len(choices) != n:
		return models.Invalid("choices", "rank all %d options, each once", n)
	}
	seen := make([]bool, n)
	for _, c := range choices {
		if c < 0 || c >= n {
			return models.Invalid("choices", "option %d does not exist: options are numbered 0 to %d", c, n-1)
		}
		if seen[c] {
			return models.Invalid("choices", "option %d is chosen twice", c)
		}
		seen[c] = true
	}
	return nil
}

// NormaliseWord trims, collapses inner whitespace to one space and case-folds a word
// cloud entry, so "  Team  Work" and "team work" count as one.
func NormaliseWord(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// EncodeChoices is the stored form of option indexes ("0,3,1"); DecodeChoices reads it.
func EncodeChoices(c []int) string {
	parts := make([]string, len(c))
	for i, x := range c {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

// DecodeChoices reads the stored form of Choices.
func DecodeChoices(s string) []int {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// BallotOf is the stored vote's content.
func (v *PollVote) BallotOf() Ballot {
	return Ballot{Choices: DecodeChoices(v.Choices), Value: v.Value, Text: v.Text, Seq: v.Seq}
}

// VoteWrite is one vote for SaveVotes.
type VoteWrite struct {
	PollID, ParticipantID uint
	Ballot                Ballot
	ClientVoteID          string
}

// SaveVotes stores a batch of votes at once (group commit: one durable commit for many
// votes) and reports, per vote, whether it was stored: votes on polls that are not open
// are refused. A later vote in the batch from the same participant on the same poll
// replaces an earlier one (both are reported stored).
func (s *Store) SaveVotes(ctx context.Context, votes []VoteWrite) ([]bool, error) {
	last := make(map[[2]uint]int, len(votes))
	for i, v := range votes {
		k := [2]uint{v.PollID, v.ParticipantID}
		if j, ok := last[k]; !ok || votes[j].Ballot.Seq <= v.Ballot.Seq {
			last[k] = i
		}
	}
	rows := make([]PollVote, 0, len(last))
	for i, v := range votes {
		if last[[2]uint{v.PollID, v.ParticipantID}] == i {
			rows = append(rows, PollVote{PollID: v.PollID, ParticipantID: v.ParticipantID,
				Choices: EncodeChoices(v.Ballot.Choices), Value: v.Ballot.Value, Text: v.Ballot.Text,
				ClientVoteID: v.ClientVoteID, Seq: v.Ballot.Seq})
		}
	}
	// One lock order for every batch, so concurrent batches cannot deadlock.
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].PollID != rows[j].PollID {
			return rows[i].PollID < rows[j].PollID
		}
		return rows[i].ParticipantID < rows[j].ParticipantID
	})
	var stored map[[2]uint]bool
	var err error
	if s.IsPostgres() {
		stored, err = s.saveVotesPostgres(ctx, rows)
	} else {
		stored, err = s.saveVotesTx(ctx, votes, rows)
	}
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(votes))
	for i, v := range votes {
		out[i] = stored[[2]uint{v.PollID, v.ParticipantID}]
	}
	return out, nil
}

// saveVotesTx is the portable path (SQLite, where one writer holds the database lock
// from BEGIN): read which polls are open, then upsert the rows for those, keeping the
// newer vote (by Seq) when one is already stored.
func (s *Store) saveVotesTx(ctx context.Context, votes []VoteWrite, rows []PollVote) (map[[2]uint]bool, error) {
	stored := map[[2]uint]bool{}
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		open, err := openPolls(tx, votes)
		if err != nil {
			return err
		}
		keep := rows[:0:0]
		for _, r := range rows {
			if open[r.PollID] {
				keep = append(keep, r)
				stored[[2]uint{r.PollID, r.ParticipantID}] = true
			}
		}
		if len(keep) == 0 {
			return nil
		}
		set := clause.Set{}
		for _, col := range []string{"choices", "value", "text", "client_vote_id", "updated_at", "seq"} {
			set = append(set, clause.Assignment{Column: clause.Column{Name: col}, Value: gorm.Expr(
				"CASE WHEN excluded.seq >= poll_votes.seq THEN excluded." + col + " ELSE poll_votes." + col + " END")})
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "poll_id"}, {Name: "participant_id"}},
			DoUpdates: set,
		}).CreateInBatches(keep, 500).Error
	})
	return stored, err
}

func openPolls(tx *gorm.DB, votes []VoteWrite) (map[uint]bool, error) {
	ids := map[uint]bool{}
	list := []uint{}
	for _, v := range votes {
		if !ids[v.PollID] {
			ids[v.PollID] = true
			list = append(list, v.PollID)
		}
	}
	var open []uint
	if err := tx.Model(&Poll{}).Where("id IN ? AND state = ?", list, PollOpened).Pluck("id", &open).Error; err != nil {
		return nil, err
	}
	out := make(map[uint]bool, len(open))
	for _, id := range open {
		out[id] = true
	}
	return out, nil
}

// GetVote returns a participant's vote on a poll, or nil.
func (s *Store) GetVote(ctx context.Context, pollID, participantID uint) (*PollVote, error) {
	var v []PollVote
	err := s.DB.WithContext(ctx).Where("poll_id = ? AND participant_id = ?", pollID, participantID).Limit(1).Find(&v).Error
	if err != nil || len(v) == 0 {
		return nil, err
	}
	return &v[0], nil
}

// ListVotes returns every vote on a poll, in the order they were first cast.
func (s *Store) ListVotes(ctx context.Context, pollID uint) ([]PollVote, error) {
	var out []PollVote
	err := s.DB.WithContext(ctx).Where("poll_id = ?", pollID).Order("id").Find(&out).Error
	return out, err
}
