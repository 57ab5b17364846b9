// Package readiness is readiness for go-live (issue 17): pulses (a short survey open for
// a period, sent through a campaign with a personal link per recipient, and an open link
// for staff not in the contact list) and the readiness board (per milestone: countdown,
// training attended against target per staff group, the latest pulse, the gaps in
// words). Like coverage it reads other areas' records (milestones and bookings, contacts,
// campaigns) and changes none but its own, and the campaign drafts and held places its
// outreach starts through their areas' own functions.
package readiness

import "github.com/confer-nhs/confer/models"

// Store is the shared store seen from this area: the area's store functions are its
// methods, and everything the shared store offers (DB, Tx, IsPostgres) is promoted.
type Store struct{ *models.Store }

// Of is the area's view of a store.
func Of(s *models.Store) *Store { return &Store{s} }
