package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London even where the OS has no zone database (scratch images)
	"unicode/utf8"

	"gorm.io/gorm"
)

// Booking statuses. Confirmed and waitlisted bookings are active: they hold a seat or a
// place in the queue, and count towards the one-per-session and no-overlap rules.
const (
	StatusConfirmed  = "confirmed"
	StatusWaitlisted = "waitlisted"
	StatusCancelled  = "cancelled"

	AttendanceAttended = "attended"
	AttendanceNoShow   = "no_show"

	manageTokenPrefix = "bk_"
)

var activeStatuses = []string{StatusConfirmed, StatusWaitlisted}

// Booking is one person's place in a slot, made without an account. The manage link's
// token is stored only as ManageHash. CalendarUID stays the same for the booking's life,
// so calendars update the one event when it moves; CalendarSeq counts its revisions.
type Booking struct {
	ID                  uint `gorm:"primaryKey"`
	SlotID              uint
	Slot                *Slot `gorm:"foreignKey:SlotID"`
	EngagementSessionID uint
	Session             *EngagementSession `gorm:"foreignKey:EngagementSessionID"`
	Name                string
	Email               string // NormaliseEmail
	Attribution         `gorm:"embedded"`
	JobRole             string
	Status              string
	QueueSeq            int    // arrival number on the waitlist; the queue is served in this order
	Position            int    `gorm:"-"` // place in the queue now (waitlisted only), filled on read
	PreviousStatus      string `gorm:"-"` // what a cancel or move changed it from
	Attendance          string
	ManageHash          string
	CalendarUID         string `gorm:"column:calendar_uid"`
	CalendarSeq         int
	StartsAt            time.Time // copied from the slot, for the overlap rule
	EndsAt              time.Time
	ReminderSentAt      *time.Time
	CancelledAt         *time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// BookingInput is what a participant gives to book a slot.
type BookingInput struct {
	Name, Email, StaffGroup, JobRole string
	OrganisationID                   *uint
	Waitlist                         bool
}

// Validate checks and normalises the fields that need no database: a name, a work email,
// a staff group and a job role. The organisation is checked against the database by Book.
func (in BookingInput) Validate() (BookingInput, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 || strings.ContainsAny(in.Name, "\r\n") {
		return in, Invalid("name", "enter your name (at most 200 characters, one line)")
	}
	email, err := ParseEmail("email", in.Email)
	if err != nil {
		return in, err
	}
	in.Email = NormaliseEmail(email)
	if strings.TrimSpace(in.StaffGroup) == "" {
		return in, Invalid("staff_group", "choose your staff group (see GET /api/v1/staff-groups)")
	}
	if in.StaffGroup, err = ParseStaffGroup("staff_group", in.StaffGroup); err != nil {
		return in, err
	}
	in.JobRole = strings.TrimSpace(in.JobRole)
	if in.JobRole == "" || utf8.RuneCountInString(in.JobRole) > 200 || strings.ContainsAny(in.JobRole, "\r\n") {
		return in, Invalid("job_role", "enter your job role, for example Staff Nurse (at most 200 characters)")
	}
	return in, nil
}

// Book gives the person a seat in the slot, or a place on its waitlist when it is full and
// they asked for one. It returns the booking and the raw manage token (shown once).
// The seat is taken by a conditional update in the same transaction as the insert, so
// concurrent bookings can never overfill a slot.
func (st *Store) Book(ctx context.Context, slotID uint, in BookingInput) (*Booking, string, error) {
	in, err := in.Validate()
	if err != nil {
		return nil, "", err
	}
	// Reads that need no lock happen before the transaction, so it holds a connection (and
	// the slot's row) for as few round trips as possible; the seat update re-checks that
	// the slot is still open.
	db := st.DB.WithContext(ctx)
	slot, err := bookableSlot(db, slotID, "slot_id")
	if err != nil {
		return nil, "", err
	}
	attr, err := attributionFor(db, slot.Session, in)
	if err != nil {
		return nil, "", err
	}
	raw, hash := NewSecret(manageTokenPrefix)
	var b *Booking
	err = st.Tx(ctx, func(tx *gorm.DB) error {
		if err := st.lockPerson(tx, in.Email); err != nil {
			return err
		}
		if err := checkClash(tx, in.Email, slot, 0); err != nil {
			return err
		}
		b = &Booking{SlotID: slot.ID, EngagementSessionID: slot.EngagementSessionID, Name: in.Name,
			Email: in.Email, Attribution: attr, JobRole: in.JobRole, ManageHash: hash,
			CalendarUID: newCalendarUID(), StartsAt: slot.StartsAt, EndsAt: slot.EndsAt,
			ReminderSentAt: reminderDoneIfSoon(slot.StartsAt)}
		if err := takeSeatOrQueue(tx, slot.ID, in.Waitlist, b); err != nil {
			return err
		}
		if b.Status == StatusConfirmed { // show the counts as this booking left them
			slot.Confirmed++
		} else {
			slot.Waitlisted, slot.WaitlistSeq = b.Position, b.QueueSeq
		}
		if err := tx.Omit("Slot", "Session").Create(b).Error; err != nil {
			if isDuplicate(err) {
				return Conflict("email", "%s already holds a booking for this session", in.Email)
			}
			return err
		}
		if b.Status == StatusWaitlisted {
			// A seat freed between our full check and the queueing goes to the head now.
			promoted, err := promote(tx, slot.ID)
			if err != nil {
				return err
			}
			for _, p := range promoted {
				if p.ID == b.ID {
					b.Status, b.Position = StatusConfirmed, 0
				}
			}
		}
		b.Slot = slot
		b.Session = slot.Session
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return b, raw, nil
}

// lockPerson serialises one person's booking changes on Postgres (a transaction-scoped
// advisory lock on their email), so two concurrent requests cannot both pass the overlap
// check. SQLite needs none: _txlock=immediate already runs write transactions one at a time.
func (st *Store) lockPerson(tx *gorm.DB, email string) error {
	if !st.IsPostgres() {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(hashtext(?))", "booking:"+email).Error
}

// bookableSlot loads a slot that can take bookings: it exists, is not cancelled and has
// not started.
func bookableSlot(tx *gorm.DB, id uint, field string) (*Slot, error) {
	var slot Slot // one query for the slot and its session; organisations only when they matter
	if err := tx.Joins("Session").First(&slot, id).Error; err != nil {
		return nil, orNotFound(err, "slot")
	}
	if slot.Session.RestrictToOrganisations {
		if err := tx.Where("engagement_session_id = ?", slot.EngagementSessionID).Find(&slot.Session.Organisations).Error; err != nil {
			return nil, err
		}
	}
	if slot.CancelledAt != nil {
		return nil, Invalid(field, "this slot has been cancelled: choose another time")
	}
	if !slot.StartsAt.After(time.Now()) {
		return nil, Invalid(field, "this slot has already started: choose a later time")
	}
	return &slot, nil
}

// attributionFor validates the stated organisation and staff group (the organisation is
// taken from the email's domain when not stated) and applies the session's restriction.
func attributionFor(tx *gorm.DB, session *EngagementSession, in BookingInput) (Attribution, error) {
	attr, err := ParseAttribution(tx, in.OrganisationID, in.StaffGroup)
	if err != nil {
		return attr, err
	}
	var byDomain *Organisation
	if attr.OrganisationID == nil || session.RestrictToOrganisations {
		if byDomain, err = organisationForEmail(tx, in.Email); err != nil {
			return attr, err
		}
	}
	if attr.OrganisationID == nil && byDomain != nil {
		attr.OrganisationID = &byDomain.ID
	}
	if !session.RestrictToOrganisations {
		return attr, nil
	}
	for _, id := range session.OrganisationIDs() {
		if byDomain != nil && byDomain.ID == id {
			return attr, nil
		}
	}
	var names []string
	if err := tx.Model(&Organisation{}).Where("id IN ?", session.OrganisationIDs()).Order("name").
		Pluck("name", &names).Error; err != nil {
		return attr, err
	}
	return attr, Invalid("email", "this session is only for staff of %s: book with your work email address there",
		strings.Join(names, ", "))
}

// checkClash refuses a second active booking in the same session, or one whose time
// overlaps another active booking, naming the booking the person already holds.
func checkClash(tx *gorm.DB, email string, slot *Slot, exclude uint) error {
	var other Booking
	err := tx.Preload("Session").
		Where("email = ? AND status IN ? AND id <> ?", email, activeStatuses, exclude).
		Where("engagement_session_id = ? OR (starts_at < ? AND ends_at > ?)", slot.EngagementSessionID, slot.EndsAt, slot.StartsAt).
		Order("id").First(&other).Error
	if err == gorm.ErrRecordNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	what := "already holds a booking for this session"
	if other.EngagementSessionID != slot.EngagementSessionID {
		what = "already holds a booking at an overlapping time"
	}
	title := ""
	if other.Session != nil {
		title = other.Session.Title
	}
	return Conflict("email", "%s %s: %q on %s (%s). Use the link in its confirmation email to move or cancel it",
		email, what, title, londonTime(other.StartsAt), other.Status)
}

// takeSeatOrQueue confirms the booking if the slot has a free seat (conditional update) or
// puts it at the back of the waitlist, whose counter hands out positions atomically.
func takeSeatOrQueue(tx *gorm.DB, slotID uint, waitlist bool, b *Booking) error {
	res := tx.Exec("UPDATE slots SET confirmed = confirmed + 1 WHERE id = ? AND confirmed < capacity AND cancelled_at IS NULL", slotID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		b.Status = StatusConfirmed
		return nil
	}
	if !waitlist {
		return Conflict("waitlist", "this slot is full: join its waiting list (waitlist: true) or choose another time")
	}
	var q struct{ Waitlisted, WaitlistSeq int }
	res = tx.Raw("UPDATE slots SET waitlisted = waitlisted + 1, waitlist_seq = waitlist_seq + 1 "+
		"WHERE id = ? AND cancelled_at IS NULL RETURNING waitlisted, waitlist_seq", slotID).Scan(&q)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return Invalid("slot_id", "this slot has been cancelled: choose another time")
	}
	b.Status, b.QueueSeq, b.Position = StatusWaitlisted, q.WaitlistSeq, q.Waitlisted
	return nil
}

// reminderDoneIfSoon marks the day-before reminder as not needed for a booking made (or
// moved, or promoted) within that last day: its own email is the reminder. Keeping this
// in the row lets the reminder query stay one indexed condition.
func reminderDoneIfSoon(startsAt time.Time) *time.Time {
	now := time.Now().UTC()
	if startsAt.Sub(now) <= ReminderLead {
		return &now
	}
	return nil
}

func newCalendarUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "booking-" + hex.EncodeToString(b) + "@confer"
}

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

// London is the Europe/London zone that people read times in.
func London() *time.Location { return london }

// londonTime formats a time as people in England read it: "Tue 1 Dec 2026 at 09:30".
func londonTime(t time.Time) string { return t.In(london).Format("Mon 2 Jan 2006 at 15:04") }

// LondonTime formats t in Europe/London for messages and emails.
func LondonTime(t time.Time) string { return londonTime(t) }
