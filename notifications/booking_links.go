package notifications

import "github.com/confer-nhs/confer/models/booking"
import "github.com/confer-nhs/confer/models"

// BookingLink is one booking in a "lost your link?" email, with the manage link newly
// issued for it.
type BookingLink struct {
	Booking   booking.Booking // with its Session
	ManageURL string
}

// bookingLinksData is the data of the "booking_links" email.
type bookingLinksData struct {
	Name  string
	Links []bookingLinkLine
}

type bookingLinkLine struct {
	Title, When, Status, URL string
}

// linkStatus says, for the mail, what a booking is when it is not a plain booked place.
func linkStatus(b *booking.Booking) string {
	switch b.Status {
	case booking.StatusPending:
		return "held for you until you confirm it"
	case booking.StatusWaitlisted:
		return "on the waiting list"
	}
	return ""
}

// BookingLinksMessage composes the email of fresh manage links to an address's bookings
// (at least one), greeting the person by the name on the last of them.
func (r Renderer) BookingLinksMessage(to string, links []BookingLink) (*Message, error) {
	d := bookingLinksData{Name: links[len(links)-1].Booking.Name}
	for _, l := range links {
		b := l.Booking
		line := bookingLinkLine{When: models.LondonTime(b.StartsAt), Status: linkStatus(&b), URL: l.ManageURL}
		if b.Session != nil {
			line.Title = b.Session.Title
		}
		d.Links = append(d.Links, line)
	}
	m, err := r.NewMessage("booking_links", to, d.Name, d)
	if err != nil {
		return nil, err
	}
	m.Categories = []string{"booking-links"}
	return m, nil
}
