// Package privacy is personal data across every area: how long each kind is kept and
// what removes it when its date passes (retention), and what Confer holds about one
// person, exported or erased on request (subject access and erasure). It reads and
// changes the other areas' tables, so it may import their models (like coverage).
package privacy

import "github.com/confer-nhs/confer/models"

// Store is the shared store seen from this area: the area's store functions are its
// methods, and everything the shared store offers (DB, Tx, IsPostgres) is promoted.
type Store struct{ *models.Store }

// Of is the area's view of a store.
func Of(s *models.Store) *Store { return &Store{s} }
