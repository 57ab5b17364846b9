package booking

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Booking outcomes, in the words confer_book returns them: the booking's status when it
// was made (StatusConfirmed, StatusPending, StatusWaitlisted), otherwise why not. Both
// paths come to one of them, the Go path on SQLite (bookSQLite) and confer_book on
// Postgres (bookPostgres), and bookOutcome.err is the one place a refusal becomes the error
// people see, so the two cannot word it differently.
const (
	outcomeNoSlot         = "no_slot"
	outcomeCancelled      = "cancelled" // the slot was cancelled
	outcomeStarted        = "started"
	outcomeNoOrganisation = "no_organisation" // the stated organisation does not exist
	outcomeRestricted     = "restricted"      // the email is outside the session's organisations
	outcomeClash          = "clash"           // the person already holds an active booking in the way
	outcomeFull           = "full"            // no seat, and no waiting list asked for
	outcomeHeld           = "held"            // seats are left, but held for others
)

// bookOutcome is what one booking (or move) came to, with what its message names. Fields
// a path has at hand save a read; err loads the rest.
type bookOutcome struct {
	Outcome      string
	SlotID       uint
	Email        string
	Organisation *uint              // no_organisation: the one stated
	RestrictedTo []uint             // restricted: the organisations whose staff may book
	ClashID      uint               // clash: the booking the person holds
	Clash        *Booking           // clash, when loaded (with its Session)
	Session      *EngagementSession // the slot's session, when loaded
}

var (
	errSlotFull      = models.Conflict("waitlist", "this slot is full: join its waiting list (waitlist: true) or choose another time")
	errSlotCancelled = models.Invalid("slot_id", "this slot has been cancelled: choose another time")
	errSlotStarted   = models.Invalid("slot_id", "this slot has already started: choose a later time")
)

// errAlreadyBooked is the 409 when the one-active-booking-per-session index refuses a row.
func errAlreadyBooked(email string) error {
	return models.Conflict("email", "%s already holds a booking for this session", email)
}

// err maps the outcome to the models error (code, field and message): nil when booked.
func (o bookOutcome) err(tx *gorm.DB) error {
	switch o.Outcome {
	case StatusConfirmed, StatusPending, StatusWaitlisted:
		return nil
	case outcomeNoSlot:
		return models.NotFound("slot")
	case outcomeCancelled:
		return errSlotCancelled
	case outcomeStarted:
		return errSlotStarted
	case outcomeNoOrganisation:
		if o.Organisation == nil {
			return fmt.Errorf("booking outcome %q without an organisation", o.Outcome)
		}
		return models.ErrNoOrganisation(*o.Organisation)
	case outcomeRestricted:
		return restrictedTo(tx, o.RestrictedTo)
	case outcomeClash:
		return o.clashErr(tx)
	case outcomeFull:
		return errSlotFull
	case outcomeHeld:
		s, err := o.session(tx)
		if err != nil {
			return err
		}
		return heldConflict(tx, s, "waitlist", joinWaitlist)
	}
	return fmt.Errorf("booking: unexpected outcome %q", o.Outcome)
}

// clashErr names the booking in the way.
func (o bookOutcome) clashErr(tx *gorm.DB) error {
	other := o.Clash
	if other == nil {
		other = &Booking{}
		if err := tx.Preload("Session").First(other, o.ClashID).Error; err != nil {
			return err
		}
	}
	s, err := o.session(tx)
	if err != nil {
		return err
	}
	return clashConflict(o.Email, s.ID, other)
}

// session is the slot's session, loaded when the path did not have it.
func (o bookOutcome) session(tx *gorm.DB) (*EngagementSession, error) {
	if o.Session != nil {
		return o.Session, nil
	}
	var slot Slot
	if err := tx.Joins("Session").First(&slot, o.SlotID).Error; err != nil {
		return nil, err
	}
	return slot.Session, nil
}
