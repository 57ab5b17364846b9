package models

import (
	"context"
	"encoding/json"
	"slices"

	"gorm.io/gorm"
)

// Owners are the people who may change a session or a workshop (and everything in it:
// slots, rosters, attendee messages, polls, questions): its creator and the
// co-facilitators they add. Other facilitators may read it; admins may change anything.
// A creator of nil is unknown (sessions made before creators were recorded): only admins
// and the co-facilitators an admin adds may change those.
type Owners struct {
	CreatedByID    *uint
	FacilitatorIDs []uint
}

// Includes reports whether the user is one of the owners.
func (o Owners) Includes(userID uint) bool {
	return (o.CreatedByID != nil && *o.CreatedByID == userID) || slices.Contains(o.FacilitatorIDs, userID)
}

// OwnedKind names what an id in a route refers to, for OwnersOf.
type OwnedKind string

// The kinds of object whose owners OwnersOf can find: each belongs to a session or a workshop.
const (
	OwnedSession  OwnedKind = "session"
	OwnedSlot     OwnedKind = "slot"
	OwnedBooking  OwnedKind = "booking"
	OwnedWorkshop OwnedKind = "workshop"
	OwnedPoll     OwnedKind = "poll"
	OwnedQuestion OwnedKind = "question"
)

// ownerQueries find the session or workshop an object belongs to, in one query each.
var ownerQueries = map[OwnedKind]string{
	OwnedSession:  "SELECT e.created_by_id, e.facilitator_ids FROM engagement_sessions e WHERE e.id = ?",
	OwnedSlot:     "SELECT e.created_by_id, e.facilitator_ids FROM slots x JOIN engagement_sessions e ON e.id = x.engagement_session_id WHERE x.id = ?",
	OwnedBooking:  "SELECT e.created_by_id, e.facilitator_ids FROM bookings b JOIN engagement_sessions e ON e.id = b.engagement_session_id WHERE b.id = ?",
	OwnedWorkshop: "SELECT w.created_by_id, w.facilitator_ids FROM workshops w WHERE w.id = ?",
	OwnedPoll:     "SELECT w.created_by_id, w.facilitator_ids FROM polls p JOIN workshops w ON w.id = p.workshop_id WHERE p.id = ?",
	OwnedQuestion: "SELECT w.created_by_id, w.facilitator_ids FROM poll_questions q JOIN workshops w ON w.id = q.workshop_id WHERE q.id = ?",
}

// OwnersOf returns the owners of the session or workshop that the object of kind and id
// belongs to, or not found.
func (st *Store) OwnersOf(ctx context.Context, kind OwnedKind, id uint) (Owners, error) {
	var rows []struct {
		CreatedByID    *uint
		FacilitatorIDs string
	}
	if err := st.DB.WithContext(ctx).Raw(ownerQueries[kind], id).Scan(&rows).Error; err != nil {
		return Owners{}, err
	}
	if len(rows) == 0 {
		return Owners{}, NotFound(string(kind))
	}
	o := Owners{CreatedByID: rows[0].CreatedByID}
	if rows[0].FacilitatorIDs != "" {
		if err := json.Unmarshal([]byte(rows[0].FacilitatorIDs), &o.FacilitatorIDs); err != nil {
			return Owners{}, err
		}
	}
	return o, nil
}

// CheckFacilitators refuses co-facilitators who are not facilitators or admins.
func CheckFacilitators(tx *gorm.DB, ids []uint) error {
	if len(ids) == 0 {
		return nil
	}
	var n int64
	if err := tx.Model(&Person{}).Where("id IN ? AND role IN ?", ids, []string{RoleFacilitator, RoleAdmin}).
		Count(&n).Error; err != nil {
		return err
	}
	if int(n) != len(ids) {
		return Invalid("facilitator_ids", "facilitator_ids must list facilitators or admins (see GET /api/v1/facilitators)")
	}
	return nil
}

// ListFacilitators returns everyone who may be added as a co-facilitator, by name.
func (st *Store) ListFacilitators(ctx context.Context) ([]Person, error) {
	var out []Person
	err := st.DB.WithContext(ctx).Where("role IN ?", []string{RoleFacilitator, RoleAdmin}).
		Order("name, email").Limit(1000).Find(&out).Error
	return out, err
}

// UniqueIDs is ids without repeats, in their first order: the facilitators of a session
// or workshop, say.
func UniqueIDs(ids []uint) []uint {
	out := []uint{}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
