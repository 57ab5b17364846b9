package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// pollsArea is live workshops: workshops, polls and their votes, Q&A, the presenter, and
// the sockets phones and projectors hold.
type pollsArea struct {
	*web.Kit
	live        *pollLive        // live workshops: tallies and current polls (polllive.go)
	votes       *voteWriter      // the group-commit vote writer (pollwriter.go)
	people      *peopleCount     // participants connected per workshop (pollpeople.go)
	pollJoins   *web.KeyedLimiter // CONFER_POLL_JOIN_LIMIT: new poll participants per client
	joinLookups *web.KeyedLimiter // CONFER_RATE_LIMIT a minute: join-code lookups per client
}

func newPollsArea(k *web.Kit) *pollsArea {
	s := &pollsArea{Kit: k, live: newPollLive(k.Store), people: newPeopleCount(),
		pollJoins:   web.NewKeyedLimiter(k.Cfg.Clients.PollJoinLimit, time.Hour),
		joinLookups: web.NewKeyedLimiter(k.Cfg.RateLimit, time.Minute)}
	s.votes = newVoteWriter(s)
	s.registerPollRenderers()
	return s
}

// Routes registers the workshop, poll and question routes and the live sockets.
func (s *pollsArea) Routes(api, ws fiber.Router) {
	s.registerWorkshopRoutes(api)
	s.registerPollSockets(ws)
}

// Workers are the vote writer and the people-count heartbeat.
func (s *pollsArea) Workers() []func(ctx context.Context) {
	return []func(ctx context.Context){s.votes.run, s.beatPeople}
}
