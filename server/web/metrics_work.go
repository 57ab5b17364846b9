package web

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/confer-nhs/confer/models"
)

// workMetrics are what the areas' work reports: live sockets, votes, bookings, campaign
// sending and SendGrid, reminders. Each is counted where the thing happens (the hub, the
// vote writer, the booking handler, the dispatcher, the SendGrid client). Labels are
// small fixed sets, never ids, emails or codes.
type workMetrics struct {
	sockets       *prometheus.GaugeVec
	framesDropped *prometheus.CounterVec
	slowDropped   prometheus.Counter

	votesAcked  prometheus.Counter
	voteBatch   prometheus.Histogram
	voteCommit  prometheus.Histogram
	bookings    *prometheus.CounterVec
	bookBatch   prometheus.Histogram
	messages    *prometheus.CounterVec
	sgDuration  prometheus.Histogram
	sgRequests  *prometheus.CounterVec
	webhook     *prometheus.CounterVec
	remindDue   prometheus.Gauge
	remindSent  prometheus.Counter
	outboxDepth prometheus.Collector
}

// Socket kinds: the live views, one label value each.
const (
	SocketParticipant     = "participant"      // a phone in a workshop
	SocketPresenter       = "presenter"        // the big screen and the control page
	SocketFeedbackChannel = "feedback_channel" // a public feedback channel's live page
	SocketFeedbackFollow  = "feedback_follow"  // a poster following their own post
	SocketFeedbackTeam    = "feedback_team"    // the programme team's triage page
)

// Frames dropped: a full send queue (the client is dropped with it), or a coalesced frame
// replaced by a newer one before the client took it.
const (
	dropQueueFull  = "queue_full"
	dropSuperseded = "superseded"
)

func newWorkMetrics(store *models.Store) workMetrics {
	sizes := []float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048}
	w := workMetrics{
		sockets: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "confer_websocket_connections",
			Help: "Websocket connections open on this instance, by kind (participant, presenter, feedback_channel, feedback_follow, feedback_team).",
		}, []string{"kind"}),
		framesDropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "confer_websocket_frames_dropped_total",
			Help: "Frames a websocket client never got: queue_full (its send queue was full, and it was dropped) or superseded (a newer summary replaced it before it was sent).",
		}, []string{"reason"}),
		slowDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "confer_websocket_slow_clients_dropped_total",
			Help: "Websocket clients disconnected because their send queue was full (they resync on reconnect).",
		}),
		votesAcked: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "confer_votes_acknowledged_total",
			Help: "Poll votes stored and acknowledged to the voter.",
		}),
		voteBatch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "confer_vote_batch_size",
			Help:    "Votes stored in one commit by the vote writer.",
			Buckets: sizes,
		}),
		voteCommit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "confer_vote_commit_duration_seconds",
			Help:    "Time to store one batch of votes (one transaction).",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		bookings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "confer_bookings_total",
			Help: "Booking requests that reached the booking rule, by outcome: confirmed, pending (awaiting confirmation), waitlisted, full, clash (already booked), refused (no such slot, started, cancelled, restricted or invalid), busy (the database was, 503) or error.",
		}, []string{"outcome"}),
		bookBatch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "confer_booking_batch_size",
			Help:    "Bookings made in one database call by the booking writer (PostgreSQL only; SQLite books one at a time).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64},
		}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "confer_campaign_messages_total",
			Help: "Campaign messages by what became of them: handed_over (SendGrid accepted them), failed (refused for good), unknown (no answer: held for SendGrid's events), unsettled (no event settled them in time).",
		}, []string{"state"}),
		sgDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "confer_sendgrid_request_duration_seconds",
			Help:    "Time of one request to SendGrid's mail send API, each retry counted on its own.",
			Buckets: []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15, 30},
		}),
		sgRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "confer_sendgrid_requests_total",
			Help: "Requests to SendGrid's mail send API by answer: 2xx, 429 (rate limited), 4xx, 5xx, or none (no answer).",
		}, []string{"class"}),
		webhook: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "confer_sendgrid_webhook_events_total",
			Help: "SendGrid webhook events received, by type as Confer reads them (delivered, bounced, blocked, dropped, …; malformed for those it could not read).",
		}, []string{"type"}),
		remindDue: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "confer_reminders_due",
			Help: "Booking reminders due and not yet sent, as this instance's reminder job last found them (at most 500 a run).",
		}),
		remindSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "confer_reminders_sent_total",
			Help: "Booking reminders sent by this instance.",
		}),
	}
	w.outboxDepth = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "confer_outbox_depth",
		Help: "Campaign messages waiting to be handed to the mail sender (in batches queued or in flight), read from the database: every instance reports the whole queue.",
	}, func() float64 { return outboxDepth(store) })
	return w
}

func (w workMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{w.sockets, w.framesDropped, w.slowDropped, w.votesAcked, w.voteBatch, w.voteCommit,
		w.bookings, w.bookBatch, w.messages, w.sgDuration, w.sgRequests, w.webhook, w.remindDue, w.remindSent, w.outboxDepth}
}

// outboxDepth sums the sizes of the campaign batches not yet handed over: one indexed
// read of a table a thousand times smaller than the recipients'.
func outboxDepth(store *models.Store) float64 {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var n int64
	store.DB.WithContext(ctx).Table("campaign_batches").Where("state IN ?", []string{"queued", "sending"}).
		Select("COALESCE(SUM(size), 0)").Scan(&n)
	return float64(n)
}

// These three are nil-safe: a Client made by web.NewClient, without a kit (tests of the
// hub alone), has no metrics.

func (m *Metrics) socketOpened(kind string) func() {
	if m == nil || kind == "" {
		return func() {}
	}
	g := m.sockets.WithLabelValues(kind)
	g.Inc()
	return g.Dec
}

func (m *Metrics) frameDropped(reason string) {
	if m != nil {
		m.framesDropped.WithLabelValues(reason).Inc()
	}
}

func (m *Metrics) slowClientDropped() {
	if m != nil {
		m.slowDropped.Inc()
		m.framesDropped.WithLabelValues(dropQueueFull).Inc()
	}
}

// VoteBatch records one vote writer commit: its size and how long it took.
func (m *Metrics) VoteBatch(size int, took time.Duration) {
	m.voteBatch.Observe(float64(size))
	m.voteCommit.Observe(took.Seconds())
}

// VotesAcknowledged counts votes acknowledged to their voters.
func (m *Metrics) VotesAcknowledged(n int) { m.votesAcked.Add(float64(n)) }

// Booking outcomes as the metrics name them (confer_bookings_total's outcome label).
const (
	BookingFull    = "full"
	BookingClash   = "clash"
	BookingRefused = "refused"
	BookingBusy    = "busy" // the database was too busy: try again
	BookingError   = "error"
)

// Booked counts one booking request by outcome: a booking's status (confirmed, pending,
// waitlisted) or one of the Booking* refusals.
func (m *Metrics) Booked(outcome string) { m.bookings.WithLabelValues(outcome).Inc() }

// batchWritten hears the store's group-commit writers (models.Store.OnBatch).
func (m *Metrics) batchWritten(writer string, size int) {
	if writer == "bookings" {
		m.bookBatch.Observe(float64(size))
	}
}

// CampaignMessages counts n campaign messages reaching a state (handed_over, failed,
// unknown, unsettled).
func (m *Metrics) CampaignMessages(state string, n int) {
	if n > 0 {
		m.messages.WithLabelValues(state).Add(float64(n))
	}
}

// sendgridAnswered records one request to SendGrid: its answer's status (0: none) and time.
func (m *Metrics) sendgridAnswered(status int, took time.Duration) {
	m.sgDuration.Observe(took.Seconds())
	class := "none"
	switch {
	case status == 429:
		class = "429"
	case status >= 200 && status < 300:
		class = "2xx"
	case status >= 400 && status < 500:
		class = "4xx"
	case status >= 500 && status < 600:
		class = "5xx"
	}
	m.sgRequests.WithLabelValues(class).Inc()
}

// WebhookEvent counts one SendGrid webhook event by the type Confer read it as.
func (m *Metrics) WebhookEvent(typ string) { m.webhook.WithLabelValues(typ).Inc() }

// RemindersDue sets how many reminders the reminder job found due and has not yet sent.
func (m *Metrics) RemindersDue(n int) { m.remindDue.Set(float64(n)) }

// ReminderSent counts one reminder sent.
func (m *Metrics) ReminderSent() { m.remindSent.Inc() }
