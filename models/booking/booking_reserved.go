package booking

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// MaxReservedShare caps the share of seats a session may hold back: some must stay open.
const MaxReservedShare = 90

// ApplyReservation validates and sets the held seats on s: a share of each slot's seats,
// a release time, and who qualifies (organisations, staff groups or both). Session create
// and update run it before storing anything; organisation ids are checked against the
// database there.
func (in SessionInput) ApplyReservation(s *EngagementSession) error {
	if s.ReservedOrganisationIDs == nil {
		s.ReservedOrganisationIDs = []uint{}
	}
	if s.ReservedStaffGroups == nil {
		s.ReservedStaffGroups = []string{}
	}
	if !in.reservationTouched() {
		return nil
	}
	if in.ReservedShare != nil {
		if *in.ReservedShare < 0 || *in.ReservedShare > MaxReservedShare {
			return models.Invalid("reserved_share", "reserved_share must be a whole percentage from 0 (no seats held) to %d", MaxReservedShare)
		}
		s.ReservedShare = *in.ReservedShare
	}
	if in.ReservedUntil != nil {
		s.ReservedUntil = nil
		if t := *in.ReservedUntil; t != nil {
			u := t.UTC()
			s.ReservedUntil = &u
		}
	}
	if in.ReservedStaffGroups != nil {
		groups := []string{}
		for _, g := range *in.ReservedStaffGroups {
			c, err := models.ParseStaffGroup("reserved_staff_groups", g)
			if err != nil {
				return err
			}
			if c != "" && !slices.Contains(groups, c) {
				groups = append(groups, c)
			}
		}
		s.ReservedStaffGroups = groups
	}
	if in.ReservedOrganisationIDs != nil {
		ids := []uint{}
		for _, id := range *in.ReservedOrganisationIDs {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		s.ReservedOrganisationIDs = ids
	}
	s.ReserveReleasedAt = nil // a new or changed hold is released again when it ends
	if s.ReservedShare == 0 {
		return nil
	}
	if s.ReservedUntil == nil {
		return models.Invalid("reserved_until", "reserved_until is required when seats are held: the RFC 3339 time they open to everyone")
	}
	if !s.ReservedUntil.After(time.Now()) {
		return models.Invalid("reserved_until", "reserved_until must be in the future")
	}
	if len(s.ReservedOrganisationIDs) == 0 && len(s.ReservedStaffGroups) == 0 {
		return models.Invalid("reserved_organisation_ids", "name the organisations (reserved_organisation_ids) or staff groups (reserved_staff_groups) the held seats are for")
	}
	return nil
}

// reservationTouched reports whether an update changes the held seats.
func (in SessionInput) reservationTouched() bool {
	return in.ReservedShare != nil || in.ReservedUntil != nil || in.ReservedOrganisationIDs != nil || in.ReservedStaffGroups != nil
}

// checkOrganisationsExist refuses ids that name no organisation.
func checkOrganisationsExist(tx *gorm.DB, field string, ids []uint) error {
	if len(ids) == 0 {
		return nil
	}
	var n int64
	if err := tx.Model(&models.Organisation{}).Where("id IN ?", ids).Count(&n).Error; err != nil {
		return err
	}
	if int(n) != len(ids) {
		return models.Invalid(field, "%s names an organisation that does not exist (see GET /api/v1/organisations)", field)
	}
	return nil
}

// HeldShare is the percentage of each slot's seats held back at now: 0 when the session
// holds none or its release time has come.
func (s *EngagementSession) HeldShare(now time.Time) int {
	if s == nil || s.ReservedShare <= 0 || s.ReservedUntil == nil || !s.ReservedUntil.After(now) {
		return 0
	}
	return s.ReservedShare
}

// Qualifies reports whether a person of this organisation and staff group may take held
// seats: they match every list the session sets.
func (s *EngagementSession) Qualifies(org *uint, staffGroup string) bool {
	if s == nil || s.ReservedShare <= 0 {
		return false
	}
	if len(s.ReservedOrganisationIDs) > 0 && (org == nil || !slices.Contains(s.ReservedOrganisationIDs, *org)) {
		return false
	}
	return len(s.ReservedStaffGroups) == 0 || slices.Contains(s.ReservedStaffGroups, staffGroup)
}

// SlotHold is what a slot holds back at a moment: Seats held in all, Remaining of them
// still free, and OpenRemaining seats anyone may book.
type SlotHold struct {
	Seats, Remaining, OpenRemaining int
}

// Hold works out the slot's held seats at now from its session (which must be loaded).
func (sl *Slot) Hold(now time.Time) SlotHold {
	free := sl.Remaining()
	share := sl.Session.HeldShare(now)
	if share == 0 {
		return SlotHold{OpenRemaining: free}
	}
	seats := sl.Capacity * share / 100
	open := min(free, max(0, sl.Capacity-seats-sl.ConfirmedOpen))
	return SlotHold{Seats: seats, Remaining: free - open, OpenRemaining: open}
}

// heldConflict is the 409 for someone who does not qualify when only held seats are left.
func heldConflict(tx *gorm.DB, s *EngagementSession, field, action string) error {
	who, err := reservationWho(tx, s)
	if err != nil {
		return err
	}
	return models.Conflict(field, "The places left are held for %s until %s: %s", who, models.LondonTime(*s.ReservedUntil), action)
}

const joinWaitlist = "join the waiting list (waitlist: true) to be offered a place if one frees up or when they open to everyone"

// reservationWho names who qualifies for held places: "people in the Allied Health
// Professionals staff group at Community Health NHS FT" ("Students staff" would not read).
func reservationWho(tx *gorm.DB, s *EngagementSession) (string, error) {
	var names []string
	if len(s.ReservedOrganisationIDs) > 0 {
		if err := tx.Model(&models.Organisation{}).Where("id IN ?", s.ReservedOrganisationIDs).Order("name").
			Pluck("name", &names).Error; err != nil {
			return "", err
		}
	}
	orgs, groups := orList(names), orList(s.ReservedStaffGroups)
	if groups != "" {
		groups = "people in the " + groups + " staff group"
		if len(s.ReservedStaffGroups) > 1 {
			groups += "s"
		}
	}
	switch {
	case orgs != "" && groups != "":
		return groups + " at " + orgs, nil
	case groups != "":
		return groups, nil
	default:
		return "staff of " + orgs, nil
	}
}

func orList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// ReservationWho names who qualifies for a session's held places, for messages.
func (st *Store) ReservationWho(ctx context.Context, s *EngagementSession) (string, error) {
	return reservationWho(st.DB.WithContext(ctx), s)
}

// reapplyReservation brings a session's bookings and slots in line with changed held
// seats, under the slots' locks: each active booking's qualification, each slot's count of
// open confirmed bookings, and a promotion wherever the change freed seats for the queue.
func reapplyReservation(tx *gorm.DB, s *EngagementSession) ([]Booking, error) {
	var slotIDs []uint
	if err := tx.Model(&Slot{}).Where("engagement_session_id = ?", s.ID).Order("id").Pluck("id", &slotIDs).Error; err != nil {
		return nil, err
	}
	for _, id := range slotIDs {
		if err := lockSlot(tx, id); err != nil {
			return nil, err
		}
	}
	var bookings []Booking
	if err := tx.Select("id", "organisation_id", "staff_group", "reserve_qualified").
		Where("engagement_session_id = ? AND status IN ?", s.ID, activeStatuses).Find(&bookings).Error; err != nil {
		return nil, err
	}
	flip := map[bool][]uint{}
	for _, b := range bookings {
		if q := s.Qualifies(b.OrganisationID, b.StaffGroup); q != b.ReserveQualified {
			flip[q] = append(flip[q], b.ID)
		}
	}
	for q, ids := range flip {
		if err := tx.Model(&Booking{}).Where("id IN ?", ids).Update("reserve_qualified", q).Error; err != nil {
			return nil, err
		}
	}
	if err := tx.Exec("UPDATE slots SET confirmed_open = (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = slots.id "+
		"AND b.status IN ? AND NOT b.reserve_qualified) WHERE engagement_session_id = ?", seatStatuses, s.ID).Error; err != nil {
		return nil, err
	}
	var promoted []Booking
	for _, id := range slotIDs {
		p, err := promote(tx, id)
		if err != nil {
			return nil, err
		}
		promoted = append(promoted, p...)
	}
	return promoted, nil
}

// ReleaseHeldSeats opens the held seats of every session whose release time has passed:
// each is claimed once (reserve_released_at), so of several instances only one releases
// it, and its waiting lists are promoted into the seats now free to all. It returns the
// promoted bookings, to be told.
func (st *Store) ReleaseHeldSeats(ctx context.Context, now time.Time) ([]Booking, error) {
	var due []uint
	if err := st.DB.WithContext(ctx).Model(&EngagementSession{}).
		Where("reserved_share > 0 AND reserved_until <= ? AND reserve_released_at IS NULL", now).
		Order("id").Pluck("id", &due).Error; err != nil {
		return nil, err
	}
	var promoted []Booking
	for _, id := range due {
		var these []Booking
		err := st.Tx(ctx, func(tx *gorm.DB) error {
			these = nil
			res := tx.Model(&EngagementSession{}).Where("id = ? AND reserve_released_at IS NULL", id).
				Update("reserve_released_at", now)
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error // another instance released it
			}
			var slotIDs []uint
			if err := tx.Model(&Slot{}).Where("engagement_session_id = ? AND cancelled_at IS NULL AND starts_at > ?", id, now).
				Order("id").Pluck("id", &slotIDs).Error; err != nil {
				return err
			}
			for _, sid := range slotIDs {
				if err := lockSlot(tx, sid); err != nil {
					return err
				}
				p, err := promote(tx, sid)
				if err != nil {
					return err
				}
				these = append(these, p...)
			}
			return nil
		})
		if err != nil {
			return promoted, err
		}
		promoted = append(promoted, these...)
	}
	return promoted, nil
}
