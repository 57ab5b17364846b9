package web

import (
	"sync"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// Websocket timings: a peer that has not answered a ping within pongWait is dead.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingEvery  = 25 * time.Second
	sendBuffer = 256 // frames queued per client before it is dropped as too slow
)

// Client is one websocket connection: a bounded send queue drained by a write pump, and a
// read loop. Serve blocks until both end, as gofiber/contrib/websocket requires (the
// connection returns to a pool when the handler returns).
//
// Coalesced frames (poll results) do not queue: each key keeps only its newest frame until
// the write pump sends it, so a client that falls behind skips stale results instead of
// working through a backlog of them, and the newest total reaches it after one write.
type Client struct {
	conn      *websocket.Conn
	send      chan []byte
	Done      chan struct{}
	closeOnce sync.Once
	closeMsg  []byte // the close frame the write pump sends; set once, before Done closes
	readDone  chan struct{}
	topics    []string // owned by the hub goroutine

	latestMu sync.Mutex
	latest   []latestFrame // newest frame per coalesced key, in first-offered order
	Wake     chan struct{}

	kind    string   // what it is for the metrics (Socket*); "" when made without a kit
	metrics *Metrics // nil when made without a kit
}

type latestFrame struct {
	Key   string
	Frame []byte
}

// NewClient wraps an upgraded connection.
func NewClient(conn *websocket.Conn) *Client {
	return &Client{conn: conn, send: make(chan []byte, sendBuffer), Done: make(chan struct{}), Wake: make(chan struct{}, 1),
		readDone: make(chan struct{})}
}

// NewClient wraps an upgraded connection of a kind (SocketParticipant, …): the metrics
// count it while it is served, and the frames it drops.
func (k *Kit) NewClient(conn *websocket.Conn, kind string) *Client {
	c := NewClient(conn)
	c.kind, c.metrics = kind, k.Metrics
	return c
}

// OfferLatest replaces any unsent frame for key with this one; false if the client is closed.
func (c *Client) OfferLatest(key string, frame []byte) bool {
	select {
	case <-c.Done:
		return false
	default:
	}
	c.latestMu.Lock()
	found := false
	for i := range c.latest {
		if c.latest[i].Key == key {
			c.metrics.frameDropped(dropSuperseded)
			c.latest[i].Frame, found = frame, true
			break
		}
	}
	if !found {
		c.latest = append(c.latest, latestFrame{key, frame})
	}
	c.latestMu.Unlock()
	select {
	case c.Wake <- struct{}{}:
	default:
	}
	return true
}

func (c *Client) TakeLatest() []latestFrame {
	c.latestMu.Lock()
	defer c.latestMu.Unlock()
	out := c.latest
	c.latest = nil
	return out
}

// offer queues a frame without blocking; false means the client is full or closed.
func (c *Client) offer(frame []byte) bool {
	select {
	case <-c.Done:
		return false
	default:
	}
	select {
	case c.send <- frame:
		return true
	default:
		return false
	}
}

// Send queues a frame for this client alone (hello, ack, error). A full queue closes the
// client, which resyncs on reconnect.
func (c *Client) Send(frame []byte) {
	if !c.offer(frame) {
		c.droppedSlow()
		c.Close()
	}
}

// droppedSlow counts a client dropped because its queue was full (not one already
// closed), and ends its connection now: it cuts short the write the pump may be stuck in
// on a full socket, and the read loop, which would otherwise wait for the peer until
// pongWait (closing a hijacked connection does nothing until the handler returns), so the
// client is told at once to reconnect and resync, and its socket place is freed.
func (c *Client) droppedSlow() {
	select {
	case <-c.Done:
	default:
		c.metrics.slowClientDropped()
		if c.conn != nil {
			_ = c.conn.NetConn().SetDeadline(time.Now())
		}
	}
}

// Close ends the connection (1000, normal closure); safe to call from anywhere, any number
// of times.
func (c *Client) Close() { c.CloseWith(websocket.CloseNormalClosure, "") }

// CloseWith ends the connection with a close code and reason (CloseSockets: 1012, so the
// client reconnects at once); the first call's code is the one sent.
func (c *Client) CloseWith(code int, reason string) {
	c.closeOnce.Do(func() {
		c.closeMsg = websocket.FormatCloseMessage(code, reason)
		close(c.Done)
	})
}

// Serve runs the write pump and the read loop (limit bytes per frame), calling onFrame for
// each text frame, until either side ends.
func (c *Client) Serve(limit int64, onFrame func(msg []byte)) {
	defer c.metrics.socketOpened(c.kind)()
	pumpDone := make(chan struct{})
	go func() {
		defer close(pumpDone)
		c.writePump()
	}()
	c.conn.SetReadLimit(limit)
	_ = c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		typ, msg, err := c.conn.ReadMessage()
		if err != nil {
			break
		}
		if typ == websocket.TextMessage {
			onFrame(msg)
		}
	}
	close(c.readDone)
	c.Close()
	<-pumpDone
}

func (c *Client) writePump() {
	ping := time.NewTicker(pingEvery)
	defer func() {
		ping.Stop()
		_ = c.conn.Close()
	}()
	for {
		select {
		case frame := <-c.send:
			if !c.write(frame) {
				return
			}
		case <-c.Wake:
			// Frames queued before the wake-up go first (a state change, then its results).
			for n := len(c.send); n > 0; n-- {
				if !c.write(<-c.send) {
					return
				}
			}
			for _, f := range c.TakeLatest() {
				if !c.write(f.Frame) {
					return
				}
			}
		case <-ping.C:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				c.Close()
				return
			}
		case <-c.Done:
			_ = c.conn.SetWriteDeadline(time.Now().Add(time.Second))
			if c.conn.WriteMessage(websocket.CloseMessage, c.closeMsg) == nil {
				c.awaitCloseReply()
			}
			return
		}
	}
}

// closeGrace is how long a closing server waits for the peer's close frame before it drops
// the connection: closing at once could reset it before the peer has read our close frame
// (and with it the code that says "reconnect now").
const closeGrace = time.Second

// awaitCloseReply waits for the read loop to end (the peer answered our close frame, or
// had already gone) or closeGrace.
func (c *Client) awaitCloseReply() {
	t := time.NewTimer(closeGrace)
	defer t.Stop()
	select {
	case <-c.readDone:
	case <-t.C:
	}
}

func (c *Client) write(frame []byte) bool {
	_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := c.conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		c.Close()
		return false
	}
	return true
}

// Upgrade wraps a websocket handler: it refuses plain HTTP with 400 and other sites'
// pages with 403 (foreignOrigin), admitting only the configured origins and requests with
// no Origin, which come from non-browser clients. A client already holding
// CONFER_WS_PER_CLIENT sockets is refused with 429 before the upgrade.
func (s *Kit) Upgrade(handler func(*websocket.Conn)) fiber.Handler {
	ws := websocket.New(s.countSocket(handler), websocket.Config{
		Origins:          append(append([]string{}, s.Cfg.AllowedOrigins...), ""),
		HandshakeTimeout: 10 * time.Second,
		ReadBufferSize:   1024,
		WriteBufferSize:  1024,
		WriteBufferPool:  &sync.Pool{},
	})
	return func(c *fiber.Ctx) error {
		if !websocket.IsWebSocketUpgrade(c) {
			return &models.Error{Code: models.EBADREQUEST, Message: "this is a websocket endpoint: connect with a websocket client"}
		}
		if err := s.foreignOrigin(c); err != nil {
			return err
		}
		if s.sockets.full(s.ClientKey(c)) {
			return tooManySockets(c)
		}
		return ws(c)
	}
}

// countSocket holds one of the client's socket places while handler runs. The check
// before the upgrade refuses most extra sockets with a status; one that raced past it is
// closed at once with 1013 (try again later).
func (s *Kit) countSocket(handler func(*websocket.Conn)) func(*websocket.Conn) {
	return func(conn *websocket.Conn) {
		s.liveSockets.Add(1) // CloseSockets waits for this to reach 0
		defer s.liveSockets.Add(-1)
		key, _ := conn.Locals(localClient).(string)
		if !s.sockets.acquire(key) {
			msg := websocket.FormatCloseMessage(websocket.CloseTryAgainLater, "too many live connections from your network")
			_ = conn.WriteControl(websocket.CloseMessage, msg, time.Now().Add(writeWait))
			return
		}
		defer s.sockets.release(key)
		handler(conn)
	}
}

func tooManySockets(c *fiber.Ctx) error {
	c.Set(fiber.HeaderRetryAfter, "30")
	return models.Errorf(models.ETOOMANY, "too many live connections from your network: close some tabs or try again in a minute")
}
