package people

import "github.com/confer-nhs/confer/models"

// Store is the shared store seen from this area: the area's store functions are its
// methods, and everything the shared store offers (DB, Tx, IsPostgres) is promoted.
type Store struct{ *models.Store }

// Of is the area's view of a store.
func Of(s *models.Store) *Store { return &Store{s} }
