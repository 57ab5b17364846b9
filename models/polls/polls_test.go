package polls_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"

	"github.com/confer-nhs/confer/models/polls"
)

func pollFixture(t *testing.T, s *models.Store, in polls.PollInput) (*polls.Poll, []*polls.PollParticipant) {
	t.Helper()
	ctx := context.Background()
	w, err := polls.Of(s).CreateWorkshop(ctx, polls.WorkshopInput{Title: "W"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := polls.Of(s).CreatePoll(ctx, w.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = polls.Of(s).ChangePoll(ctx, p.ID, polls.ActionOpen); err != nil {
		t.Fatal(err)
	}
	var people []*polls.PollParticipant
	for range 4 {
		pp, _, err := polls.Of(s).JoinWorkshop(ctx, w.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, pp)
	}
	return p, people
}

func TestSaveVotesBatchOneVotePerParticipant(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	p, people := pollFixture(t, s, polls.PollInput{Kind: polls.PollSingle, Question: "Q", Options: []string{"a", "b", "c"}})
	vote := func(who int, choice int) polls.VoteWrite {
		return polls.VoteWrite{PollID: p.ID, ParticipantID: people[who].ID, Ballot: polls.Ballot{Choices: []int{choice}}}
	}
	// Participant 0 votes twice in one batch: the later vote wins.
	stored, err := polls.Of(s).SaveVotes(ctx, []polls.VoteWrite{vote(0, 0), vote(1, 1), vote(0, 2)})
	if err != nil || fmt.Sprint(stored) != "[true true true]" {
		t.Fatalf("stored %v, %v", stored, err)
	}
	if _, err := polls.Of(s).SaveVotes(ctx, []polls.VoteWrite{vote(1, 2)}); err != nil {
		t.Fatal(err)
	}
	tally := polls.NewTally(p)
	if err := tally.Load(ctx, polls.Of(s)); err != nil {
		t.Fatal(err)
	}
	if r := tally.Results(); r.Total != 2 || fmt.Sprint(r.Counts) != "[0 0 2]" {
		t.Fatalf("results %+v", r)
	}
	if _, err := polls.Of(s).ChangePoll(ctx, p.ID, polls.ActionClose); err != nil {
		t.Fatal(err)
	}
	stored, err = polls.Of(s).SaveVotes(ctx, []polls.VoteWrite{vote(2, 0)})
	if err != nil || stored[0] {
		t.Fatalf("a vote on a closed poll was stored: %v %v", stored, err)
	}
}

func TestTallyKinds(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	p, people := pollFixture(t, s, polls.PollInput{Kind: polls.PollRanking, Question: "Rank", Options: []string{"a", "b", "c"}})
	tally := polls.NewTally(p)
	tally.Lock()
	tally.SetLocked(people[0].ID, polls.Ballot{Choices: []int{0, 1, 2}})
	tally.SetLocked(people[1].ID, polls.Ballot{Choices: []int{2, 0, 1}})
	tally.SetLocked(people[1].ID, polls.Ballot{Choices: []int{1, 0, 2}}) // re-vote replaces
	tally.Unlock()
	r := tally.Results()
	// Borda: a = 2+1, b = 1+2, c = 0+0; mean ranks a = (1+2)/2, b = (2+1)/2, c = 3.
	if fmt.Sprint(r.Counts) != "[3 3 0]" || fmt.Sprint(r.MeanRanks) != "[1.5 1.5 3]" {
		t.Fatalf("ranking results %+v", r)
	}
	scale, _ := pollFixture(t, s, polls.PollInput{Kind: polls.PollScale, Question: "S", Min: ptr(0), Max: ptr(10)})
	st := polls.NewTally(scale)
	st.Lock()
	st.SetLocked(1, polls.Ballot{Value: ptr(10)})
	st.SetLocked(2, polls.Ballot{Value: ptr(7)})
	st.Unlock()
	if r := st.Results(); len(r.Counts) != 11 || r.Counts[10] != 1 || r.Mean == nil || *r.Mean != 8.5 {
		t.Fatalf("scale results %+v", r)
	}
	word, _ := pollFixture(t, s, polls.PollInput{Kind: polls.PollWordcloud, Question: "W"})
	text := "  Safe\t STAFFING "
	b, err := polls.ParseBallot(word, nil, nil, &text)
	if err != nil || b.Text != "safe staffing" {
		t.Fatalf("word normalised to %q, %v", b.Text, err)
	}
	long := "a very long entry that is more than forty characters"
	if _, err := polls.ParseBallot(word, nil, nil, &long); models.ErrorField(err) != "text" {
		t.Fatalf("a long word: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestSaveVotesNewestWins: batches may commit out of order (several writers on
// Postgres); a participant's older vote never replaces a newer one, in the database or
// in the tally.
func TestSaveVotesNewestWins(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	p, people := pollFixture(t, s, polls.PollInput{Kind: polls.PollSingle, Question: "Q", Options: []string{"a", "b"}})
	newer := polls.VoteWrite{PollID: p.ID, ParticipantID: people[0].ID, Ballot: polls.Ballot{Choices: []int{1}, Seq: 200}}
	older := polls.VoteWrite{PollID: p.ID, ParticipantID: people[0].ID, Ballot: polls.Ballot{Choices: []int{0}, Seq: 100}}
	for _, batch := range [][]polls.VoteWrite{{newer}, {older}} {
		stored, err := polls.Of(s).SaveVotes(ctx, batch)
		if err != nil || !stored[0] {
			t.Fatalf("stored %v, %v", stored, err)
		}
	}
	v, err := polls.Of(s).GetVote(ctx, p.ID, people[0].ID)
	if err != nil || fmt.Sprint(v.BallotOf().Choices) != "[1]" || v.Seq != 200 {
		t.Fatalf("the older vote replaced the newer: %+v %v", v, err)
	}
	tally := polls.NewTally(p)
	tally.Lock()
	tally.SetLocked(people[0].ID, newer.Ballot)
	tally.SetLocked(people[0].ID, older.Ballot)
	tally.Unlock()
	if r := tally.Results(); fmt.Sprint(r.Counts) != "[0 1]" {
		t.Fatalf("tally %+v", r)
	}
}
