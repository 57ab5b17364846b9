package campaigns

import (
	"context"

	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// Area is comms campaigns: drafting, approval, audience, sending through the
// dispatcher, SendGrid's events, unsubscribes and what each campaign reached.
type Area struct {
	*web.Kit
	db         *campaignmodel.Store      // the area's store functions
	Dispatcher *notifications.Dispatcher // nil when the sender cannot send batches
}

func New(k *web.Kit) *Area {
	s := &Area{Kit: k, db: campaignmodel.Of(k.Store)}
	if bs, ok := s.Mail.(notifications.BatchSender); ok {
		cc := s.Cfg.Campaign
		s.Dispatcher = notifications.NewDispatcher(s.Store, bs, notifications.DispatcherConfig{
			BaseURL: s.Cfg.BaseURL, Emails: s.Emails, Concurrency: cc.Concurrency, Rate: cc.Rate, Lease: cc.Lease,
			Grace: cc.Grace, Poll: cc.Poll, BatchSize: cc.BatchSize, Logger: s.Log,
			Observe: s.Metrics.CampaignMessages})
	}
	return s
}

// Routes registers the campaign routes, SendGrid's webhook and the unsubscribe page.
func (s *Area) Routes(r web.Routers) {
	s.registerCampaignRoutes(r.API)
	s.registerAudienceCountRoutes(r.API)
	s.registerUnsubscribeRoutes(r.App)
}

// Workers: the dispatcher, when mail goes through SendGrid.
func (s *Area) Workers() []func(ctx context.Context) {
	if s.Dispatcher == nil {
		return nil
	}
	return []func(ctx context.Context){s.Dispatcher.Run}
}

// Drain stops the dispatcher claiming batches while the instance leaves; it finishes the
// ones in flight and hands back any it has claimed but not sent (Dispatcher.Drain).
func (s *Area) Drain() {
	if s.Dispatcher != nil {
		s.Dispatcher.Drain()
	}
}
