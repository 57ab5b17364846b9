package booking

import (
	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/web"
)

// bookingOutcome names what a booking request came to for confer_bookings_total: the
// booking's status when made (confirmed, pending, waitlisted), else why not. The booking
// rule words its refusals the same on both databases (models/booking/booking_outcome.go),
// so the error's code and field tell them apart: a full slot (or one whose places are
// held) is a conflict on waitlist, an existing booking a conflict on email.
func bookingOutcome(b *bookingmodel.Booking, err error) string {
	if err == nil {
		return b.Status
	}
	switch models.ErrorCode(err) {
	case models.ECONFLICT:
		if models.ErrorField(err) == "waitlist" {
			return web.BookingFull
		}
		return web.BookingClash
	case models.EINVALID, models.ENOTFOUND, models.EFORBIDDEN:
		return web.BookingRefused
	case models.EUNAVAILABLE:
		return web.BookingBusy
	}
	return web.BookingError
}
