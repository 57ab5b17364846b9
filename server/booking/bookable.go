package booking

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/server/web"
)

// Booking by session (issue 11, item 6): the public page lists sessions, one card each
// with its next few times, rather than one card per time; a session's page lists all its
// times for a day-and-time picker. Both read the public slot listing's snapshot, so a
// comms email's crowd still shares one query a couple of times a second.

// nextTimesShown is how many of a session's times its card shows; the rest are counted.
const nextTimesShown = 3

// registerBookableSessionRoutes: the public listing by session and a session's times.
func (s *Area) registerBookableSessionRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/bookable-sessions", web.Public, s.listBookableSessions)
	s.Route(r, fiber.MethodGet, "/bookable-sessions/:id", web.Public, s.getBookableSession)
}

// sessionCard is one session on the public listing: its next times that match the
// filters, how many more there are, and the places left across all of them.
type SessionCard struct {
	Session    publicSession  `json:"session"`
	Next       []SlotResponse `json:"next"`
	Times      int            `json:"times"`
	More       int            `json:"more"`
	PlacesLeft int            `json:"places_left"`
}

// sessionCards groups time-ordered slots by session, in the order of each session's
// first time.
func sessionCards(slots []PublicSlot) []SessionCard {
	out := []SessionCard{}
	at := map[uint]int{}
	for _, sl := range slots {
		i, ok := at[sl.Session.ID]
		if !ok {
			i = len(out)
			at[sl.Session.ID] = i
			out = append(out, SessionCard{Session: sl.Session, Next: []SlotResponse{}})
		}
		c := &out[i]
		c.Times++
		c.PlacesLeft += sl.Remaining
		if len(c.Next) < nextTimesShown {
			c.Next = append(c.Next, sl.SlotResponse)
		}
	}
	for i := range out {
		out[i].More = out[i].Times - len(out[i].Next)
	}
	return out
}

// listBookableSessions is GET /bookable-sessions: the public listing, one item per
// session, with the same filters (and cache) as GET /slots.
func (s *Area) listBookableSessions(c *fiber.Ctx) error {
	f, err := parseSlotFilter(c)
	if err != nil {
		return err
	}
	f.bySession = true
	return s.sendListing(c, f)
}

// bookableSession is a session's public page: the session and every time that can still
// be booked (full ones too, for their waiting lists).
type BookableSession struct {
	Session publicSession  `json:"session"`
	Slots   []SlotResponse `json:"slots"`
}

// getBookableSession is GET /bookable-sessions/:id. A session with no times left still
// answers (with none), so an old link says so rather than "not found".
func (s *Area) getBookableSession(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	slots, err := s.SlotList.ofSession(id)
	if err != nil {
		return err
	}
	out := BookableSession{Slots: make([]SlotResponse, len(slots))}
	for i := range slots {
		out.Slots[i] = slots[i].SlotResponse
	}
	if len(slots) > 0 {
		out.Session = slots[0].Session
		return c.JSON(out)
	}
	sess, err := s.db.GetEngagementSession(c.UserContext(), id)
	if err != nil {
		return err
	}
	out.Session = toPublicSession(sess)
	return c.JSON(out)
}

// ofSession returns the snapshot's upcoming times of one session.
func (l *slotListing) ofSession(id uint) ([]PublicSlot, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	snap, err := l.fresh()
	if err != nil {
		return nil, err
	}
	var out []PublicSlot
	for _, sl := range snap.slots {
		if sl.Session.ID == id {
			out = append(out, sl)
		}
	}
	return out, nil
}
