package booking

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/confer-nhs/confer/models"
)

// maxBookBatch caps the bookings of one confer_book_batch call, so one batch's time (and so
// the wait of the requests queued behind it) stays a few milliseconds.
const maxBookBatch = 64

// bookCall is one Book on Postgres waiting for the group-commit writer.
type bookCall struct {
	slotID      uint
	in          BookingInput
	hash, uid   string
	confirmHash string
	now         time.Time
	res         bookResult
	err         error
	done        chan struct{}
}

// bookArg is one element of confer_book_batch's JSON argument.
type bookArg struct {
	I            int    `json:"i"`
	Slot         uint   `json:"slot"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Organisation *uint  `json:"organisation"`
	Domains      string `json:"domains"`
	StaffGroup   string `json:"staff_group"`
	JobRole      string `json:"job_role"`
	ManageHash   string `json:"manage_hash"`
	CalendarUID  string `json:"calendar_uid"`
	Waitlist     bool   `json:"waitlist"`
	ConfirmHash  string `json:"confirm_hash"`
}

// bookBatched runs one booking through the group-commit writer (GroupCommit): while one
// batch is in the database, the bookings arriving meanwhile queue up and go together in the next
// confer_book_batch call, one transaction and one commit for all of them. Nothing waits
// for a batch to fill: a booking on a quiet server goes at once, alone. Every check still
// runs per booking inside the database, so the guarantees are those of confer_book, and
// several instances can write at once.
func (st *Store) bookBatched(slotID uint, in BookingInput, hash, confirmHash string) (*bookCall, error) {
	c := &bookCall{slotID: slotID, in: in, hash: hash, confirmHash: confirmHash, uid: newCalendarUID(), done: make(chan struct{})}
	models.GroupCommitOf[*bookCall](st.Store, "bookings", maxBookBatch).Add(c, st.writeBookings)
	<-c.done
	return c, c.err
}

// writeBookings is the group-commit writer's batch. It uses its own context: a booking
// whose requester went away is made all the same, as it would be had the request reached
// the database a moment earlier.
func (st *Store) writeBookings(batch []*bookCall) {
	st.bookBatch(context.Background(), batch)
	for _, c := range batch {
		close(c.done)
	}
}

// bookBatch books a batch in one call. If the call fails as a whole (the unique index
// refusing one row, say), each booking is retried alone, so one booking's failure is never
// another's.
//
// The batch goes in slot order (arrival order within a slot, so the waiting list keeps
// it): confer_book locks each booking's slot row until the batch commits, and two
// instances' batches taking the same slots in different orders deadlocked. PostgreSQL
// breaks a deadlock only after deadlock_timeout (1 s), and the loser was retried one
// booking at a time: three instances booked slower than one (cluster_bookings.sh: 83
// against 324 a second). In one order, a batch waits for the other and never for itself
// (TestBookingBatchesTakeSlotsInOneOrder).
func (st *Store) bookBatch(ctx context.Context, batch []*bookCall) {
	now := time.Now().UTC()
	for _, c := range batch {
		c.now = now
	}
	batch = slices.Clone(batch)
	slices.SortStableFunc(batch, func(a, b *bookCall) int { return cmp.Compare(a.slotID, b.slotID) })
	if len(batch) > 1 {
		if err := st.bookTogether(ctx, batch, now); err == nil {
			return
		}
	}
	for _, c := range batch {
		c.err = st.DB.WithContext(ctx).Raw("SELECT * FROM confer_book(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::interval, ?)",
			c.slotID, c.in.Name, c.in.Email, c.in.OrganisationID, strings.Join(models.DomainCandidates(c.in.Email), ","),
			c.in.StaffGroup, c.in.JobRole, c.hash, c.uid, c.in.Waitlist, now, ReminderLead.String(), c.confirmHash).Scan(&c.res).Error
	}
}

func (st *Store) bookTogether(ctx context.Context, batch []*bookCall, now time.Time) error {
	args := make([]bookArg, len(batch))
	for i, c := range batch {
		args[i] = bookArg{I: i, Slot: c.slotID, Name: c.in.Name, Email: c.in.Email, Organisation: c.in.OrganisationID,
			Domains: strings.Join(models.DomainCandidates(c.in.Email), ","), StaffGroup: c.in.StaffGroup, JobRole: c.in.JobRole,
			ManageHash: c.hash, CalendarUID: c.uid, Waitlist: c.in.Waitlist, ConfirmHash: c.confirmHash}
	}
	js, err := json.Marshal(args)
	if err != nil {
		return err
	}
	var rows []bookResult
	err = st.DB.WithContext(ctx).Raw("SELECT * FROM confer_book_batch(?::jsonb, ?, ?::interval)",
		string(js), now, ReminderLead.String()).Scan(&rows).Error
	if err != nil {
		return err
	}
	if len(rows) != len(batch) {
		return fmt.Errorf("confer_book_batch: %d rows for %d bookings", len(rows), len(batch))
	}
	for _, r := range rows {
		if r.I < 0 || r.I >= len(batch) {
			return fmt.Errorf("confer_book_batch: row %d out of range", r.I)
		}
		batch[r.I].res = r
	}
	return nil
}
