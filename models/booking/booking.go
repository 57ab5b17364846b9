package booking

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London even where the OS has no zone database (scratch images)
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Booking statuses. Confirmed, pending and waitlisted bookings are active: they hold a
// seat or a place in the queue, and count towards the one-per-session and no-overlap rules.
// A pending booking holds a seat on a session that needs confirming from the mailbox (see
// EngagementSession.NeedsConfirm) until its holder confirms or its ConfirmBy passes.
const (
	StatusConfirmed  = "confirmed"
	StatusPending    = "pending"
	StatusWaitlisted = "waitlisted"
	StatusCancelled  = "cancelled"

	AttendanceAttended = "attended"
	AttendanceNoShow   = "no_show"

	manageTokenPrefix  = "bk_"
	confirmTokenPrefix = "bc_"
)

var (
	activeStatuses = []string{StatusConfirmed, StatusPending, StatusWaitlisted}
	seatStatuses   = []string{StatusConfirmed, StatusPending} // take a seat (slots.confirmed)
)

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
	models.Attribution  `gorm:"embedded"`
	JobRole             string
	Status              string
	ReserveQualified    bool   // the person qualified for the session's held seats when booking
	QueueSeq            int    // arrival number on the waitlist; the queue is served in this order
	Position            int    `gorm:"-"` // place in the queue now (waitlisted only), filled on read
	PreviousStatus      string `gorm:"-"` // what a cancel or move changed it from
	Attendance          string
	ManageHash          string
	CalendarUID         string `gorm:"column:calendar_uid"`
	CalendarSeq         int
	OrganizerName       string // the ORGANIZER of its invites, fixed at the first (InviteOrganizer)
	OrganizerEmail      string
	StartsAt            time.Time // copied from the slot, for the overlap rule
	EndsAt              time.Time
	ReminderSentAt      *time.Time
	CancelledAt         *time.Time
	// ConfirmHash is the hashed token of the confirm link mailed to the booker; ConfirmBy
	// is when an unconfirmed booking is released (nil once confirmed, or never needed).
	ConfirmHash  string
	ConfirmBy    *time.Time
	ConfirmToken string `gorm:"-"` // the raw confirm token, set by Book only, for the email
	// HearOutcomes: the booker asked to be emailed when a decision their session informed
	// is published (issue 16). Optional on the booking form; false for older bookings.
	// Read-only here: the booking paths never write it (SetHearOutcomes does), so they
	// work on a database of any version.
	HearOutcomes bool `gorm:"->"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Unconfirmed reports whether the booking still waits for its holder to confirm it.
func (b *Booking) Unconfirmed() bool { return b.ConfirmBy != nil }

// seatStatus is the status a booking takes with a seat: pending until it is confirmed.
func seatStatus(confirmBy *time.Time) string {
	if confirmBy != nil {
		return StatusPending
	}
	return StatusConfirmed
}

// BookingInput is what a participant gives to book a slot.
type BookingInput struct {
	Name, Email, StaffGroup, JobRole string
	OrganisationID                   *uint
	Waitlist                         bool
	HearOutcomes                     bool // recorded after the booking by SetHearOutcomes
}

// Validate checks and normalises the fields that need no database: a name, a work email,
// a staff group and a job role. The organisation is checked against the database by Book.
func (in BookingInput) Validate() (BookingInput, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 || strings.ContainsAny(in.Name, "\r\n") {
		return in, models.Invalid("name", "enter your name (at most 200 characters, one line)")
	}
	email, err := models.ParseEmail("email", in.Email)
	if err != nil {
		return in, err
	}
	in.Email = models.NormaliseEmail(email)
	if strings.TrimSpace(in.StaffGroup) == "" {
		return in, models.Invalid("staff_group", "choose your staff group (see GET /api/v1/staff-groups)")
	}
	if in.StaffGroup, err = models.ParseStaffGroup("staff_group", in.StaffGroup); err != nil {
		return in, err
	}
	in.JobRole = strings.TrimSpace(in.JobRole)
	if in.JobRole == "" || utf8.RuneCountInString(in.JobRole) > 200 || strings.ContainsAny(in.JobRole, "\r\n") {
		return in, models.Invalid("job_role", "enter your job role, for example Staff Nurse (at most 200 characters)")
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
	raw, hash := models.NewSecret(manageTokenPrefix)
	if in.OrganisationID != nil && *in.OrganisationID == 0 {
		in.OrganisationID = nil
	}
	confirmRaw, confirmHash := models.NewSecret(confirmTokenPrefix)
	var b *Booking
	if st.IsPostgres() {
		b, err = st.bookPostgres(ctx, slotID, in, hash, confirmHash)
	} else {
		b, err = st.bookSQLite(ctx, slotID, in, hash, confirmHash)
	}
	if err != nil {
		return nil, "", err
	}
	if b.Unconfirmed() {
		b.ConfirmToken = confirmRaw
	}
	return b, raw, nil
}

// bookSQLite books on SQLite, whose write transactions run one at a time. Reads that need
// no lock happen before the transaction, which re-checks that the slot is still open. The
// transaction checks for a clash, takes a seat (or a waitlist place), inserts and, when
// waitlisted, hands any seat freed meanwhile to the head of the queue (promote). confer_book
// (migrations/sql/0021_confer_book.sql) does the same on Postgres in one round trip; both
// come to a bookOutcome, whose err words a refusal for either.
func (st *Store) bookSQLite(ctx context.Context, slotID uint, in BookingInput, hash, confirmHash string) (*Booking, error) {
	db := st.DB.WithContext(ctx)
	slot, err := bookableSlot(db, slotID)
	if err != nil {
		return nil, err
	}
	attr, err := attributionFor(db, slot.Session, in)
	if err != nil {
		return nil, err
	}
	b := &Booking{SlotID: slot.ID, EngagementSessionID: slot.EngagementSessionID, Name: in.Name,
		Email: in.Email, Attribution: attr, JobRole: in.JobRole, ManageHash: hash,
		CalendarUID: newCalendarUID(), StartsAt: slot.StartsAt, EndsAt: slot.EndsAt,
		ReminderSentAt: reminderDoneIfSoon(slot.StartsAt), ReserveQualified: slot.Session.Qualifies(attr.OrganisationID, attr.StaffGroup)}
	if slot.Session.NeedsConfirm() {
		b.ConfirmHash, b.ConfirmBy = confirmHash, slot.Session.ConfirmDeadline(time.Now().UTC(), slot.StartsAt)
	}
	err = st.Tx(ctx, func(tx *gorm.DB) error {
		if err := checkClash(tx, b.Email, slot, 0); err != nil {
			return err
		}
		if err := takeSeatOrQueue(tx, slot, in.Waitlist, b); err != nil {
			return err
		}
		if b.Status == StatusConfirmed {
			b.Status = seatStatus(b.ConfirmBy)
		}
		if err := tx.Omit("Slot", "Session").Create(b).Error; err != nil {
			if models.IsDuplicate(err) {
				return errAlreadyBooked(b.Email)
			}
			return err
		}
		if b.Status != StatusWaitlisted {
			return nil
		}
		promoted, err := promote(tx, slot.ID)
		if err != nil {
			return err
		}
		for _, p := range promoted {
			if p.ID == b.ID {
				b.Status, b.Position = p.Status, 0
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if b.Status != StatusWaitlisted { // show the counts as this booking left them
		slot.Confirmed++
		slot.ConfirmedOpen += openSeat(b.ReserveQualified)
	} else {
		slot.Waitlisted, slot.WaitlistSeq = b.Position, b.QueueSeq
	}
	b.Slot, b.Session = slot, slot.Session
	return b, nil
}

// bookResult is what confer_book returns (I only from confer_book_batch).
type bookResult struct {
	I                    int
	Outcome              string
	BookingID            uint
	QueueSeq             int
	QueuePosition        int
	ClashID              uint
	Promoted             string
	OrganisationID       *uint
	Slot                 []byte
	Session              []byte
	SessionOrganisations string
	ReserveQualified     bool
	ConfirmBy            *time.Time
}

// bookPostgres books through confer_book (migration 0021): every check and write in one
// statement, grouped with concurrent bookings by bookBatched, with the same outcomes and
// messages as bookSQLite.
func (st *Store) bookPostgres(ctx context.Context, slotID uint, in BookingInput, hash, confirmHash string) (*Booking, error) {
	c, err := st.bookBatched(slotID, in, hash, confirmHash)
	if models.IsDuplicate(err) {
		return nil, errAlreadyBooked(in.Email)
	}
	if err != nil {
		return nil, err
	}
	r, now, uid := c.res, c.now, c.uid
	o := bookOutcome{Outcome: r.Outcome, SlotID: slotID, Email: in.Email, Organisation: in.OrganisationID,
		RestrictedTo: splitIDs(r.SessionOrganisations), ClashID: r.ClashID}
	if err := o.err(st.DB.WithContext(ctx)); err != nil {
		return nil, err
	}
	slot, session, err := decodeSlotRows(r.Slot, r.Session)
	if err != nil {
		return nil, err
	}
	session.Organisations = sessionOrganisations(session.ID, splitIDs(r.SessionOrganisations))
	slot.Session = session
	b := &Booking{ID: r.BookingID, SlotID: slot.ID, Slot: slot, EngagementSessionID: session.ID, Session: session,
		Name: in.Name, Email: in.Email, Attribution: models.Attribution{OrganisationID: r.OrganisationID, StaffGroup: in.StaffGroup},
		JobRole: in.JobRole, Status: r.Outcome, ReserveQualified: r.ReserveQualified, QueueSeq: r.QueueSeq, Position: r.QueuePosition, ManageHash: hash,
		CalendarUID: uid, StartsAt: slot.StartsAt, EndsAt: slot.EndsAt, ReminderSentAt: reminderDoneIfSoon(slot.StartsAt),
		CreatedAt: now, UpdatedAt: now, ConfirmBy: utcPtr(r.ConfirmBy)}
	if b.ConfirmBy != nil {
		b.ConfirmHash = confirmHash
	}
	for _, id := range splitIDs(r.Promoted) {
		if id == b.ID {
			b.Status, b.Position = seatStatus(b.ConfirmBy), 0
		}
	}
	return b, nil
}

// slotRow and sessionRow decode the rows confer_book returns with row_to_json.
type slotRow struct {
	ID                  uint       `json:"id"`
	EngagementSessionID uint       `json:"engagement_session_id"`
	StartsAt            time.Time  `json:"starts_at"`
	EndsAt              time.Time  `json:"ends_at"`
	Capacity            int        `json:"capacity"`
	Confirmed           int        `json:"confirmed"`
	ConfirmedOpen       int        `json:"confirmed_open"`
	Waitlisted          int        `json:"waitlisted"`
	WaitlistSeq         int        `json:"waitlist_seq"`
	CancelledAt         *time.Time `json:"cancelled_at"`
	CreatedAt           time.Time  `json:"created_at"`
	UpdatedAt           time.Time  `json:"updated_at"`
}

type sessionRow struct {
	ID                      uint       `json:"id"`
	Title                   string     `json:"title"`
	Description             string     `json:"description"`
	Category                string     `json:"category"`
	Format                  string     `json:"format"`
	Location                string     `json:"location"`
	MeetingURL              string     `json:"meeting_url"`
	StaffGroups             string     `json:"staff_groups"` // the column holds JSON text
	RestrictToOrganisations bool       `json:"restrict_to_organisations"`
	ReservedShare           int        `json:"reserved_share"`
	ReservedUntil           *time.Time `json:"reserved_until"`
	ReservedOrganisationIDs string     `json:"reserved_organisation_ids"` // JSON text, as StaffGroups
	ReservedStaffGroups     string     `json:"reserved_staff_groups"`
	ReserveReleasedAt       *time.Time `json:"reserve_released_at"`
	ConfirmToKeep           bool       `json:"confirm_to_keep"`
	ConfirmWithinHours      int        `json:"confirm_within_hours"`
	FacilitatorIDs          string     `json:"facilitator_ids"` // JSON text, as StaffGroups
	CreatedByID             *uint      `json:"created_by_id"`
	CreatedAt               time.Time  `json:"created_at"`
	UpdatedAt               time.Time  `json:"updated_at"`
}

func decodeSlotRows(slotJSON, sessionJSON []byte) (*Slot, *EngagementSession, error) {
	var sr slotRow
	var er sessionRow
	if err := json.Unmarshal(slotJSON, &sr); err != nil {
		return nil, nil, fmt.Errorf("confer_book slot: %w", err)
	}
	if err := json.Unmarshal(sessionJSON, &er); err != nil {
		return nil, nil, fmt.Errorf("confer_book session: %w", err)
	}
	sess := &EngagementSession{ID: er.ID, Title: er.Title, Description: er.Description, Category: er.Category,
		Format: er.Format, Location: er.Location, MeetingURL: er.MeetingURL,
		RestrictToOrganisations: er.RestrictToOrganisations, CreatedByID: er.CreatedByID,
		ConfirmToKeep: er.ConfirmToKeep, ConfirmWithinHours: er.ConfirmWithinHours,
		CreatedAt: er.CreatedAt.UTC(), UpdatedAt: er.UpdatedAt.UTC()}
	sess.ReservedShare, sess.ReservedUntil, sess.ReserveReleasedAt = er.ReservedShare, utcPtr(er.ReservedUntil), utcPtr(er.ReserveReleasedAt)
	for _, l := range []struct {
		text string
		into any
	}{{er.StaffGroups, &sess.StaffGroups}, {er.ReservedOrganisationIDs, &sess.ReservedOrganisationIDs},
		{er.ReservedStaffGroups, &sess.ReservedStaffGroups}, {er.FacilitatorIDs, &sess.FacilitatorIDs}} {
		if l.text == "" {
			continue
		}
		if err := json.Unmarshal([]byte(l.text), l.into); err != nil {
			return nil, nil, fmt.Errorf("confer_book session lists: %w", err)
		}
	}
	slot := &Slot{ID: sr.ID, EngagementSessionID: sr.EngagementSessionID, StartsAt: sr.StartsAt.UTC(),
		EndsAt: sr.EndsAt.UTC(), Capacity: sr.Capacity, Confirmed: sr.Confirmed, ConfirmedOpen: sr.ConfirmedOpen, Waitlisted: sr.Waitlisted,
		WaitlistSeq: sr.WaitlistSeq, CreatedAt: sr.CreatedAt.UTC(), UpdatedAt: sr.UpdatedAt.UTC()}
	slot.CancelledAt = utcPtr(sr.CancelledAt)
	return slot, sess, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// splitIDs parses a comma-separated list of ids ("" gives none).
func splitIDs(s string) []uint {
	var out []uint
	for _, f := range strings.Split(s, ",") {
		if id, err := strconv.ParseUint(f, 10, 64); err == nil {
			out = append(out, uint(id))
		}
	}
	return out
}

func sessionOrganisations(sessionID uint, ids []uint) []EngagementSessionOrganisation {
	out := make([]EngagementSessionOrganisation, 0, len(ids))
	for _, id := range ids {
		out = append(out, EngagementSessionOrganisation{EngagementSessionID: sessionID, OrganisationID: id})
	}
	return out
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
func bookableSlot(tx *gorm.DB, id uint) (*Slot, error) {
	var slot Slot // one query for the slot and its session; organisations only when they matter
	if err := tx.Joins("Session").First(&slot, id).Error; err != nil {
		return nil, models.OrNotFound(err, "slot")
	}
	if slot.Session.RestrictToOrganisations {
		if err := tx.Where("engagement_session_id = ?", slot.EngagementSessionID).Find(&slot.Session.Organisations).Error; err != nil {
			return nil, err
		}
	}
	o := bookOutcome{Outcome: StatusConfirmed}
	if slot.CancelledAt != nil {
		o.Outcome = outcomeCancelled
	} else if !slot.StartsAt.After(time.Now()) {
		o.Outcome = outcomeStarted
	}
	if err := o.err(tx); err != nil {
		return nil, err
	}
	return &slot, nil
}

// attributionFor validates the stated organisation and staff group (the organisation is
// taken from the email's domain when not stated) and applies the session's restriction.
func attributionFor(tx *gorm.DB, session *EngagementSession, in BookingInput) (models.Attribution, error) {
	attr, err := models.ParseAttribution(tx, in.OrganisationID, in.StaffGroup)
	if err != nil {
		return attr, err
	}
	var byDomain *models.Organisation
	if attr.OrganisationID == nil || session.RestrictToOrganisations {
		if byDomain, err = models.OrganisationForEmailTx(tx, in.Email); err != nil {
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
	return attr, bookOutcome{Outcome: outcomeRestricted, RestrictedTo: session.OrganisationIDs()}.err(tx)
}

// restrictedTo is the 422 for an email outside a restricted session's organisations.
func restrictedTo(tx *gorm.DB, orgIDs []uint) error {
	var names []string
	if err := tx.Model(&models.Organisation{}).Where("id IN ?", orgIDs).Order("name").
		Pluck("name", &names).Error; err != nil {
		return err
	}
	return models.Invalid("email", "this session is only for staff of %s: book with your work email address there",
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
	return bookOutcome{Outcome: outcomeClash, SlotID: slot.ID, Email: email, Clash: &other, Session: slot.Session}.err(tx)
}

// clashConflict is the 409 for a person who already holds other, naming it.
func clashConflict(email string, sessionID uint, other *Booking) error {
	what := "already holds a booking for this session"
	if other.EngagementSessionID != sessionID {
		what = "already holds a booking at an overlapping time"
	}
	title := ""
	if other.Session != nil {
		title = other.Session.Title
	}
	return models.Conflict("email", "%s %s: %q on %s (%s). Use the link in its confirmation email to move or cancel it",
		email, what, title, models.LondonTime(other.StartsAt), other.Status)
}

// takeSeatOrQueue confirms the booking if the slot has a seat it may take (takeSeat) or
// puts it at the back of the waitlist, whose counter hands out positions atomically.
func takeSeatOrQueue(tx *gorm.DB, slot *Slot, waitlist bool, b *Booking) error {
	slotID := slot.ID
	took, err := takeSeat(tx, slotID, b.ReserveQualified, slot.Session.HeldShare(time.Now()), false)
	if err != nil {
		return err
	}
	if took {
		b.Status = StatusConfirmed
		return nil
	}
	if !waitlist {
		o := bookOutcome{Outcome: outcomeFull, SlotID: slotID, Session: slot.Session}
		if fresh, err := getSlot(tx, slotID); err == nil && fresh.CancelledAt == nil && fresh.Remaining() > 0 {
			o.Outcome = outcomeHeld
		}
		return o.err(tx)
	}
	var q struct{ Waitlisted, WaitlistSeq int }
	res := tx.Raw("UPDATE slots SET waitlisted = waitlisted + 1, waitlist_seq = waitlist_seq + 1 "+
		"WHERE id = ? AND cancelled_at IS NULL RETURNING waitlisted, waitlist_seq", slotID).Scan(&q)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return bookOutcome{Outcome: outcomeCancelled}.err(tx)
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

// SetHearOutcomes records that a booker asked to hear of decisions their session informed.
// It is a second write after Book rather than a column of the booking rule's two paths
// (Go and PL/pgSQL), which it does not concern.
func (st *Store) SetHearOutcomes(ctx context.Context, bookingID uint) error {
	return st.DB.WithContext(ctx).Exec("UPDATE bookings SET hear_outcomes = ? WHERE id = ?", true, bookingID).Error
}
