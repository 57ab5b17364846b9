package booking

import (
	"context"
	"time"

	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/web"
)

// Area is engagement sessions: sessions and their slots, bookings, waiting lists,
// held places, confirmation, reminders, rosters and the public booking pages.
type Area struct {
	*web.Kit
	db            *bookingmodel.Store // the area's store functions
	SlotList      *slotListing        // public slot listing cache
	bookingLimits *bookingLimiters    // CONFER_BOOKING_*RATE_LIMIT
	lostLinks     *lostLinkLimiters   // "Lost your link?" requests
}

func New(k *web.Kit) *Area {
	s := &Area{Kit: k, db: bookingmodel.Of(k.Store), bookingLimits: newBookingLimiters(k.Cfg.Booking), lostLinks: newLostLinkLimiters()}
	s.SlotList = &slotListing{build: func() ([]bookingmodel.Slot, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return s.db.ListUpcomingSlots(ctx, time.Now().UTC())
	}}
	k.PlacesChanged = s.placesChanged
	return s
}

// Routes registers the session, slot and booking routes.
func (s *Area) Routes(r web.Routers) {
	s.registerSessionRoutes(r.API)
	s.registerSlotRoutes(r.API)
	s.registerBookingRoutes(r.API)
	s.registerBookableSessionRoutes(r.API)
	s.registerMilestoneRoutes(r.API)
	s.registerSeriesRoutes(r.API)
}

// Workers: the reminders loop (reminders, held places released, unconfirmed places let go).
func (s *Area) Workers() []func(ctx context.Context) {
	return []func(ctx context.Context){s.runReminders}
}
