package web

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Hub fans frames out to the websocket clients subscribed to a topic ("workshop:12",
// "channel:3"). One goroutine owns the client set; publishers and connections talk to it
// through channels. A client whose bounded send buffer is full is dropped (it resyncs on
// reconnect), so a slow phone never holds up the room.
//
// Frames that summarise state (poll results) are coalesced: Touch marks a key dirty, and at
// most every coalesceEvery the hub renders each dirty key once and publishes the frame. On
// Postgres, a Broker carries publishes and touches to the other instances.
//
// A renderer that draws on state this instance keeps in memory (a poll's tally) cannot
// learn what another instance changed from a touch alone: the other instance shares the
// change itself as deltas (ShareDeltas), which every instance applies (OnDelta) before it
// renders; after the broker reconnects, when deltas may have been missed, OnResync
// handlers reread the state from the database.
type Hub struct {
	log       *slog.Logger
	broker    Broker
	ops       chan hubOp
	renderers map[string]Renderer     // by kind, fixed before Run
	appliers  map[string]DeltaApplier // by delta kind, fixed before Run
	resyncs   []func(ctx context.Context)

	listening     chan struct{} // closed once the broker first listens: events from then on arrive
	listeningOnce sync.Once

	dirtyMu sync.Mutex
	dirty   map[dirtyKey]bool // touched since the last flush; true: to be announced to the other instances
	touched chan struct{}     // wakes the flush loop

	stats hubStats

	closing *closeFrame // owned by Run: set by CloseAll; every client, now or later, is closed with it
}

// closeFrame is the code and reason CloseAll closes clients with.
type closeFrame struct {
	code   int
	reason string
}

// Renderer builds the current frame for one coalesced key and the topic it goes to.
type Renderer func(ctx context.Context, id string) (topic string, frame []byte, err error)

// DeltaApplier applies a change another instance shared with ShareDeltas.
type DeltaApplier func(id string, data []byte)

type dirtyKey struct{ kind, id string }

type hubOp struct {
	kind   int
	client *Client
	topics []string
	topic  string
	frame  []byte
	key    string
	close  *closeFrame
	reply  chan int
}

const (
	opSubscribe = iota
	opUnsubscribe
	opPublish
	opPublishLatest // a coalesced frame: each client keeps only the newest per key
	opCount
	opCloseAll
)

// CoalesceEvery bounds how often one key's frame is broadcast (about ten a second).
const CoalesceEvery = 100 * time.Millisecond

type hubStats struct {
	mu      sync.Mutex
	dropped int
}

// NewHub makes a hub; broker nil means this instance is alone (SQLite, tests).
func NewHub(log *slog.Logger, broker Broker) *Hub {
	if broker == nil {
		broker = localBroker{}
	}
	return &Hub{log: log, broker: broker, ops: make(chan hubOp, 4096), renderers: map[string]Renderer{},
		appliers: map[string]DeltaApplier{}, dirty: map[dirtyKey]bool{}, touched: make(chan struct{}, 1),
		listening: make(chan struct{})}
}

// listenWait bounds how long a new subscriber waits for the broker's first connection
// before it is served anyway (readyz says 503 meanwhile, so a balancer sends nobody).
const listenWait = 10 * time.Second

// Listening is closed once the broker has first connected: from then on, what other
// instances publish reaches this one.
func (h *Hub) Listening() <-chan struct{} { return h.listening }

// Coalesce registers the renderer for a kind of coalesced frame. Call before Run.
func (h *Hub) Coalesce(kind string, r Renderer) { h.renderers[kind] = r }

// OnDelta registers what applies another instance's deltas of a kind. Call before Run.
func (h *Hub) OnDelta(kind string, apply DeltaApplier) { h.appliers[kind] = apply }

// OnResync registers what rereads in-memory state when deltas may have been missed: each
// time the broker (re)connects. Call before Run.
func (h *Hub) OnResync(fn func(ctx context.Context)) { h.resyncs = append(h.resyncs, fn) }

// Shared reports whether other instances may be listening (deltas are worth making).
func (h *Hub) Shared() bool {
	_, alone := h.broker.(localBroker)
	return !alone
}

// ShareDeltas sends changes to the other instances, in order, in one round trip. Each
// must fit a broker message (maxNotifyFrame bytes).
func (h *Hub) ShareDeltas(ctx context.Context, kind, id string, deltas [][]byte) {
	if len(deltas) == 0 {
		return
	}
	evs := make([]BrokerEvent, len(deltas))
	for i, d := range deltas {
		evs[i] = BrokerEvent{Delta: kind, ID: id, Data: d}
	}
	if err := h.broker.Publish(ctx, evs...); err != nil {
		h.log.Warn("hub: sharing deltas failed", "kind", kind, "err", err)
	}
}

// Run owns the client set until ctx ends; it also flushes coalesced frames and relays
// what other instances publish.
func (h *Hub) Run(ctx context.Context) {
	go h.broker.Listen(ctx, h.fromBroker, func() {
		h.listeningOnce.Do(func() { close(h.listening) })
		h.resync(ctx)
	})
	go h.flushLoop(ctx)
	topics := map[string]map[*Client]struct{}{}
	for {
		select {
		case <-ctx.Done():
			for _, set := range topics {
				for c := range set {
					c.Close()
				}
			}
			return
		case op := <-h.ops:
			h.apply(topics, op)
		}
	}
}

func (h *Hub) apply(topics map[string]map[*Client]struct{}, op hubOp) {
	switch op.kind {
	case opSubscribe:
		for _, t := range op.topics {
			if topics[t] == nil {
				topics[t] = map[*Client]struct{}{}
			}
			topics[t][op.client] = struct{}{}
			op.client.topics = append(op.client.topics, t)
		}
		if h.closing != nil { // the instance is leaving: a latecomer goes where the others went
			op.client.CloseWith(h.closing.code, h.closing.reason)
		}
		if op.reply != nil {
			op.reply <- 0
		}
	case opUnsubscribe:
		for _, t := range op.client.topics {
			delete(topics[t], op.client)
			if len(topics[t]) == 0 {
				delete(topics, t)
			}
		}
		op.client.topics = nil
	case opPublish:
		for c := range topics[op.topic] {
			if !c.offer(op.frame) {
				c.droppedSlow()
				h.stats.mu.Lock()
				h.stats.dropped++
				h.stats.mu.Unlock()
				h.log.Debug("dropping a slow websocket client", "topic", op.topic)
				for _, t := range c.topics {
					delete(topics[t], c)
				}
				c.topics = nil
				c.Close()
			}
		}
	case opPublishLatest:
		for c := range topics[op.topic] {
			c.OfferLatest(op.key, op.frame)
		}
		op.reply <- 0
	case opCount:
		op.reply <- len(topics[op.topic])
	case opCloseAll:
		h.closing = op.close
		for _, set := range topics {
			for c := range set {
				c.CloseWith(op.close.code, op.close.reason)
			}
		}
		op.reply <- 0
	}
}

// Subscribe adds a client to topics; it returns once the hub has done so, so a frame
// published after it returns reaches the client, from any instance: on an instance that has
// just started, it first waits (up to listenWait) for the broker to listen, or a frame sent
// between the caller reading the state and the broker's LISTEN would be lost.
func (h *Hub) Subscribe(c *Client, topics ...string) {
	select {
	case <-h.listening:
	default:
		t := time.NewTimer(listenWait)
		select {
		case <-h.listening:
		case <-t.C:
			h.log.Warn("hub: subscribing before the broker listens; frames from other instances may be missed")
		}
		t.Stop()
	}
	reply := make(chan int, 1)
	h.ops <- hubOp{kind: opSubscribe, client: c, topics: topics, reply: reply}
	<-reply
}

// Unsubscribe removes a client from every topic.
func (h *Hub) Unsubscribe(c *Client) { h.ops <- hubOp{kind: opUnsubscribe, client: c} }

// Count returns how many clients a topic has here.
func (h *Hub) Count(topic string) int {
	reply := make(chan int, 1)
	h.ops <- hubOp{kind: opCount, topic: topic, reply: reply}
	return <-reply
}

// CloseAll closes every client with code and reason, and from now on each client that
// subscribes as soon as it does (CloseSockets, when the instance leaves). It returns once
// the hub has done so, or when ctx ends.
func (h *Hub) CloseAll(ctx context.Context, code int, reason string) {
	reply := make(chan int, 1)
	select {
	case h.ops <- hubOp{kind: opCloseAll, close: &closeFrame{code, reason}, reply: reply}:
	case <-ctx.Done():
		return
	}
	select {
	case <-reply:
	case <-ctx.Done():
	}
}

// Publish sends a frame to the topic's clients on every instance.
func (h *Hub) Publish(ctx context.Context, topic string, frame []byte) {
	h.publishLocal(topic, frame)
	if err := h.broker.Publish(ctx, BrokerEvent{Topic: topic, Frame: frame}); err != nil {
		h.log.Warn("hub: cross-instance publish failed", "topic", topic, "err", err)
	}
}

func (h *Hub) publishLocal(topic string, frame []byte) {
	h.ops <- hubOp{kind: opPublish, topic: topic, frame: frame}
}

// Touch marks a coalesced key dirty here and, at the next flush, on the other instances.
func (h *Hub) Touch(kind, id string) { h.mark(kind, id, true) }

// TouchHere marks a coalesced key dirty on this instance only: for state every instance
// renders for itself (each applies the same deltas, or rereads the same rows).
func (h *Hub) TouchHere(kind, id string) { h.mark(kind, id, false) }

// mark records a touch; announce is sticky until the flush, so a touch that must reach
// the other instances is never lost to one that need not.
func (h *Hub) mark(kind, id string, announce bool) {
	h.dirtyMu.Lock()
	k := dirtyKey{kind, id}
	h.dirty[k] = h.dirty[k] || announce
	h.dirtyMu.Unlock()
	h.wake()
}

func (h *Hub) wake() {
	select {
	case h.touched <- struct{}{}:
	default:
	}
}

func (h *Hub) fromBroker(ev BrokerEvent) {
	switch {
	case ev.Delta != "":
		if apply := h.appliers[ev.Delta]; apply != nil {
			apply(ev.ID, ev.Data)
		}
	case ev.Kind != "":
		h.TouchHere(ev.Kind, ev.ID) // render here, do not echo back
	default:
		h.publishLocal(ev.Topic, ev.Frame)
	}
}

// resync runs every OnResync handler, one after another, off the listener's goroutine.
func (h *Hub) resync(ctx context.Context) {
	if len(h.resyncs) == 0 {
		return
	}
	go func() {
		for _, fn := range h.resyncs {
			fn(ctx)
		}
	}()
}

// flushLoop flushes as soon as something is touched, then waits out the rest of
// CoalesceEvery before the next flush: the first change after a quiet spell (the last
// vote) goes out at once, and a busy key still renders at most ten times a second.
func (h *Hub) flushLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.touched:
		}
		next := time.Now().Add(CoalesceEvery)
		h.flush(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
	}
}

// flush renders each dirty key once and publishes it locally; keys touched here are also
// announced to the other instances, which render from the same database.
func (h *Hub) flush(ctx context.Context) {
	h.dirtyMu.Lock()
	keys := h.dirty
	if len(keys) == 0 {
		h.dirtyMu.Unlock()
		return
	}
	h.dirty = map[dirtyKey]bool{}
	h.dirtyMu.Unlock()
	// Clients here first; then the other instances hear of the touches (a database round
	// trip that must not delay the local frames).
	defer func() {
		for k, local := range keys {
			if !local {
				continue
			}
			if err := h.broker.Publish(ctx, BrokerEvent{Kind: k.kind, ID: k.id}); err != nil {
				h.log.Warn("hub: cross-instance touch failed", "kind", k.kind, "err", err)
			}
		}
	}()
	for k := range keys {
		render := h.renderers[k.kind]
		if render == nil {
			continue
		}
		topic, frame, err := render(ctx, k.id)
		if err != nil {
			h.log.Error("hub: render failed", "kind", k.kind, "id", k.id, "err", err)
			continue
		}
		if frame != nil {
			// Wait until the hub has handed the frame to every client, so a fan-out that
			// takes longer than a tick delays the next render instead of queueing stale
			// frames behind it: the next render then carries the newest state.
			done := make(chan int, 1)
			h.ops <- hubOp{kind: opPublishLatest, topic: topic, key: k.kind + ":" + k.id, frame: frame, reply: done}
			select {
			case <-done:
			case <-ctx.Done():
				return
			}
		}
	}
}

// Dropped counts clients dropped for falling behind (for tests and metrics).
func (h *Hub) Dropped() int {
	h.stats.mu.Lock()
	defer h.stats.mu.Unlock()
	return h.stats.dropped
}
