package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// Owned guards a route that changes a session or a workshop, or something in one (a slot,
// a booking, a poll, a question), whose id is the route's :id. The route's policy has
// admitted the role; this admits the object's owners (its creator and co-facilitators)
// and admins, and refuses every other facilitator with 403 (security review D6).
func (s *Kit) Owned(kind models.OwnedKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := CurrentUser(c)
		if u == nil {
			return ErrSignIn
		}
		id, err := IDParam(c, "id")
		if err != nil {
			return err
		}
		owners, err := s.Store.OwnersOf(c.UserContext(), kind, id)
		if err != nil {
			return err
		}
		if u.Role != models.RoleAdmin && !owners.Includes(u.ID) {
			return &models.Error{Code: models.EFORBIDDEN, Message: "only this " + ownerNoun(kind) +
				"'s facilitators (its creator and the co-facilitators they added) or an admin may change it"}
		}
		return c.Next()
	}
}

// ownerNoun names what owns an object of kind, for the 403.
func ownerNoun(kind models.OwnedKind) string {
	switch kind {
	case models.OwnedSession, models.OwnedSlot, models.OwnedBooking:
		return "session"
	}
	return "workshop"
}

// facilitatorView is someone who may be added as a co-facilitator.
type facilitatorView struct {
	ID    uint   `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

// ListFacilitators lists the people a session or workshop can name in facilitator_ids.
func (s *Kit) ListFacilitators(c *fiber.Ctx) error {
	people, err := s.Store.ListFacilitators(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]facilitatorView, len(people))
	for i, p := range people {
		out[i] = facilitatorView{ID: p.ID, Name: p.Name, Email: p.Email, Role: p.Role}
	}
	return c.JSON(fiber.Map{"items": out})
}

// OwnerFields show who may change a session or workshop; can_edit is for the caller.
type OwnerFields struct {
	CreatedByID    *uint  `json:"created_by_id"`
	FacilitatorIDs []uint `json:"facilitator_ids"`
	CanEdit        bool   `json:"can_edit"`
}

func ToOwnerFields(c *fiber.Ctx, createdBy *uint, ids []uint) OwnerFields {
	if ids == nil {
		ids = []uint{}
	}
	out := OwnerFields{CreatedByID: createdBy, FacilitatorIDs: ids}
	if u := CurrentUser(c); u != nil {
		out.CanEdit = u.Role == models.RoleAdmin || models.Owners{CreatedByID: createdBy, FacilitatorIDs: ids}.Includes(u.ID)
	}
	return out
}
