package polls

import (
	"context"
	"time"

	pollmodel "github.com/confer-nhs/confer/models/polls"
	"github.com/confer-nhs/confer/server/web"
)

// Area is live workshops: workshops, polls and their votes, Q&A, the presenter, and
// the sockets phones and projectors hold.
type Area struct {
	*web.Kit
	db          *pollmodel.Store  // the polls area's store functions
	live        *pollLive         // live workshops: tallies and current polls (live.go)
	votes       *voteWriter       // the group-commit vote writer (writer.go)
	people      *peopleCount      // participants connected per workshop (people.go)
	pollJoins   *web.KeyedLimiter // CONFER_POLL_JOIN_LIMIT: new poll participants per client
	joinLookups *web.KeyedLimiter // CONFER_RATE_LIMIT a minute: join-code lookups per client
}

func New(k *web.Kit) *Area {
	db := pollmodel.Of(k.Store)
	s := &Area{Kit: k, db: db, live: newPollLive(db), people: newPeopleCount(),
		pollJoins:   web.NewKeyedLimiter(k.Cfg.Clients.PollJoinLimit, time.Hour),
		joinLookups: web.NewKeyedLimiter(k.Cfg.RateLimit, time.Minute)}
	s.votes = newVoteWriter(s)
	s.registerPollRenderers()
	return s
}

// Routes registers the workshop, poll and question routes and the live sockets.
func (s *Area) Routes(r web.Routers) {
	s.registerWorkshopRoutes(r.API)
	s.registerPollSockets(r.WS)
}

// Workers are the vote writer and the people-count heartbeat.
func (s *Area) Workers() []func(ctx context.Context) {
	return []func(ctx context.Context){s.votes.run, s.beatPeople}
}
