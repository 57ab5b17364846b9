package booking

import (
	"context"

	"github.com/confer-nhs/confer/models"
)

// BookTogetherForTest sends bookings (already validated) through one confer_book_batch
// call, falling back to one call each when it fails, and returns each booking's outcome
// ("confirmed", "full", ...) or error, in order.
func (st *Store) BookTogetherForTest(slotID uint, ins []BookingInput) ([]string, []error) {
	batch := make([]*bookCall, len(ins))
	for i, in := range ins {
		_, hash := models.NewSecret(manageTokenPrefix)
		batch[i] = &bookCall{slotID: slotID, in: in, hash: hash, uid: newCalendarUID()}
	}
	st.bookBatch(context.Background(), batch)
	outcomes, errs := make([]string, len(ins)), make([]error, len(ins))
	for i, c := range batch {
		outcomes[i], errs[i] = c.res.Outcome, c.err
	}
	return outcomes, errs
}

// BookBatchForTest sends bookings (already validated) for the given slots, in this order,
// through the batch writer, and returns each booking's outcome or error, in order.
func (st *Store) BookBatchForTest(slots []uint, ins []BookingInput) ([]string, []error) {
	batch := make([]*bookCall, len(ins))
	for i, in := range ins {
		_, hash := models.NewSecret(manageTokenPrefix)
		batch[i] = &bookCall{slotID: slots[i], in: in, hash: hash, uid: newCalendarUID()}
	}
	st.bookBatch(context.Background(), batch)
	outcomes, errs := make([]string, len(ins)), make([]error, len(ins))
	for i, c := range batch {
		outcomes[i], errs[i] = c.res.Outcome, c.err
	}
	return outcomes, errs
}
