package notifications

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
)

// DispatcherConfig tunes campaign sending. Zero values take the defaults.
type DispatcherConfig struct {
	BaseURL     string        // for unsubscribe links
	Emails      Renderer      // renders each campaign in the site's layout
	BatchSize   int           // recipients per SendGrid request; default and maximum MaxBatchSize
	Concurrency int           // SendGrid requests in flight per instance; default 16
	Rate        float64       // messages per second per instance; 0 means no limit
	Lease       time.Duration // how long a worker owns a claimed batch; default 2 minutes
	Grace       time.Duration // how long an unknown batch waits for events; default 15 minutes
	Poll        time.Duration // how often to look for work; default 1 second
	Logger      *slog.Logger
	// Observe hears n messages reaching a state (MessagesHandedOver, or the recipient
	// states failed, unknown and unsettled): the server's metrics. Nil: nobody.
	Observe func(state string, n int)
}

// MessagesHandedOver is the state Observe hears for messages SendGrid accepted.
const MessagesHandedOver = "handed_over"

// Dispatcher sends campaigns: it claims batches of recipients, sends each batch as one
// SendGrid request with a personalization per recipient, and records the outcome. Any
// number of dispatchers (one per instance) may share a database.
type Dispatcher struct {
	store   *models.Store
	db      *campaigns.Store // the campaigns area's store functions
	sender  BatchSender
	cfg     DispatcherConfig
	log     *slog.Logger
	limiter *rate.Limiter // nil when unlimited
	wake    chan struct{}
	sent    atomic.Int64 // batches SendGrid accepted from this dispatcher

	draining  chan struct{} // closed by Drain: claim nothing more, hand back what is unsent
	drainOnce sync.Once
}

// BatchesAccepted counts the batches SendGrid accepted from this dispatcher.
func (d *Dispatcher) BatchesAccepted() int64 { return d.sent.Load() }

// NewDispatcher builds a dispatcher that sends through sender.
func NewDispatcher(store *models.Store, sender BatchSender, cfg DispatcherConfig) *Dispatcher {
	cfg.BatchSize = min(cmp.Or(cfg.BatchSize, MaxBatchSize), MaxBatchSize)
	cfg.Concurrency = cmp.Or(cfg.Concurrency, 16)
	cfg.Lease = cmp.Or(cfg.Lease, 2*time.Minute)
	cfg.Grace = cmp.Or(cfg.Grace, 15*time.Minute)
	cfg.Poll = cmp.Or(cfg.Poll, time.Second)
	if cfg.Observe == nil {
		cfg.Observe = func(string, int) {}
	}
	d := &Dispatcher{store: store, db: campaigns.Of(store), sender: sender, cfg: cfg, log: cfg.Logger,
		wake: make(chan struct{}, 1), draining: make(chan struct{})}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if cfg.Rate > 0 {
		d.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), max(cfg.BatchSize, int(cfg.Rate)))
	}
	return d
}

// Wake makes the dispatcher look for work now rather than at its next poll.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Drain makes the dispatcher leave as Run does when its context ends, while the instance
// still runs: it claims no more batches, finishes the requests in flight and records them,
// and hands back at once (queued, for any instance to claim) each batch it claimed but has
// not sent: one waiting on the rate limit, or to retry after SendGrid refused it for now.
// A batch whose request went out and got no answer is never handed back: its fate is
// unknown, and SendGrid's events settle it.
func (d *Dispatcher) Drain() {
	d.drainOnce.Do(func() { close(d.draining) })
}

// untilDrained is ctx, also ended by Drain.
func (d *Dispatcher) untilDrained(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-d.draining:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// Run serves campaigns until ctx ends or Drain. Then no new batch is claimed, the
// requests in flight are finished (within their lease) and recorded, and batches claimed
// but not yet sent are handed back; a batch a killed process left in flight is held as
// unknown by the next run until SendGrid's events settle it.
func (d *Dispatcher) Run(ctx context.Context) {
	ctx, cancel := d.untilDrained(ctx)
	defer cancel()
	t := time.NewTicker(d.cfg.Poll)
	defer t.Stop()
	for {
		if err := d.Tick(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("campaign dispatcher", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.wake:
		}
	}
}

// Tick does one round: start due campaigns, recover expired leases, and drain every
// sending campaign.
func (d *Dispatcher) Tick(ctx context.Context) error {
	now := time.Now().UTC()
	if _, err := d.db.StartDueCampaigns(ctx, now, d.cfg.BatchSize); err != nil {
		return err
	}
	rec, err := d.db.RecoverExpired(ctx, now, d.cfg.Grace)
	d.cfg.Observe(campaigns.RecipientUnknown, rec.Unknown)
	d.cfg.Observe(campaigns.RecipientUnsettled, rec.Unsettled)
	if err != nil {
		return err
	}
	ids, err := d.db.SendingCampaigns(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := d.drain(ctx, id); err != nil {
			return fmt.Errorf("campaign %d: %w", id, err)
		}
		if _, err := d.db.FinishIfDone(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// campaignJob is what every worker of one campaign shares: the mail rendered once.
type campaignJob struct {
	campaign *campaigns.Campaign
	mail     *CampaignMail
	orgNames map[uint]string
	filling  atomic.Bool // recipient rows are still being made: an empty queue is not the end

	mu   sync.Mutex
	more chan struct{} // closed when the filler has made another chunk (or stopped)
}

// moreChan returns the channel the next chunk will close.
func (j *campaignJob) moreChan() chan struct{} {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.more == nil {
		j.more = make(chan struct{})
	}
	return j.more
}

// madeMore wakes the workers waiting for batches.
func (j *campaignJob) madeMore() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.more != nil {
		close(j.more)
		j.more = nil
	}
}

// drain sends a campaign's queued batches with up to Concurrency workers, each claiming
// and sending one batch at a time until none is left. While the campaign's recipient rows
// are still being made, a filler makes them chunk by chunk and the workers wait for more.
func (d *Dispatcher) drain(ctx context.Context, id uint) error {
	job, err := d.prepare(ctx, id)
	if err != nil {
		return err
	}
	if job.campaign.Filled {
		if n, err := d.db.QueuedBatches(ctx, id); err != nil || n == 0 {
			return err
		}
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	job.filling.Store(!job.campaign.Filled)
	if !job.campaign.Filled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer job.madeMore()
			defer job.filling.Store(false)
			for ctx.Err() == nil {
				done, err := d.db.FillCampaign(ctx, id, d.cfg.BatchSize)
				if err != nil {
					fail(err)
					return
				}
				if done {
					return
				}
				job.madeMore()
			}
		}()
	}
	for range d.cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.work(ctx, job); err != nil {
				fail(err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (d *Dispatcher) prepare(ctx context.Context, id uint) (*campaignJob, error) {
	c, err := d.db.GetCampaign(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := d.cfg.Emails.Campaign(c)
	if err != nil {
		return nil, err
	}
	orgs, err := d.store.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[uint]string, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return &campaignJob{campaign: c, mail: m, orgNames: names}, nil
}

func (d *Dispatcher) work(ctx context.Context, job *campaignJob) error {
	for ctx.Err() == nil {
		// Read before claiming: if no rows were being made before this claim found the
		// queue empty, it really is empty.
		more := job.moreChan()
		filling := job.filling.Load()
		b, err := d.claim(ctx, job.campaign.ID)
		if err != nil {
			return err
		}
		if b == nil {
			if !filling {
				return nil
			}
			select { // wait for the filler's next chunk rather than polling the database
			case <-more:
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			continue
		}
		if wait := d.send(ctx, job, b); wait > 0 {
			select { // SendGrid asked us to slow down: this worker waits before its next claim
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
	}
	return nil
}

// claim leases the campaign's next queued batch. The claim itself is not cut short when
// ctx ends (a claim committed while its caller saw only the cancellation would sit leased
// until it expired, and then be held as unknown though nothing was sent); send hands back
// a batch claimed as the dispatcher stops.
func (d *Dispatcher) claim(ctx context.Context, campaignID uint) (*campaigns.ClaimedBatch, error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return d.db.ClaimBatch(cctx, campaignID, d.cfg.Lease)
}

// leaving is the note on a batch a leaving dispatcher hands back unsent, or "" while it stays.
func leaving(ctx context.Context) string {
	if ctx.Err() == nil {
		return ""
	}
	return "handed back unsent: the instance sending it was shutting down"
}

// send sends one claimed batch and records what became of it. It returns how long the
// worker should wait before claiming again. ctx ends on shutdown or Drain: a batch not yet
// handed to SendGrid by then goes back in the queue at once.
func (d *Dispatcher) send(ctx context.Context, job *campaignJob, cb *campaigns.ClaimedBatch) time.Duration {
	// Stop trying before the lease runs out, so no other instance can decide the batch's
	// fate while this one still might send it. Leaving does not cut a request short (that
	// would leave its fate unknown); it only ends the waits before and between attempts.
	deadline := cb.Batch.LeaseUntil.Add(-d.cfg.Lease / 5)
	sendCtx, cancel := context.WithDeadline(withRetryStop(context.WithoutCancel(ctx), ctx.Done()), deadline)
	defer cancel()
	if len(cb.Recipients) == 0 { // events already settled everyone in a requeued batch
		d.record(&cb.Batch, campaigns.RecipientSent, "")
		return 0
	}
	if d.limiter != nil {
		waitCtx, cancel := context.WithDeadline(ctx, deadline)
		err := d.limiter.WaitN(waitCtx, len(cb.Recipients))
		cancel()
		if err != nil { // leaving, or the wait would outlast the lease: nothing went
			d.record(&cb.Batch, campaigns.RecipientQueued, cmp.Or(leaving(ctx), "stopped before sending"))
			return 0
		}
	}
	if why := leaving(ctx); why != "" {
		d.record(&cb.Batch, campaigns.RecipientQueued, why)
		return 0
	}
	err := d.sender.SendBatch(sendCtx, d.batch(job, cb))
	if err == nil {
		d.sent.Add(1)
		d.cfg.Observe(MessagesHandedOver, len(cb.Recipients))
		if err := d.db.CompleteBatch(context.WithoutCancel(ctx), &cb.Batch); err != nil {
			d.log.Error("campaign: record accepted batch", "batch", cb.Batch.ID, "err", err)
		}
		return 0
	}
	state, reason, wait := outcome(err)
	if state != campaigns.RecipientQueued { // a batch back in the queue went nowhere
		d.cfg.Observe(state, len(cb.Recipients))
	}
	d.log.Warn("campaign batch not accepted", "campaign", job.campaign.ID, "batch", cb.Batch.ID,
		"recipients", len(cb.Recipients), "outcome", state, "err", err)
	d.record(&cb.Batch, state, reason)
	return wait
}

// record stores a batch's outcome even while shutting down (the send context may be gone).
func (d *Dispatcher) record(b *campaigns.CampaignBatch, state, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var err error
	if state == campaigns.RecipientSent {
		err = d.db.CompleteBatch(ctx, b)
	} else {
		err = d.db.EndBatch(ctx, b, state, reason)
	}
	if err != nil {
		d.log.Error("campaign: record batch outcome", "batch", b.ID, "state", state, "err", err)
	}
}

// outcome classifies a send error: a permanent refusal fails the batch with SendGrid's
// reason; a temporary refusal SendGrid answered puts it back in the queue (nothing was
// sent); no answer at all leaves its fate unknown, to be settled by events.
func outcome(err error) (state, reason string, wait time.Duration) {
	var se *SendError
	if !errors.As(err, &se) {
		return campaigns.RecipientFailed, "the batch could not be sent: " + models.ErrorMessage(err), 0
	}
	switch {
	case !se.Temporary:
		return campaigns.RecipientFailed, "SendGrid refused the batch: " + se.Error(), 0
	case se.Status != 0:
		return campaigns.RecipientQueued, "", max(se.RetryAfter, 2*time.Second)
	}
	return campaigns.RecipientUnknown, "SendGrid did not answer: " + se.Message, 0
}

// batch builds the SendGrid request for a claimed batch.
func (d *Dispatcher) batch(job *campaignJob, cb *campaigns.ClaimedBatch) *Batch {
	c := job.campaign
	b := &Batch{
		Subject: job.mail.Subject, Text: job.mail.Text, HTML: job.mail.HTML,
		Categories: []string{"campaign"},
		CustomArgs: map[string]string{
			"confer_campaign": strconv.FormatUint(uint64(c.ID), 10),
			"confer_batch":    strconv.FormatUint(uint64(cb.Batch.ID), 10),
		},
		Recipients: make([]Recipient, len(cb.Recipients)),
	}
	if job.mail.Newsletter {
		b.Headers = map[string]string{"List-Unsubscribe-Post": oneClick} // the same for everyone
	}
	for i, r := range cb.Recipients {
		p := PersonalFields{Name: r.Name, StaffGroup: r.StaffGroup}
		if c.PulseID != nil {
			p.PulseURL = d.cfg.BaseURL + "/pulse/" + campaigns.PulseToken(c.UnsubKey, r.ID)
		}
		if r.OrganisationID != nil {
			p.Organisation = job.orgNames[*r.OrganisationID]
		}
		rec := Recipient{Email: r.Email, Name: r.Name,
			CustomArgs: map[string]string{"confer_recipient": strconv.FormatUint(uint64(r.ID), 10)}}
		if job.mail.Newsletter {
			p.UnsubscribeURL = d.cfg.BaseURL + "/unsubscribe/" + campaigns.UnsubscribeToken(c.UnsubKey, r.ID)
			rec.Headers = map[string]string{"List-Unsubscribe": "<" + p.UnsubscribeURL + ">"}
		}
		rec.Substitutions = p.Substitutions(job.mail.Newsletter)
		b.Recipients[i] = rec
	}
	return b
}
