package booking

import (
	"context"
	"time"

	"github.com/confer-nhs/confer/notifications"
)

// reminderInterval is how often the reminder worker looks for slots starting tomorrow.
const reminderInterval = time.Minute

// runReminders sends the day-before reminders, opens held seats whose release time has
// come and releases places nobody confirmed in time, every reminderInterval until ctx ends.
func (s *Area) runReminders(ctx context.Context) {
	t := time.NewTicker(reminderInterval)
	defer t.Stop()
	for {
		if n, err := s.SendDueReminders(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			s.Log.Error("reminders failed", "err", err, "sent", n)
		}
		if err := s.ReleaseHeldSeats(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			s.Log.Error("releasing held seats failed", "err", err)
		}
		if err := s.ExpireUnconfirmed(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
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
func (s *Area) SendDueReminders(ctx context.Context, now time.Time) (int, error) {
	due, err := s.db.DueReminders(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	sent := 0
	s.Metrics.RemindersDue(len(due))
	for i := range due {
		b := &due[i]
		won, err := s.db.ClaimReminder(ctx, b.ID, now)
		if err != nil {
			return sent, err
		}
		if !won { // another instance sends it
			s.Metrics.RemindersDue(len(due) - i - 1)
			continue
		}
		if err := s.sendBookingMail(ctx, notifications.BookingReminder, b, b.Slot, b.Session, ""); err != nil {
			if rerr := s.db.ReleaseReminder(context.WithoutCancel(ctx), b.ID); rerr != nil {
				s.Log.Error("release reminder", "booking", b.ID, "err", rerr)
			}
			return sent, err
		}
		sent++
		s.Metrics.ReminderSent()
		s.Metrics.RemindersDue(len(due) - i - 1)
	}
	return sent, nil
}

// releaseHeldSeats opens held seats whose release time has passed and tells the people it
// promoted from waiting lists into them.
func (s *Area) ReleaseHeldSeats(ctx context.Context, now time.Time) error {
	promoted, err := s.db.ReleaseHeldSeats(ctx, now)
	if len(promoted) > 0 {
		s.bookingChanged(promoted)
	}
	return err
}
