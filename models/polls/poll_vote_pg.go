package polls

import (
	"context"
	"database/sql"
)

// saveVotesSQL stores a batch of votes on Postgres in one statement and one round trip:
// the batch travels as arrays (so the statement text never changes and stays prepared),
// only rows whose poll is open are inserted — the poll rows are locked FOR SHARE, so a
// close either commits first and refuses them, or waits for this statement — and a
// participant's stored vote is replaced unless it is newer (Seq), so concurrent batches
// may commit in any order. RETURNING says which were stored (superseded ones included).
// The statement commits on its own (autocommit), durably with synchronous_commit on.
const saveVotesSQL = `
INSERT INTO poll_votes (poll_id, participant_id, choices, value, text, client_vote_id, seq, created_at, updated_at)
SELECT v.poll_id, v.participant_id, v.choices, v.value, v.text, v.client_vote_id, v.seq, now(), now()
FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::bigint[])
     AS v(poll_id, participant_id, choices, value, text, client_vote_id, seq)
JOIN polls p ON p.id = v.poll_id AND p.state = 'open'
FOR SHARE OF p
ON CONFLICT (poll_id, participant_id) DO UPDATE SET
    choices        = CASE WHEN excluded.seq >= poll_votes.seq THEN excluded.choices ELSE poll_votes.choices END,
    value          = CASE WHEN excluded.seq >= poll_votes.seq THEN excluded.value ELSE poll_votes.value END,
    text           = CASE WHEN excluded.seq >= poll_votes.seq THEN excluded.text ELSE poll_votes.text END,
    client_vote_id = CASE WHEN excluded.seq >= poll_votes.seq THEN excluded.client_vote_id ELSE poll_votes.client_vote_id END,
    updated_at     = CASE WHEN excluded.seq >= poll_votes.seq THEN excluded.updated_at ELSE poll_votes.updated_at END,
    seq            = GREATEST(excluded.seq, poll_votes.seq)
RETURNING poll_id, participant_id`

// saveVotesPostgres writes rows (one per poll and participant) and returns the set stored.
func (s *Store) saveVotesPostgres(ctx context.Context, rows []PollVote) (map[[2]uint]bool, error) {
	n := len(rows)
	polls, people := make([]int64, n), make([]int64, n)
	choices, texts, ids := make([]string, n), make([]string, n), make([]string, n)
	seqs := make([]int64, n)
	values := make([]*int32, n)
	for i, r := range rows {
		polls[i], people[i] = int64(r.PollID), int64(r.ParticipantID)
		choices[i], texts[i], ids[i], seqs[i] = r.Choices, r.Text, r.ClientVoteID, r.Seq
		if r.Value != nil {
			v := int32(*r.Value)
			values[i] = &v
		}
	}
	db, err := s.DB.DB()
	if err != nil {
		return nil, err
	}
	res, err := db.QueryContext(ctx, saveVotesSQL, polls, people, choices, values, texts, ids, seqs)
	if err != nil {
		return nil, err
	}
	return scanStored(res, n)
}

func scanStored(res *sql.Rows, n int) (map[[2]uint]bool, error) {
	defer res.Close()
	stored := make(map[[2]uint]bool, n)
	for res.Next() {
		var poll, person int64
		if err := res.Scan(&poll, &person); err != nil {
			return nil, err
		}
		stored[[2]uint{uint(poll), uint(person)}] = true
	}
	return stored, res.Err()
}
