package web

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

// Broker carries hub events between instances that share a database. Publish sends its
// events in order, in one round trip; Listen delivers the other instances' events and
// calls connected each time it has (re)connected, since events sent while it was away
// are lost.
type Broker interface {
	Publish(ctx context.Context, evs ...BrokerEvent) error
	Listen(ctx context.Context, deliver func(BrokerEvent), connected func())
}

// BrokerEvent is a frame for a topic, a touch of a coalesced key (Kind, ID), or a delta
// of in-memory state (Delta, ID, Data).
type BrokerEvent struct {
	Origin string          `json:"o"`
	Topic  string          `json:"t,omitempty"`
	Frame  json.RawMessage `json:"f,omitempty"`
	Kind   string          `json:"k,omitempty"`
	ID     string          `json:"i,omitempty"`
	Delta  string          `json:"d,omitempty"`
	Data   json.RawMessage `json:"v,omitempty"`
}

// localBroker is for a lone instance: nothing to tell anyone.
type localBroker struct{}

func (localBroker) Publish(context.Context, ...BrokerEvent) error { return nil }
func (localBroker) Listen(ctx context.Context, _ func(BrokerEvent), connected func()) {
	connected()
	<-ctx.Done()
}

// pgBroker fans hub events out through Postgres LISTEN/NOTIFY on one channel.
type pgBroker struct {
	url    string
	db     *gorm.DB
	origin string
	log    *slog.Logger
}

const (
	pgChannel      = "confer_hub"
	MaxNotifyFrame = 7000 // NOTIFY payloads must stay under 8000 bytes
)

// NewPGBroker makes a broker; url is a Postgres URL for the listening connection.
func NewPGBroker(url string, db *gorm.DB, log *slog.Logger) Broker {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &pgBroker{url: url, db: db, origin: hex.EncodeToString(b), log: log}
}

// Publish sends the events as one statement: notifications of one transaction are
// delivered together and in order.
func (b *pgBroker) Publish(ctx context.Context, evs ...BrokerEvent) error {
	payloads := make([]string, 0, len(evs))
	for _, ev := range evs {
		if len(ev.Frame)+len(ev.Data) > MaxNotifyFrame {
			b.log.Warn("hub event too large to relay to other instances", "topic", ev.Topic, "delta", ev.Delta,
				"bytes", len(ev.Frame)+len(ev.Data))
			continue
		}
		ev.Origin = b.origin
		payload, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		payloads = append(payloads, string(payload))
	}
	switch len(payloads) {
	case 0:
		return nil
	case 1:
		return b.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", pgChannel, payloads[0]).Error
	}
	db, err := b.db.DB()
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p", pgChannel, payloads)
	return err
}

// Listen holds one connection in LISTEN and delivers other instances' events; it
// reconnects with backoff when the connection drops.
func (b *pgBroker) Listen(ctx context.Context, deliver func(BrokerEvent), connected func()) {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := b.listenOnce(ctx, deliver, func() { wait = 100 * time.Millisecond; connected() })
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

func (b *pgBroker) listenOnce(ctx context.Context, deliver func(BrokerEvent), connected func()) error {
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
		var ev BrokerEvent
		if json.Unmarshal([]byte(n.Payload), &ev) != nil || ev.Origin == b.origin {
			continue
		}
		deliver(ev)
	}
}
