package feedback

import (
	"context"
	"time"

	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
	"github.com/confer-nhs/confer/server/web"
)

// Area is the two-way feedback channels: posts, "me too"s, replies, triage,
// moderation, follow-up links and the live channel and team sockets.
type Area struct {
	*web.Kit
	db          *feedbackmodel.Store // the area's store functions
	metooByPost *web.KeyedLimiter    // "me too"s per client and post (nil: CONFER_RATE_LIMIT=0)
	followMail  *web.KeyedLimiter    // follow-up links emailed per client (follow_mail.go)
}

func New(k *web.Kit) *Area {
	s := &Area{Kit: k, db: feedbackmodel.Of(k.Store), followMail: web.NewKeyedLimiter(FollowMailPerHour, time.Hour)}
	if k.Cfg.RateLimit > 0 { // CONFER_RATE_LIMIT=0 (load tests) switches the public-write family off
		s.metooByPost = web.NewKeyedLimiter(MetooPerPostPerHour, time.Hour)
	}
	s.registerFeedbackRenderers()
	return s
}

// Routes registers the channel, post and triage routes and the live feedback sockets.
func (s *Area) Routes(r web.Routers) {
	s.registerFeedbackRoutes(r.API)
	s.registerFeedbackSockets(r.WS)
}

// Workers: none; feedback's live frames go through the hub.
func (s *Area) Workers() []func(ctx context.Context) { return nil }
