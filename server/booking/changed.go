package booking

import bookingmodel "github.com/confer-nhs/confer/models/booking"

// bookingChanged is what follows any change to sessions, slots or bookings that commits:
// the public listing is rebuilt on its next read, and everyone promoted from a waiting
// list by the change (a cancellation, a move, a capacity or hold change, a release) is
// told. Every handler and worker that changes bookings calls it, rather than repeating
// the sequence.
func (s *Area) bookingChanged(promoted []bookingmodel.Booking) {
	s.SlotList.Invalidate()
	s.mailPromoted(promoted)
}
