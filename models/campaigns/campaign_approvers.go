package campaigns

import (
	"context"
	"slices"

	"github.com/confer-nhs/confer/models"
)

// Approver is someone who must act on a campaign awaiting approval, and for which
// organisations (nil: an admin, for every organisation still missing).
type Approver struct {
	Person        models.Person
	Organisations []uint
}

// ApproversToAsk lists who must act on a campaign just submitted: for each organisation
// it reaches that no approval of this version covers yet, its comms users; and the admins
// when an organisation has no comms user who may approve (or the audience includes contacts
// with no organisation, which only an admin can approve). Nobody who made a version of the
// campaign is asked: they may not approve it.
func (s *Store) ApproversToAsk(ctx context.Context, c *Campaign) ([]Approver, error) {
	tx := s.DB.WithContext(ctx)
	st, err := approvalState(tx, c, nil)
	if err != nil {
		return nil, err
	}
	missing := st.Missing()
	var comms []models.Person
	orgs := slices.DeleteFunc(slices.Clone(missing), func(o uint) bool { return o == 0 })
	if len(orgs) > 0 {
		if err := tx.Where("role = ? AND organisation_id IN ?", models.RoleComms, orgs).Order("id").Find(&comms).Error; err != nil {
			return nil, err
		}
	}
	var out []Approver
	served := map[uint]bool{}
	for _, p := range comms {
		if st.Edited(c, p.ID) {
			continue
		}
		out = append(out, Approver{Person: p, Organisations: []uint{*p.OrganisationID}})
		served[*p.OrganisationID] = true
	}
	needAdmin := slices.ContainsFunc(missing, func(o uint) bool { return !served[o] })
	if !needAdmin {
		return out, nil
	}
	var admins []models.Person
	if err := tx.Where("role = ?", models.RoleAdmin).Order("id").Find(&admins).Error; err != nil {
		return nil, err
	}
	for _, p := range admins {
		if !st.Edited(c, p.ID) {
			out = append(out, Approver{Person: p})
		}
	}
	return out, nil
}
