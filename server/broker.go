package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Broker carries hub events between instances that share a database.
type Broker interface {
	Publish(ctx context.Context, ev brokerEvent) error
	Listen(ctx context.Context, deliver func(brokerEvent))
}

// brokerEvent is a frame for a topic, or a touch of a coalesced key (Kind, ID).
type brokerEvent struct {
	Origin string          `json:"o"`
	Topic  string          `json:"t,omitempty"`
	Frame  json.RawMessage `json:"f,omitempty"`
	Kind   string          `json:"k,omitempty"`
	ID     string          `json:"i,omitempty"`
}

// localBroker is for a lone instance: nothing to tell anyone.
type localBroker struct{}

func (localBroker) Publish(context.Context, brokerEvent) error      { return nil }
func (localBroker) Listen(ctx context.Context, _ func(brokerEvent)) { <-ctx.Done() }

// pgBroker fans hub events out through Postgres LISTEN/NOTIFY on one channel.
type pgBroker struct {
	url    string
	db     *gorm.DB
	origin string
	log    *slog.Logger
}

const (
	pgChannel      = "confer_hub"
	maxNotifyFrame = 7000 // NOTIFY payloads must stay under 8000 bytes
)

// NewPGBroker makes a broker; url is a Postgres URL for the listening connection.
func NewPGBroker(url string, db *gorm.DB, log *slog.Logger) Broker {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &pgBroker{url: url, db: db, origin: hex.EncodeToString(b), log: log}
}

func (b *pgBroker) Publish(ctx context.Context, ev brokerEvent) error {
	if len(ev.Frame) > maxNotifyFrame {
		b.log.Warn("hub frame too large to relay to other instances", "topic", ev.Topic, "bytes", len(ev.Frame))
		return nil
	}
	ev.Origin = b.origin
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	return b.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", pgChannel, string(payload)).Error
}

// Listen holds one connection in LISTEN and delivers other instances' events; it
// reconnects with backoff when the connection drops.
func (b *pgBroker) Listen(ctx context.Context, deliver func(brokerEvent)) {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := b.listenOnce(ctx, deliver, func() { wait = 100 * time.Millisecond })
		if ctx.Err() != nil {
			return
		}
		b.log.Warn("hub listener lost its connection; reconnecting", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(wait*2, 5*time.Second)
	}
}

func (b *pgBroker) listenOnce(ctx context.Context, deliver func(brokerEvent), connected func()) error {
	conn, err := pgx.Connect(ctx, b.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgChannel); err != nil {
		return err
	}
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var ev brokerEvent
		if json.Unmarshal([]byte(n.Payload), &ev) != nil || ev.Origin == b.origin {
			continue
		}
		deliver(ev)
	}
}
