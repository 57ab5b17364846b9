package polls

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// voteWriter stores votes. Each of its goroutines takes every vote waiting in the queue
// (up to maxVoteBatch), stores them at once — one durable commit for the lot, a group
// commit — and only then acks each voter, applies the batch to the in-memory tallies,
// touches the polls' results and shares the stored ballots with the other instances. Votes that arrive during a commit go to the next free
// goroutine, so the batch grows with the load and the commit rate stays low. On Postgres
// a few goroutines commit side by side (their WAL flushes share fsyncs); a vote's Seq
// keeps the newest vote when batches commit out of order. SQLite has one writer anyway.
type voteWriter struct {
	s       *Area
	in      chan voteReq
	writers int
}

type voteReq struct {
	write  pollmodel.VoteWrite
	client *web.Client
}

const (
	voteQueue    = 32768
	maxVoteBatch = 2000
)

// pgVoteWriters is how many batches commit at once on Postgres.
const pgVoteWriters = 8

func newVoteWriter(s *Area) *voteWriter {
	w := &voteWriter{s: s, in: make(chan voteReq, voteQueue), writers: 1}
	if s.Store.IsPostgres() {
		w.writers = pgVoteWriters
	}
	return w
}

// submit queues a vote; false means the queue is full (the client is told to retry).
func (w *voteWriter) submit(r voteReq) bool {
	select {
	case w.in <- r:
		return true
	default:
		return false
	}
}

func (w *voteWriter) run(ctx context.Context) {
	var wg sync.WaitGroup
	for range w.writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	wg.Wait()
}

func (w *voteWriter) loop(ctx context.Context) {
	batch := make([]voteReq, 0, maxVoteBatch)
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-w.in:
			batch = append(batch[:0], r)
		}
	drain:
		for len(batch) < maxVoteBatch {
			select {
			case r := <-w.in:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		w.commit(ctx, batch)
	}
}

func (w *voteWriter) commit(ctx context.Context, batch []voteReq) {
	writes := make([]pollmodel.VoteWrite, len(batch))
	for i, r := range batch {
		writes[i] = r.write
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	started := time.Now()
	stored, err := w.s.db.SaveVotes(cctx, writes)
	w.s.Metrics.VoteBatch(len(batch), time.Since(started))
	w.s.Log.Debug("vote batch stored", "votes", len(batch), "queued", len(w.in), "took", time.Since(started), "err", err)
	if err != nil {
		w.s.Log.Error("storing votes failed", "votes", len(batch), "err", err)
		for _, r := range batch {
			r.client.Send(errorFrame(r.write.PollID, r.write.ClientVoteID, "", "your vote could not be stored: send it again"))
		}
		return
	}
	touched := map[uint]bool{}
	for i, r := range batch {
		if !stored[i] {
			r.client.Send(errorFrame(r.write.PollID, r.write.ClientVoteID, "poll_id", "this poll is not open for voting"))
			continue
		}
		touched[r.write.PollID] = true
	}
	for pollID := range touched {
		t, err := w.s.live.tally(cctx, pollID)
		if err != nil {
			w.s.Log.Error("loading a poll's tally failed", "poll", pollID, "err", err)
			continue
		}
		t.Lock()
		for i, r := range batch {
			if stored[i] && r.write.PollID == pollID {
				t.SetLocked(r.write.ParticipantID, r.write.Ballot)
			}
		}
		t.Unlock()
	}
	acked := 0
	for i, r := range batch {
		if stored[i] {
			r.client.Send(ackFrame(r.write.PollID, r.write.ClientVoteID))
			acked++
		}
	}
	w.s.Metrics.VotesAcknowledged(acked)
	for pollID := range touched {
		w.s.Hub.TouchHere(kindResults, strconv.FormatUint(uint64(pollID), 10))
	}
	w.s.shareVotes(cctx, batch, stored, touched)
}

// ackMsg and errorMsg always carry every key (null when it does not apply), as
// docs/realtime.md lists them.
type ackMsg struct {
	Type         string  `json:"type"`
	PollID       uint    `json:"poll_id"`
	ClientVoteID *string `json:"client_vote_id"`
}

func ackFrame(pollID uint, clientVoteID string) []byte {
	b, _ := json.Marshal(ackMsg{Type: "ack", PollID: pollID, ClientVoteID: nullIfEmpty(clientVoteID)})
	return b
}

type errorMsg struct {
	Type         string  `json:"type"`
	Error        string  `json:"error"`
	Field        *string `json:"field"`
	PollID       *uint   `json:"poll_id"`
	ClientVoteID *string `json:"client_vote_id"`
}

func errorFrame(pollID uint, clientVoteID, field, msg string) []byte {
	m := errorMsg{Type: "error", Error: msg, Field: nullIfEmpty(field), ClientVoteID: nullIfEmpty(clientVoteID)}
	if pollID != 0 {
		m.PollID = &pollID
	}
	b, _ := json.Marshal(m)
	return b
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
