package polls

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// presenterCheck runs before a presenter or control socket is upgraded: the route policy
// has already required a signed-in facilitator or admin; this checks the workshop exists.
func (s *Area) presenterCheck(c *fiber.Ctx) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return &models.Error{Code: models.EBADREQUEST, Message: "this is a websocket endpoint: connect with a websocket client"}
	}
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.live.workshop(c.UserContext(), id); err != nil {
		return err
	}
	c.Locals(localWorkshop, id)
	return c.Next()
}

// presenterSocket serves the big screen and the control page: every frame the room gets,
// plus results while they are hidden from the room and the full Q&A list.
func (s *Area) presenterSocket(conn *websocket.Conn) {
	id := conn.Locals(localWorkshop).(uint)
	c := s.NewClient(conn, web.SocketPresenter)
	s.Hub.Subscribe(c, WorkshopTopic(id), presentTopic(id))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	hello, err := s.presenterHello(ctx, id)
	cancel()
	if err != nil {
		s.Log.Error("presenter hello failed", "workshop", id, "err", err)
		s.Hub.Unsubscribe(c)
		return
	}
	// The hello goes first in the queue only if nothing was published in between; a
	// Frame that overtakes it is older state the hello then replaces.
	c.Send(hello)
	c.Serve(512, func([]byte) {})
	s.Hub.Unsubscribe(c)
}

// presenterHelloMsg adds what only the facilitator's screens show: every question, and
// how many people are taking part now (then kept up to date by "people" frames).
type presenterHelloMsg struct {
	Type         string          `json:"type"`
	State        roomState       `json:"state"`
	QuestionsAll json.RawMessage `json:"questions_all"`
	Connected    int             `json:"connected"`
}

func (s *Area) presenterHello(ctx context.Context, id uint) ([]byte, error) {
	w, err := s.live.workshop(ctx, id)
	if err != nil {
		return nil, err
	}
	st, err := s.currentState(ctx, w, true)
	if err != nil {
		return nil, err
	}
	if st.Questions, err = s.approvedQuestionsJSON(ctx, id); err != nil {
		return nil, err
	}
	qs, err := s.db.ListQuestions(ctx, id, false)
	if err != nil {
		return nil, err
	}
	all, _ := json.Marshal(toQuestionViews(qs))
	return json.Marshal(presenterHelloMsg{Type: "hello", State: st, QuestionsAll: all,
		Connected: s.people.total(id, time.Now())})
}
