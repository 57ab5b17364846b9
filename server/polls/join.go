package polls

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/time/rate"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// Participant sockets: frames per second each connection may send (with a burst), and the
// largest frame read.
const (
	participantRate  = 5
	ParticipantBurst = 20
	ParticipantLimit = 4096
)

const (
	localParticipant = "poll_participant"
	localPartToken   = "poll_participant_token"
	localWorkshop    = "poll_workshop"
)

// joinWorkshop runs before the participant socket is upgraded: it finds the workshop by
// its join code (404 JSON for a wrong code) and the participant by their token. A caller
// without a valid token will become a new participant, which each client address may do
// CONFER_POLL_JOIN_LIMIT times an hour (429 beyond), so one script cannot stuff a poll with
// voters. Nothing is written here: the participant is made only once the upgrade, with its
// Origin check, has been accepted.
func (s *Area) joinWorkshop(c *fiber.Ctx) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return &models.Error{Code: models.EBADREQUEST, Message: "this is a websocket endpoint: connect with a websocket client"}
	}
	w, err := s.live.workshopByCode(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	raw := strings.Clone(c.Query("participant_token"))
	p, err := s.db.FindParticipant(c.UserContext(), w.ID, raw)
	if err != nil {
		return err
	}
	if p == nil {
		if ok, wait := s.pollJoins.Allow(s.ClientKey(c)); !ok {
			return web.TooMany(c, wait, "people joining from your network")
		}
		raw = ""
	}
	c.Locals(localWorkshop, w.ID)
	c.Locals(localParticipant, p)
	c.Locals(localPartToken, raw)
	return c.Next()
}

// participantConn is one participant's socket: small, since a workshop may hold 15,000.
type participantConn struct {
	s          *Area
	c          *web.Client
	p          *pollmodel.PollParticipant
	workshopID uint
	lim        *rate.Limiter
}

func (s *Area) participantSocket(conn *websocket.Conn) {
	pc := &participantConn{s: s, c: s.NewClient(conn, web.SocketParticipant),
		workshopID: conn.Locals(localWorkshop).(uint),
		lim:        rate.NewLimiter(participantRate, ParticipantBurst)}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	token, newcomer, err := pc.admit(ctx, conn)
	var hello []byte
	var st roomState
	if err == nil {
		hello, st, err = pc.hello(ctx, token, newcomer)
	}
	cancel()
	if err != nil {
		s.Log.Error("participant hello failed", "workshop", pc.workshopID, "err", err)
		_ = conn.WriteMessage(websocket.TextMessage, errorFrame(0, "", "", "internal error: reconnect"))
		return
	}
	pc.c.Send(hello)
	s.Hub.Subscribe(pc.c, WorkshopTopic(pc.workshopID))
	pc.resendIfChanged(st)
	s.participantJoined(pc.workshopID, pc.p.ID)
	pc.c.Serve(ParticipantLimit, pc.onFrame)
	s.participantLeft(pc.workshopID, pc.p.ID)
	s.Hub.Unsubscribe(pc.c)
}

// admit is the participant joinWorkshop found, or a new one made now that the socket is
// open, with the token to give back and whether they are new.
func (pc *participantConn) admit(ctx context.Context, conn *websocket.Conn) (string, bool, error) {
	if p, _ := conn.Locals(localParticipant).(*pollmodel.PollParticipant); p != nil {
		pc.p = p
		return conn.Locals(localPartToken).(string), false, nil
	}
	p, token, err := pc.s.db.NewParticipant(ctx, pc.workshopID)
	pc.p = p
	return token, true, err
}

type helloFrame struct {
	Type             string                `json:"type"`
	ParticipantToken string                `json:"participant_token"`
	State            participantHelloState `json:"state"`
}

// hello is the participant's full state: workshop, current poll, its results if revealed,
// their own vote on it, the approved questions and what they upvoted.
func (pc *participantConn) hello(ctx context.Context, token string, newcomer bool) ([]byte, roomState, error) {
	s := pc.s
	w, err := s.live.workshop(ctx, pc.workshopID)
	if err != nil {
		return nil, roomState{}, err
	}
	st, err := s.currentState(ctx, w, false)
	if err != nil {
		return nil, st, err
	}
	full := newParticipantHello(st, pc.p)
	if w.Questions == nil {
		if w.Questions, err = s.approvedQuestionsJSON(ctx, w.ID); err != nil {
			return nil, st, err
		}
		s.live.setQuestions(w.ID, w.Questions)
	}
	full.Questions = w.Questions
	if !newcomer {
		if st.Poll != nil {
			v, err := s.db.GetVote(ctx, st.Poll.ID, pc.p.ID)
			if err != nil {
				return nil, st, err
			}
			if v != nil {
				b := v.BallotOf()
				full.MyVote = &myVote{PollID: v.PollID, Choices: b.Choices, Value: b.Value, Text: b.Text}
			}
		}
		if ids, err := s.db.UpvotedBy(ctx, pc.p.ID); err != nil {
			return nil, st, err
		} else if len(ids) > 0 {
			full.Upvoted = ids
		}
	}
	b, err := json.Marshal(helloFrame{Type: "hello", ParticipantToken: token, State: full})
	return b, st, err
}

// resendIfChanged closes the gap between building the hello and subscribing: if the
// room's state changed meanwhile, the participant gets the new state at once.
func (pc *participantConn) resendIfChanged(before roomState) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w, err := pc.s.live.workshop(ctx, pc.workshopID)
	if err != nil {
		return
	}
	now, err := pc.s.currentState(ctx, w, false)
	if err != nil || sameState(before, now) {
		return
	}
	if b, err := json.Marshal(stateFrame{Type: "state", State: now}); err == nil {
		pc.c.Send(b)
	}
}

func sameState(a, b roomState) bool {
	if (a.Poll == nil) != (b.Poll == nil) {
		return false
	}
	if a.Poll == nil {
		return true
	}
	return a.Poll.ID == b.Poll.ID && a.Poll.State == b.Poll.State && a.Poll.Revealed == b.Poll.Revealed
}

// onFrame handles one frame from the participant; every problem is an error frame to
// them alone.
func (pc *participantConn) onFrame(msg []byte) {
	if !pc.lim.Allow() {
		pc.c.Send(errorFrame(0, "", "", "too many messages: wait a moment and try again"))
		return
	}
	f, err := parseFrame(msg)
	if err == nil {
		err = pc.handle(f)
	}
	if err != nil {
		pc.c.Send(errorFrame(f.PollID, f.ClientVoteID, models.ErrorField(err), models.ErrorMessage(err)))
		if models.ErrorCode(err) == models.EINTERNAL {
			pc.s.Log.Error("participant frame failed", "type", f.Type, "err", err)
		}
	}
}

func (pc *participantConn) handle(f inFrame) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	switch f.Type {
	case "vote":
		return pc.vote(ctx, f)
	case "ask":
		q, err := pc.s.db.AskQuestionAs(ctx, pc.p, *f.Text, f.Name, f.Anonymous)
		if err != nil {
			return err
		}
		pc.s.touchQuestions(pc.workshopID)
		pc.c.Send(replyFrame("asked", q.ID))
	case "upvote":
		if err := pc.s.db.UpvoteQuestion(ctx, pc.p, f.QuestionID); err != nil {
			return err
		}
		pc.s.touchQuestions(pc.workshopID)
		pc.c.Send(replyFrame("upvoted", f.QuestionID))
	case "profile":
		p, err := pc.s.db.UpdateParticipantProfile(ctx, pc.p.ID, pollmodel.ProfileInput{
			DisplayName: f.DisplayName, OrganisationID: f.OrganisationID, StaffGroup: f.StaffGroup,
			NotifyEmail: f.NotifyEmail, NotifyConsent: f.NotifyConsent})
		if err != nil {
			return err
		}
		pc.p = p
		pc.c.Send(replyFrame("profile_saved", 0))
	}
	return nil
}

// vote checks a vote against its poll (which must be in this workshop) and queues it for
// the vote writer, which acks it once it is stored.
func (pc *participantConn) vote(ctx context.Context, f inFrame) error {
	t, err := pc.s.live.tally(ctx, f.PollID)
	if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
		return err
	}
	var poll pollmodel.Poll
	if t != nil {
		poll = t.Poll()
	}
	if t == nil || poll.WorkshopID != pc.workshopID {
		return models.Invalid("poll_id", "poll %d is not in this workshop", f.PollID)
	}
	b, err := pollmodel.ParseBallot(&poll, f.Choices, f.Value, f.Text)
	if err != nil {
		return err
	}
	b.Seq = time.Now().UnixNano()
	ok := pc.s.votes.submit(voteReq{client: pc.c, write: pollmodel.VoteWrite{
		PollID: f.PollID, ParticipantID: pc.p.ID, Ballot: b, ClientVoteID: f.ClientVoteID}})
	if !ok {
		return models.Errorf(models.ETOOMANY, "the server is busy: send your vote again in a moment")
	}
	return nil
}

type replyMsg struct {
	Type       string `json:"type"`
	QuestionID uint   `json:"question_id,omitempty"`
}

func replyFrame(typ string, questionID uint) []byte {
	b, _ := json.Marshal(replyMsg{Type: typ, QuestionID: questionID})
	return b
}
