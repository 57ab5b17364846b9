package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// reminderInterval is how often the reminder worker looks for slots starting tomorrow.
const reminderInterval = time.Minute

// registerEngagement wires the engagement sessions area: its routes, the public listing
// cache and the reminder worker.
func (s *Server) registerEngagement(api fiber.Router) {
	s.slotList = &slotListing{build: func() ([]models.Slot, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return s.Store.ListUpcomingSlots(ctx, time.Now().UTC())
	}}
	s.bookingLimits = newBookingLimiters(s.Cfg.Booking)
	s.lostLinks = newLostLinkLimiters()
	s.workers = append(s.workers, s.runReminders)
	s.registerSessionRoutes(api)
	s.registerSlotRoutes(api)
	s.registerBookingRoutes(api)
	s.registerBookableSessionRoutes(api)
}

// runReminders sends the day-before reminders, opens held seats whose release time has
// come and releases places nobody confirmed in time, every reminderInterval until ctx ends.
func (s *Server) runReminders(ctx context.Context) {
	t := time.NewTicker(reminderInterval)
	defer t.Stop()
	for {
		if n, err := s.sendDueReminders(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			s.Log.Error("reminders failed", "err", err, "sent", n)
		}
		if err := s.releaseHeldSeats(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			s.Log.Error("releasing held seats failed", "err", err)
		}
		if err := s.expireUnconfirmed(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			s.Log.Error("releasing unconfirmed places failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sendDueReminders sends each due reminder once: it claims the booking with a conditional
// update before sending, so a restarted or second instance finds it already claimed. A
// failed send gives the claim back for the next run.
func (s *Server) sendDueReminders(ctx context.Context, now time.Time) (int, error) {
	due, err := s.Store.DueReminders(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	sent := 0
	for i := range due {
		b := &due[i]
		won, err := s.Store.ClaimReminder(ctx, b.ID, now)
		if err != nil {
			return sent, err
		}
		if !won {
			continue
		}
		if err := s.sendBookingMail(ctx, mailReminder, b, b.Slot, b.Session, ""); err != nil {
			if rerr := s.Store.ReleaseReminder(context.WithoutCancel(ctx), b.ID); rerr != nil {
				s.Log.Error("release reminder", "booking", b.ID, "err", rerr)
			}
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// releaseHeldSeats opens held seats whose release time has passed and tells the people it
// promoted from waiting lists into them.
func (s *Server) releaseHeldSeats(ctx context.Context, now time.Time) error {
	promoted, err := s.Store.ReleaseHeldSeats(ctx, now)
	if len(promoted) > 0 {
		s.slotList.invalidate()
		s.mailPromoted(promoted)
	}
	return err
}
