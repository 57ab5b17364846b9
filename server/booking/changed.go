package booking

import (
	"context"

	bookingmodel "github.com/confer-nhs/confer/models/booking"
)

// bookingChanged is what follows any change to sessions, slots or bookings that commits:
// the public listing is rebuilt on its next read, and everyone promoted from a waiting
// list by the change (a cancellation, a move, a capacity or hold change, a release) is
// told. Every handler and worker that changes bookings calls it, rather than repeating
// the sequence.
func (s *Area) bookingChanged(promoted []bookingmodel.Booking) {
	s.SlotList.Invalidate()
	s.mailPromoted(promoted)
}

// placesChanged is web.Kit.PlacesChanged: another area changed held places, promoting the
// bookings with these ids; they are read back and everything after a change follows.
func (s *Area) placesChanged(ctx context.Context, promotedIDs []uint) {
	promoted, err := s.db.BookingsWithSlots(ctx, promotedIDs)
	if err != nil {
		s.Log.Error("reading promoted bookings to tell them", "err", err, "count", len(promotedIDs))
	}
	s.bookingChanged(promoted)
}
