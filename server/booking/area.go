package booking

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/server/web"
)

// Area is engagement sessions: sessions and their slots, bookings, waiting lists,
// held places, confirmation, reminders, rosters and the public booking pages.
type Area struct {
	*web.Kit
	SlotList      *slotListing      // public slot listing cache
	bookingLimits *bookingLimiters  // CONFER_BOOKING_*RATE_LIMIT
	lostLinks     *lostLinkLimiters // "Lost your link?" requests
}

func New(k *web.Kit) *Area {
	s := &Area{Kit: k, bookingLimits: newBookingLimiters(k.Cfg.Booking), lostLinks: newLostLinkLimiters()}
	s.SlotList = &slotListing{build: func() ([]models.Slot, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return s.Store.ListUpcomingSlots(ctx, time.Now().UTC())
	}}
	return s
}

// Routes registers the session, slot and booking routes.
func (s *Area) Routes(r web.Routers) {
	s.registerSessionRoutes(r.API)
	s.registerSlotRoutes(r.API)
	s.registerBookingRoutes(r.API)
	s.registerBookableSessionRoutes(r.API)
}

// Workers: the reminders loop (reminders, held places released, unconfirmed places let go).
func (s *Area) Workers() []func(ctx context.Context) {
	return []func(ctx context.Context){s.runReminders}
}
