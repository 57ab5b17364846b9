// Package decisions is the decision register (issue 16): what the programme decided, why,
// what informed it, and who heard. Like coverage it reads the records of feedback, polls
// and booking (through their exported functions, or their tables for counts), and never
// changes them.
package decisions

import "github.com/confer-nhs/confer/models"

// Store is the shared store seen from this area: the area's store functions are its
// methods, and everything the shared store offers (DB, Tx, IsPostgres) is promoted.
type Store struct{ *models.Store }

// Of is the area's view of a store.
func Of(s *models.Store) *Store { return &Store{s} }
