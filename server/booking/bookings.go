package booking

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/notifications"
	"github.com/confer-nhs/confer/server/web"
)

// registerBookingRoutes: anyone books; the manage link's holder changes their booking;
// facilitators record attendance.
func (s *Area) registerBookingRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodPost, "/slots/:id/bookings", web.Public, s.limitBookingClient, s.book)
	s.Route(r, fiber.MethodGet, "/bookings/:token", web.Public, s.getBooking)
	s.Route(r, fiber.MethodGet, "/bookings/:token/calendar.ics", web.Public, s.bookingCalendarFile)
	s.Route(r, fiber.MethodPost, "/bookings/confirm", web.Public, s.confirmBooking)
	s.Route(r, fiber.MethodPost, "/bookings/lost-link", web.Public, s.lostLink)
	s.Route(r, fiber.MethodPost, "/bookings/:token/cancel", web.Public, s.cancelBooking)
	s.Route(r, fiber.MethodPost, "/bookings/:token/move", web.Public, s.moveBooking)
	s.Route(r, fiber.MethodPost, "/bookings/:id/attendance", web.Facilitator, s.Owned(models.OwnedBooking), s.setAttendance)
}

// bookingRequest is the public booking form.
type bookingRequest struct {
	Name           string `json:"name"`
	Email          string `json:"email"`
	OrganisationID *uint  `json:"organisation_id"`
	StaffGroup     string `json:"staff_group"`
	JobRole        string `json:"job_role"`
	Waitlist       bool   `json:"waitlist"`
	// HearOutcomes (optional): email me when a decision this session informed is published.
	HearOutcomes bool `json:"hear_outcomes"`
}

// parseBookingRequest decodes and validates a booking body (fuzzed by FuzzBookingRequest).
func parseBookingRequest(body []byte) (bookingmodel.BookingInput, error) {
	if len(body) > web.MaxJSONBody {
		return bookingmodel.BookingInput{}, &fiber.Error{Code: fiber.StatusRequestEntityTooLarge, Message: "request body too large"}
	}
	var req bookingRequest
	if err := web.DecodeJSONBytes(body, &req); err != nil {
		return bookingmodel.BookingInput{}, err
	}
	return bookingmodel.BookingInput{Name: req.Name, Email: req.Email, OrganisationID: req.OrganisationID,
		StaffGroup: req.StaffGroup, JobRole: req.JobRole, Waitlist: req.Waitlist, HearOutcomes: req.HearOutcomes}.Validate()
}

// bookingResponse is a booking as its holder sees it.
type BookingResponse struct {
	ID             uint           `json:"id"`
	Status         string         `json:"status"`
	Position       *int           `json:"position"`
	ManageToken    string         `json:"manage_token,omitempty"`
	ManageURL      string         `json:"manage_url,omitempty"`
	Name           string         `json:"name"`
	Email          string         `json:"email"`
	OrganisationID *uint          `json:"organisation_id"`
	StaffGroup     string         `json:"staff_group"`
	JobRole        string         `json:"job_role"`
	Slot           SlotResponse   `json:"slot"`
	Session        publicSession  `json:"session"`
	MeetingURL     string         `json:"meeting_url,omitempty"`
	Alternatives   []SlotResponse `json:"alternatives,omitempty"`
	// OtherSessions are the sessions of the same category it may move to, with their times.
	OtherSessions []BookableSession `json:"other_sessions,omitempty"`
	CancelledAt   *time.Time        `json:"cancelled_at"`
	ReservedSeat  bool              `json:"reserved_seat"` // qualifies for the session's held seats
	// ConfirmBy is when the place is released unless it is confirmed from the email sent
	// to the booker (null when there is nothing to confirm).
	ConfirmBy *time.Time `json:"confirm_by"`
	// HearOutcomes: the booker asked to be emailed about decisions the session informed.
	HearOutcomes bool `json:"hear_outcomes"`
}

func toBooking(b *bookingmodel.Booking) BookingResponse {
	out := BookingResponse{ID: b.ID, Status: b.Status, Position: positionOf(b), Name: b.Name, Email: b.Email,
		OrganisationID: b.OrganisationID, StaffGroup: b.StaffGroup, JobRole: b.JobRole, CancelledAt: b.CancelledAt,
		ReservedSeat: b.ReserveQualified, ConfirmBy: b.ConfirmBy, HearOutcomes: b.HearOutcomes}
	if b.Slot != nil {
		slot := *b.Slot
		if slot.Session == nil {
			slot.Session = b.Session
		}
		out.Slot = toSlot(&slot)
	}
	if b.Session != nil {
		out.Session = toPublicSession(b.Session)
		if b.Status == bookingmodel.StatusConfirmed {
			out.MeetingURL = b.Session.MeetingURL
		}
	}
	return out
}

// book is the public booking: a seat, a waitlist place (waitlist: true), or 409 when full.
func (s *Area) book(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	in, err := parseBookingRequest(c.Body())
	if err != nil {
		return err
	}
	if err := s.limitBookingDomain(c, in.Email); err != nil {
		return err
	}
	b, raw, err := s.db.Book(c.UserContext(), id, in)
	s.Metrics.Booked(bookingOutcome(b, err))
	if err != nil {
		return err
	}
	if in.HearOutcomes {
		// The booking stands whether or not this is recorded: a failure is logged, and the
		// answer says hear_outcomes false.
		if err := s.db.SetHearOutcomes(c.UserContext(), b.ID); err != nil {
			s.Log.Error("recording hear_outcomes failed", "err", err)
		} else {
			b.HearOutcomes = true
		}
	}
	s.bookingChanged(nil)
	switch {
	case b.Unconfirmed():
		s.mailConfirmRequest(b.Status, *b, b.ConfirmToken, raw)
	case b.Status == bookingmodel.StatusWaitlisted:
		s.mailBooking(notifications.BookingWaitlisted, *b, b.Slot, b.Session, raw)
	default:
		s.mailBooking(notifications.BookingConfirmed, *b, b.Slot, b.Session, raw)
	}
	out := toBooking(b)
	out.ManageToken, out.ManageURL = raw, s.ManageURL(raw)
	return c.Status(fiber.StatusCreated).JSON(out)
}

// tokenParam copies the manage token out of Fiber's reused buffer.
func tokenParam(c *fiber.Ctx) (string, error) {
	t := strings.Clone(c.Params("token"))
	if len(t) < 10 || len(t) > 100 {
		return "", models.NotFound("booking")
	}
	return t, nil
}

func (s *Area) getBooking(c *fiber.Ctx) error {
	raw, err := tokenParam(c)
	if err != nil {
		return err
	}
	b, err := s.db.GetBookingByToken(c.UserContext(), raw)
	if err != nil {
		return err
	}
	out := toBooking(b)
	if b.Status != bookingmodel.StatusCancelled {
		alts, err := s.db.ListUpcomingSlotsOfSession(c.UserContext(), b.EngagementSessionID)
		if err != nil {
			return err
		}
		out.Alternatives = []SlotResponse{}
		for i := range alts {
			alts[i].Session = b.Session
			if alts[i].ID != b.SlotID {
				out.Alternatives = append(out.Alternatives, toSlot(&alts[i]))
			}
		}
		if out.OtherSessions, err = s.SlotList.sameCategory(b.Session); err != nil {
			return err
		}
	}
	return c.JSON(out)
}

// sameCategory lists the other sessions of sess's category with their upcoming times,
// from the public listing's snapshot: the times a booking may move to beyond its own
// session's.
func (l *slotListing) sameCategory(sess *bookingmodel.EngagementSession) ([]BookableSession, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	snap, err := l.fresh()
	if err != nil {
		return nil, err
	}
	out := []BookableSession{}
	at := map[uint]int{}
	for _, sl := range snap.slots {
		if sl.Session.ID == sess.ID || sl.Session.Category != sess.Category {
			continue
		}
		i, ok := at[sl.Session.ID]
		if !ok {
			i = len(out)
			at[sl.Session.ID] = i
			out = append(out, BookableSession{Session: sl.Session, Slots: []SlotResponse{}})
		}
		out[i].Slots = append(out[i].Slots, sl.SlotResponse)
	}
	return out, nil
}

func (s *Area) cancelBooking(c *fiber.Ctx) error {
	raw, err := tokenParam(c)
	if err != nil {
		return err
	}
	b, promoted, err := s.db.CancelBooking(c.UserContext(), raw)
	if err != nil {
		return err
	}
	s.mailBooking(notifications.BookingCancelled, *b, b.Slot, b.Session, "")
	s.bookingChanged(promoted)
	return c.JSON(toBooking(b))
}

type moveRequest struct {
	SlotID *uint `json:"slot_id"`
}

func (s *Area) moveBooking(c *fiber.Ctx) error {
	raw, err := tokenParam(c)
	if err != nil {
		return err
	}
	var req moveRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := web.Required("slot_id", req.SlotID); err != nil {
		return err
	}
	b, promoted, err := s.db.MoveBooking(c.UserContext(), raw, *req.SlotID)
	if err != nil {
		return err
	}
	s.mailBooking(notifications.BookingMoved, *b, b.Slot, b.Session, raw)
	s.bookingChanged(promoted)
	return c.JSON(toBooking(b))
}

type attendanceRequest struct {
	Status string `json:"status"`
}

func (s *Area) setAttendance(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	var req attendanceRequest
	if err := web.DecodeJSON(c, &req); err != nil {
		return err
	}
	b, err := s.db.SetAttendance(c.UserContext(), id, req.Status)
	if err != nil {
		return err
	}
	web.AuditSubject(c, b.Email)
	return c.JSON(toRosterEntry(b))
}
