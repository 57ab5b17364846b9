package polls

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// Live results on several instances. Each instance keeps a tally of every poll in play
// and renders its own results frames from it, so after storing a batch of votes the vote
// writer shares the stored ballots (not a touch) with the other instances, which apply
// them to their tallies before they render. Ballots apply in any order and any number of
// times to the same result (the newest Seq wins), so every tally that has seen every
// stored ballot equals the database. A batch costs one NOTIFY round trip, whatever the
// number of instances; nobody recounts. When the broker reconnects, ballots shared while
// it was away are lost, so every tally is reloaded from the database (reloadTallies).

// deltaVotes is the hub delta kind: id is the poll, data a JSON array of sharedBallot.
const deltaVotes = "poll-votes"

// sharedBallot is one stored ballot, compact on the wire:
// [participant, seq, "choices", value or null, "text"].
type sharedBallot struct {
	Participant uint
	Ballot      pollmodel.Ballot
}

func (b sharedBallot) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{b.Participant, b.Ballot.Seq, pollmodel.EncodeChoices(b.Ballot.Choices), b.Ballot.Value, b.Ballot.Text})
}

func (b *sharedBallot) UnmarshalJSON(data []byte) error {
	var choices string
	fields := []any{&b.Participant, &b.Ballot.Seq, &choices, &b.Ballot.Value, &b.Ballot.Text}
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	b.Ballot.Choices = pollmodel.DecodeChoices(choices)
	return nil
}

// deltaBudget keeps each shared chunk, with its envelope, under a NOTIFY payload's limit.
const deltaBudget = web.MaxNotifyFrame - 200

// shareVotes sends the ballots of a committed batch that were stored, per poll, in chunks
// that fit a broker message.
func (s *Area) shareVotes(ctx context.Context, batch []voteReq, stored []bool, polls map[uint]bool) {
	if !s.Hub.Shared() {
		return
	}
	for pollID := range polls {
		var chunks [][]byte
		chunk := []byte{'['}
		for i, r := range batch {
			if !stored[i] || r.write.PollID != pollID {
				continue
			}
			item, err := json.Marshal(sharedBallot{r.write.ParticipantID, r.write.Ballot})
			if err != nil {
				continue
			}
			if len(chunk) > 1 && len(chunk)+len(item)+2 > deltaBudget {
				chunks = append(chunks, append(chunk, ']'))
				chunk = []byte{'['}
			}
			if len(chunk) > 1 {
				chunk = append(chunk, ',')
			}
			chunk = append(chunk, item...)
		}
		if len(chunk) > 1 {
			chunks = append(chunks, append(chunk, ']'))
		}
		s.Hub.ShareDeltas(ctx, deltaVotes, strconv.FormatUint(uint64(pollID), 10), chunks)
	}
}

// applySharedVotes applies another instance's stored ballots to this instance's tally, if
// it holds one (a tally loaded later reads them from the database), and touches the
// results here.
func (s *Area) applySharedVotes(id string, data []byte) {
	pollID := parseID(id)
	t := s.live.cached(pollID)
	if t == nil {
		return
	}
	var list []sharedBallot
	if err := json.Unmarshal(data, &list); err != nil {
		s.Log.Warn("polls: a shared vote batch could not be read", "poll", pollID, "err", err)
		return
	}
	ballots := make(map[uint]pollmodel.Ballot, len(list))
	for _, b := range list {
		if old, ok := ballots[b.Participant]; !ok || old.Seq <= b.Ballot.Seq {
			ballots[b.Participant] = b.Ballot
		}
	}
	t.ApplyStored(ballots)
	s.Hub.TouchHere(kindResults, id)
}

// reloadTallies rereads every tally this instance holds, after the broker (re)connects.
func (s *Area) reloadTallies(ctx context.Context) {
	for pollID, t := range s.live.all() {
		if err := t.Load(ctx, s.db); err != nil {
			s.Log.Warn("polls: reloading a tally failed", "poll", pollID, "err", err)
			continue
		}
		s.Hub.TouchHere(kindResults, strconv.FormatUint(uint64(pollID), 10))
	}
}
