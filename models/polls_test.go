package models_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

func pollFixture(t *testing.T, s *models.Store, in models.PollInput) (*models.Poll, []*models.PollParticipant) {
	t.Helper()
	ctx := context.Background()
	w, err := s.CreateWorkshop(ctx, models.WorkshopInput{Title: "W"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.CreatePoll(ctx, w.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = s.ChangePoll(ctx, p.ID, models.ActionOpen); err != nil {
		t.Fatal(err)
	}
	var people []*models.PollParticipant
	for range 4 {
		pp, _, err := s.JoinWorkshop(ctx, w.ID, "")
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
	p, people := pollFixture(t, s, models.PollInput{Kind: models.PollSingle, Question: "Q", Options: []string{"a", "b", "c"}})
	vote := func(who int, choice int) models.VoteWrite {
		return models.VoteWrite{PollID: p.ID, ParticipantID: people[who].ID, Ballot: models.Ballot{Choices: []int{choice}}}
	}
	// Participant 0 votes twice in one batch: the later vote wins.
	stored, err := s.SaveVotes(ctx, []models.VoteWrite{vote(0, 0), vote(1, 1), vote(0, 2)})
	if err != nil || fmt.Sprint(stored) != "[true true true]" {
		t.Fatalf("stored %v, %v", stored, err)
	}
	if _, err := s.SaveVotes(ctx, []models.VoteWrite{vote(1, 2)}); err != nil {
		t.Fatal(err)
	}
	tally := models.NewTally(p)
	if err := tally.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	if r := tally.Results(); r.Total != 2 || fmt.Sprint(r.Counts) != "[0 0 2]" {
		t.Fatalf("results %+v", r)
	}
	if _, err := s.ChangePoll(ctx, p.ID, models.ActionClose); err != nil {
		t.Fatal(err)
	}
	stored, err = s.SaveVotes(ctx, []models.VoteWrite{vote(2, 0)})
	if err != nil || stored[0] {
		t.Fatalf("a vote on a closed poll was stored: %v %v", stored, err)
	}
}

func TestTallyKinds(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	p, people := pollFixture(t, s, models.PollInput{Kind: models.PollRanking, Question: "Rank", Options: []string{"a", "b", "c"}})
	tally := models.NewTally(p)
	tally.Lock()
	tally.SetLocked(people[0].ID, models.Ballot{Choices: []int{0, 1, 2}})
	tally.SetLocked(people[1].ID, models.Ballot{Choices: []int{2, 0, 1}})
	tally.SetLocked(people[1].ID, models.Ballot{Choices: []int{1, 0, 2}}) // re-vote replaces
	tally.Unlock()
	r := tally.Results()
	// Borda: a = 2+1, b = 1+2, c = 0+0; mean ranks a = (1+2)/2, b = (2+1)/2, c = 3.
	if fmt.Sprint(r.Counts) != "[3 3 0]" || fmt.Sprint(r.MeanRanks) != "[1.5 1.5 3]" {
		t.Fatalf("ranking results %+v", r)
	}
	scale, _ := pollFixture(t, s, models.PollInput{Kind: models.PollScale, Question: "S", Min: ptr(0), Max: ptr(10)})
	st := models.NewTally(scale)
	st.Lock()
	st.SetLocked(1, models.Ballot{Value: ptr(10)})
	st.SetLocked(2, models.Ballot{Value: ptr(7)})
	st.Unlock()
	if r := st.Results(); len(r.Counts) != 11 || r.Counts[10] != 1 || r.Mean == nil || *r.Mean != 8.5 {
		t.Fatalf("scale results %+v", r)
	}
	word, _ := pollFixture(t, s, models.PollInput{Kind: models.PollWordcloud, Question: "W"})
	text := "  Safe\t STAFFING "
	b, err := models.ParseBallot(word, nil, nil, &text)
	if err != nil || b.Text != "safe staffing" {
		t.Fatalf("word normalised to %q, %v", b.Text, err)
	}
	long := "a very long entry that is more than forty characters"
	if _, err := models.ParseBallot(word, nil, nil, &long); models.ErrorField(err) != "text" {
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
	p, people := pollFixture(t, s, models.PollInput{Kind: models.PollSingle, Question: "Q", Options: []string{"a", "b"}})
	newer := models.VoteWrite{PollID: p.ID, ParticipantID: people[0].ID, Ballot: models.Ballot{Choices: []int{1}, Seq: 200}}
	older := models.VoteWrite{PollID: p.ID, ParticipantID: people[0].ID, Ballot: models.Ballot{Choices: []int{0}, Seq: 100}}
	for _, batch := range [][]models.VoteWrite{{newer}, {older}} {
		stored, err := s.SaveVotes(ctx, batch)
		if err != nil || !stored[0] {
			t.Fatalf("stored %v, %v", stored, err)
		}
	}
	v, err := s.GetVote(ctx, p.ID, people[0].ID)
	if err != nil || fmt.Sprint(v.BallotOf().Choices) != "[1]" || v.Seq != 200 {
		t.Fatalf("the older vote replaced the newer: %+v %v", v, err)
	}
	tally := models.NewTally(p)
	tally.Lock()
	tally.SetLocked(people[0].ID, newer.Ballot)
	tally.SetLocked(people[0].ID, older.Ballot)
	tally.Unlock()
	if r := tally.Results(); fmt.Sprint(r.Counts) != "[0 1]" {
		t.Fatalf("tally %+v", r)
	}
}
