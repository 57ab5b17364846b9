package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/models/polls"
)

type demoPoll struct {
	in     polls.PollInput
	ballot func(rng *rand.Rand) polls.Ballot
}

func pick(rng *rand.Rand, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return 0
}

func intp(v int) *int { return &v }

var demoWords = []string{"busy", "busy", "busy", "stretched", "teamwork", "teamwork", "hopeful", "tired", "flu", "staffing", "staffing", "kindness"}

var demoAnswers = []string{"More step-down beds in the community", "Share discharge plans earlier", "Better weekend cover for pharmacy",
	"A single number for care homes to call", "Joint huddles with the ambulance service"}

var demoPolls = []demoPoll{
	{polls.PollInput{Kind: polls.PollSingle, Question: "Which pressure worries you most this winter?",
		Options: []string{"Delayed discharges", "Staff sickness", "Ambulance handovers", "Mental health demand"}},
		func(r *rand.Rand) polls.Ballot { return polls.Ballot{Choices: []int{pick(r, 5, 3, 4, 2)}} }},
	{polls.PollInput{Kind: polls.PollMultiple, Question: "Which of these would help your team? Choose all that apply.",
		Options: []string{"Flexible rotas", "Wellbeing rooms", "Faster recruitment", "Shared bank staff"}},
		func(r *rand.Rand) polls.Ballot {
			return polls.Ballot{Choices: []int{pick(r, 1, 1), 2 + pick(r, 1, 1)}}
		}},
	{polls.PollInput{Kind: polls.PollScale, Question: "How prepared does your service feel for winter?",
		Min: intp(1), Max: intp(5), MinLabel: "Not at all", MaxLabel: "Fully"},
		func(r *rand.Rand) polls.Ballot { return polls.Ballot{Value: intp(1 + pick(r, 1, 3, 5, 3, 1))} }},
	{polls.PollInput{Kind: polls.PollWordcloud, Question: "One word for how this winter feels"},
		func(r *rand.Rand) polls.Ballot { return polls.Ballot{Text: demoWords[r.IntN(len(demoWords))]} }},
	{polls.PollInput{Kind: polls.PollOpen, Question: "What one change would make the biggest difference?"},
		func(r *rand.Rand) polls.Ballot { return polls.Ballot{Text: demoAnswers[r.IntN(len(demoAnswers))]} }},
	{polls.PollInput{Kind: polls.PollRanking, Question: "Rank these priorities for the winter plan",
		Options: []string{"Discharge", "Workforce", "Urgent care", "Communications"}},
		func(r *rand.Rand) polls.Ballot { return polls.Ballot{Choices: r.Perm(4)} }},
}

var demoQuestions = []struct {
	text, status      string
	anonymous, answer bool
}{
	{"Will bank staff be included in the winter incentive scheme?", polls.QuestionApproved, false, false},
	{"How will we know if the virtual ward is working?", polls.QuestionApproved, true, true},
	{"Can primary care join the daily system call?", polls.QuestionApproved, false, false},
	{"Is the flu vaccine clinic open to volunteers?", polls.QuestionPending, true, false},
}

// seedPolls adds a demo workshop with a poll of each kind, an audience whose organisation
// and staff group are recorded, their votes, and some Q&A. The first poll is open and its
// results are shown, so the presenter view is alive at once.
func seedPolls(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	fac, err := store.GetPersonByEmail(ctx, FacilitatorEmail)
	if err != nil {
		return fmt.Errorf("demo facilitator: %w", err)
	}
	w, err := polls.Of(store).CreateWorkshop(ctx, polls.WorkshopInput{Title: "Winter resilience workshop"}, fac.ID)
	if err != nil {
		return err
	}
	orgs, err := store.ListOrganisations(ctx)
	if err != nil {
		return err
	}
	var audience []*polls.PollParticipant
	for i := range 24 {
		p, _, err := polls.Of(store).JoinWorkshop(ctx, w.ID, "")
		if err != nil {
			return err
		}
		o := orgs[rng.IntN(len(orgs))].ID
		name := ""
		if i%3 != 0 {
			name = firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		}
		if p, err = polls.Of(store).UpdateParticipantProfile(ctx, p.ID, polls.ProfileInput{DisplayName: name,
			OrganisationID: &o, StaffGroup: nhsGroups[rng.IntN(len(nhsGroups))]}); err != nil {
			return err
		}
		audience = append(audience, p)
	}
	for i, dp := range demoPolls {
		p, err := polls.Of(store).CreatePoll(ctx, w.ID, dp.in)
		if err != nil {
			return fmt.Errorf("demo poll %d: %w", i+1, err)
		}
		if i > 3 {
			continue // later polls wait for the facilitator
		}
		if _, err := polls.Of(store).ChangePoll(ctx, p.ID, polls.ActionOpen); err != nil {
			return err
		}
		var votes []polls.VoteWrite
		for _, a := range audience[:18+rng.IntN(6)] {
			votes = append(votes, polls.VoteWrite{PollID: p.ID, ParticipantID: a.ID, Ballot: dp.ballot(rng)})
		}
		if _, err := polls.Of(store).SaveVotes(ctx, votes); err != nil {
			return err
		}
		if _, err := polls.Of(store).ChangePoll(ctx, p.ID, polls.ActionReveal); err != nil {
			return err
		}
	}
	if _, err := polls.Of(store).NextPoll(ctx, w.ID); err != nil { // closes poll 4, opens poll 5
		return err
	}
	return seedQuestions(ctx, store, audience, rng)
}

func seedQuestions(ctx context.Context, store *models.Store, audience []*polls.PollParticipant, rng *rand.Rand) error {
	for i, dq := range demoQuestions {
		q, err := polls.Of(store).AskQuestion(ctx, audience[i*2+1], dq.text, dq.anonymous)
		if err != nil {
			return err
		}
		if dq.status == polls.QuestionPending {
			continue
		}
		if _, err := polls.Of(store).ModerateQuestion(ctx, q.ID, "approve"); err != nil {
			return err
		}
		if dq.answer {
			if _, err := polls.Of(store).ModerateQuestion(ctx, q.ID, "answer"); err != nil {
				return err
			}
		}
		for _, a := range audience[:rng.IntN(10)] {
			if err := polls.Of(store).UpvoteQuestion(ctx, a, q.ID); err != nil && models.ErrorCode(err) != models.ECONFLICT {
				return err
			}
		}
	}
	return nil
}
