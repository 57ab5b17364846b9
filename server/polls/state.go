package polls

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// pollView is a poll as participants, presenters and the API see it.
type PollView struct {
	ID         uint     `json:"id"`
	WorkshopID uint     `json:"workshop_id"`
	Position   int      `json:"position"`
	Kind       string   `json:"kind"`
	Question   string   `json:"question"`
	Options    []string `json:"options"`
	Min        *int     `json:"min,omitempty"`
	Max        *int     `json:"max,omitempty"`
	MinLabel   string   `json:"min_label,omitempty"`
	MaxLabel   string   `json:"max_label,omitempty"`
	State      string   `json:"state"`
	Revealed   bool     `json:"revealed"`
}

func toPollView(p *pollmodel.Poll) PollView {
	v := PollView{ID: p.ID, WorkshopID: p.WorkshopID, Position: p.Position, Kind: p.Kind, Question: p.Question,
		Options: p.OptionList(), State: p.State, Revealed: p.Revealed}
	if p.Kind == pollmodel.PollScale {
		mn, mx := p.Min, p.Max
		v.Min, v.Max, v.MinLabel, v.MaxLabel = &mn, &mx, p.MinLabel, p.MaxLabel
	}
	return v
}

type workshopRef struct {
	ID       uint   `json:"id"`
	Title    string `json:"title"`
	JoinCode string `json:"join_code"`
}

// questionView is a Q&A question as the room sees it (no participant id).
type QuestionView struct {
	ID          uint      `json:"id"`
	Text        string    `json:"text"`
	Name        string    `json:"name"`
	Status      string    `json:"status"`
	Highlighted bool      `json:"highlighted"`
	Answered    bool      `json:"answered"`
	Upvotes     int       `json:"upvotes"`
	CreatedAt   time.Time `json:"created_at"`
}

func toQuestionViews(qs []pollmodel.PollQuestion) []QuestionView {
	out := make([]QuestionView, len(qs))
	for i, q := range qs {
		out[i] = QuestionView{ID: q.ID, Text: q.Text, Name: q.Name, Status: q.Status, Highlighted: q.Highlighted,
			Answered: q.Answered, Upvotes: q.Upvotes, CreatedAt: q.CreatedAt}
	}
	return out
}

// roomState is the state every client is greeted with and told about on each change:
// the workshop, its current poll and that poll's results when they are revealed (or
// always, for presenters). Presenter hellos add the questions; participant hellos are
// participantHelloState.
type roomState struct {
	Workshop  workshopRef        `json:"workshop"`
	Poll      *PollView          `json:"poll"`
	Results   *pollmodel.Results `json:"results"`
	Questions json.RawMessage    `json:"questions,omitempty"`
}

type myVote struct {
	PollID  uint   `json:"poll_id"`
	Choices []int  `json:"choices,omitempty"`
	Value   *int   `json:"value,omitempty"`
	Text    string `json:"text,omitempty"`
}

type participantState struct {
	DisplayName    string `json:"display_name"`
	OrganisationID *uint  `json:"organisation_id"`
	StaffGroup     string `json:"staff_group"`
}

type stateFrame struct {
	Type  string    `json:"type"`
	State roomState `json:"state"`
}

// currentState builds the room state of a workshop; withHidden includes results the room
// has not been shown (presenters).
func (s *Area) currentState(ctx context.Context, w liveWorkshop, withHidden bool) (roomState, error) {
	st := roomState{Workshop: workshopRef{ID: w.ID, Title: w.Title, JoinCode: w.JoinCode}}
	if w.Current == 0 {
		return st, nil
	}
	t, err := s.live.tally(ctx, w.Current)
	if err != nil {
		return st, web.IgnoreNotFound(err)
	}
	p := t.Poll()
	v := toPollView(&p)
	st.Poll = &v
	if p.Revealed || withHidden {
		r := t.Results()
		st.Results = &r
	}
	return st, nil
}

// renderState is the coalesced renderer for a workshop's state (poll opened, closed,
// revealed, hidden, next). It rereads the workshop and its polls, since the change may
// have been made on another instance, then greets the room with the new state.
func (s *Area) renderState(ctx context.Context, id string) (string, []byte, error) {
	ws, err := s.db.GetWorkshop(ctx, parseID(id))
	if err != nil {
		return "", nil, web.IgnoreNotFound(err)
	}
	polls, err := s.db.ListPolls(ctx, ws.ID)
	if err != nil {
		return "", nil, err
	}
	for i := range polls {
		p := &polls[i]
		if p.State != pollmodel.PollOpened && (ws.CurrentPollID == nil || *ws.CurrentPollID != p.ID) {
			s.live.forget(p.ID) // finished: reloaded from the database if anyone asks again
		} else if t := s.live.cached(p.ID); t != nil && !sameContent(t.Poll(), *p) {
			s.live.forget(p.ID) // edited (only possible with no votes): reloaded on next use
		} else if t != nil {
			t.SetPoll(p)
		}
	}
	w := s.live.refreshWorkshop(ws)
	st, err := s.currentState(ctx, w, false)
	if err != nil {
		return "", nil, err
	}
	if st.Poll != nil { // every instance renders the state, and so its results, itself
		s.Hub.TouchHere(kindResults, strconv.FormatUint(uint64(st.Poll.ID), 10))
	}
	frame, err := json.Marshal(stateFrame{Type: "state", State: st})
	return WorkshopTopic(ws.ID), frame, err
}

// sameContent reports whether a cached poll still has the stored poll's content, which an
// edit on any instance may have changed.
func sameContent(a, b pollmodel.Poll) bool {
	return a.Kind == b.Kind && a.Question == b.Question && a.Options == b.Options && a.Min == b.Min &&
		a.Max == b.Max && a.MinLabel == b.MinLabel && a.MaxLabel == b.MaxLabel
}

// questionsFrame carries the Q&A list: approved questions to the room ("questions"),
// every question to facilitators ("questions_all").
type questionsFrame struct {
	Type      string          `json:"type"`
	Questions json.RawMessage `json:"questions"`
}

func (s *Area) approvedQuestionsJSON(ctx context.Context, workshopID uint) ([]byte, error) {
	qs, err := s.db.ListQuestions(ctx, workshopID, true)
	if err != nil {
		return nil, err
	}
	if len(qs) > 50 {
		qs = qs[:50]
	}
	return json.Marshal(toQuestionViews(qs))
}

func (s *Area) renderQuestions(ctx context.Context, id string) (string, []byte, error) {
	wid := parseID(id)
	list, err := s.approvedQuestionsJSON(ctx, wid)
	if err != nil {
		return "", nil, err
	}
	s.live.setQuestions(wid, list)
	frame, err := json.Marshal(questionsFrame{Type: "questions", Questions: list})
	return WorkshopTopic(wid), frame, err
}

func (s *Area) renderAllQuestions(ctx context.Context, id string) (string, []byte, error) {
	wid := parseID(id)
	qs, err := s.db.ListQuestions(ctx, wid, false)
	if err != nil {
		return "", nil, err
	}
	list, _ := json.Marshal(toQuestionViews(qs))
	frame, err := json.Marshal(questionsFrame{Type: "questions_all", Questions: list})
	return presentTopic(wid), frame, err
}

// touchQuestions tells every instance the workshop's Q&A changed.
func (s *Area) touchQuestions(workshopID uint) {
	id := strconv.FormatUint(uint64(workshopID), 10)
	s.Hub.Touch(kindQuestions, id)
	s.Hub.Touch(kindQuestionsAll, id)
}

func (s *Area) touchState(workshopID uint) {
	s.Hub.Touch(kindState, strconv.FormatUint(uint64(workshopID), 10))
}

// registerPollRenderers wires the coalesced frames of live workshops into the hub.
func (s *Area) registerPollRenderers() {
	s.Hub.Coalesce(kindResults, s.renderResults)
	s.Hub.OnDelta(deltaVotes, s.applySharedVotes)
	s.Hub.OnResync(s.reloadTallies)
	s.Hub.Coalesce(kindState, s.renderState)
	s.Hub.Coalesce(kindQuestions, s.renderQuestions)
	s.Hub.Coalesce(kindQuestionsAll, s.renderAllQuestions)
	s.Hub.Coalesce(kindPeople, s.renderPeople)
	s.Hub.OnDelta(deltaPeople, s.applySharedPeople)
	s.Hub.OnResync(s.resharePeople)
}
