package readiness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/models/coverage"
)

// OutreachInput is the board's "Invite them to training" for one staff group.
type OutreachInput struct {
	MilestoneID uint
	StaffGroup  string
	HoldPlaces  bool
	BaseURL     string
}

// Outreach is what the invitation did: the campaign draft, and the places held if asked.
type Outreach struct {
	CampaignID uint
	Slots      []TrainingSlot // the training times the draft lists
	Held       *HeldPlaces
	// Promoted are bookings a new hold moved off a waitlist (rare: only people of the
	// group itself qualify); the caller tells them as the booking area does.
	Promoted []booking.Booking
}

// HeldPlaces is the hold outreach set on the training sessions.
type HeldPlaces struct {
	Sessions []uint
	Share    int       // the share of each slot's seats held (the session's, when it had one)
	Until    time.Time // the latest release time set
}

// DefaultHoldShare is the share of seats held when a session holds none yet.
const DefaultHoldShare = 50

// HoldReleaseBefore is how long before a session's last training time its held places
// open to everyone: two days, so places the group leaves can still be filled.
const HoldReleaseBefore = 48 * time.Hour

// draftSlotsLimit is how many training times the draft lists.
const draftSlotsLimit = 12

// ReadinessOutreach starts a campaign draft addressed to exactly the milestone's
// organisation and one staff group, listing the upcoming training times anchored to the
// milestone that are open to them with links to book, and when asked holds places for
// them on those training sessions.
func (s *Store) ReadinessOutreach(ctx context.Context, authorID uint, in OutreachInput, now time.Time) (*Outreach, error) {
	m, orgName, err := s.outreachMilestone(ctx, in)
	if err != nil {
		return nil, err
	}
	group, err := models.ParseStaffGroup("staff_group", in.StaffGroup)
	if err != nil {
		return nil, err
	}
	if group == "" {
		return nil, models.Invalid("staff_group", "staff_group is required: the invitation is addressed to one staff group")
	}
	slots, err := s.slotsFor(ctx, m, group, now)
	if err != nil {
		return nil, err
	}
	if in.HoldPlaces && len(slots) == 0 {
		return nil, models.Invalid("hold_places", "there are no upcoming training times open to %s with places left to hold", group)
	}
	out := &Outreach{Slots: slots}
	name, subject, body := outreachDraft(m, orgName, group, slots, in.BaseURL)
	kind := "newsletter"
	c, err := campaigns.Of(s.Store).CreateCampaign(ctx, authorID, campaigns.CampaignInput{Name: &name, Subject: &subject,
		BodyMarkdown: &body, Kind: &kind, Audience: &campaigns.Audience{OrganisationIDs: []uint{m.OrganisationID},
			StaffGroups: []string{group}, JobRoles: []string{}}})
	if err != nil {
		return nil, err
	}
	out.CampaignID = c.ID
	if in.HoldPlaces {
		out.Held, out.Promoted, err = s.holdPlaces(ctx, m.OrganisationID, group, slots, now)
	}
	return out, err
}

func (s *Store) outreachMilestone(ctx context.Context, in OutreachInput) (*booking.Milestone, string, error) {
	if in.MilestoneID == 0 {
		return nil, "", models.Invalid("milestone_id", "milestone_id is required")
	}
	m, name, err := s.milestone(ctx, in.MilestoneID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, "", models.Invalid("milestone_id", "there is no milestone %d", in.MilestoneID)
	}
	return m, name, err
}

// slotsFor are the milestone's upcoming training times with seats left that the group
// may book: the session is open to the group, and to the organisation where it is
// restricted to named organisations.
func (s *Store) slotsFor(ctx context.Context, m *booking.Milestone, group string, now time.Time) ([]TrainingSlot, error) {
	db := s.DB.WithContext(ctx)
	all, err := trainingSlots(db, m.ID, now)
	if err != nil {
		return nil, err
	}
	closed, err := closedToOrganisation(db, m.OrganisationID)
	if err != nil {
		return nil, err
	}
	out := []TrainingSlot{}
	for _, t := range all {
		if t.SeatsLeft > 0 && t.Suits(group) && !closed[t.SessionID] {
			out = append(out, t)
		}
	}
	return out, nil
}

// closedToOrganisation are the sessions restricted to organisations that do not include org.
func closedToOrganisation(db *gorm.DB, org uint) (map[uint]bool, error) {
	var ids []uint
	err := db.Raw(`SELECT es.id FROM engagement_sessions es WHERE es.restrict_to_organisations = TRUE
 AND NOT EXISTS (SELECT 1 FROM engagement_session_organisations eso WHERE eso.engagement_session_id = es.id AND eso.organisation_id = ?)`,
		org).Scan(&ids).Error
	out := map[uint]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// outreachDraft writes the draft: the go-live date, why training matters, and the times
// open to the group with a link to book each.
func outreachDraft(m *booking.Milestone, orgName, group string, slots []TrainingSlot, baseURL string) (name, subject, body string) {
	name = fmt.Sprintf("Readiness: %s, %s (%s)", orgName, group, m.Name)
	subject = "Book your training before go-live on " + londonDay(m.GoLiveOn)
	var b strings.Builder
	fmt.Fprintf(&b, "Hello {{first_name}},\n\n%s goes live at {{organisation}} on %s. "+
		"Training before then means you can use it safely from the first day.\n\n", m.Name, londonDay(m.GoLiveOn))
	if len(slots) == 0 {
		b.WriteString("New training times will be announced soon. Until then you can see every session on our programme page: " +
			baseURL + "/programme\n")
		return name, subject, b.String()
	}
	b.WriteString("These training times are open to you:\n\n")
	for i, t := range slots {
		if i == draftSlotsLimit {
			break
		}
		fmt.Fprintf(&b, "- **%s**, %s: %s/book/%d\n", t.Title, SlotWords(t.StartsAt, t.EndsAt), baseURL, t.SlotID)
	}
	b.WriteString("\nEvery session is on our programme page: " + baseURL + "/programme\n")
	return name, subject, b.String()
}

// londonDay writes a go-live date as "Tuesday 27 April 2027".
func londonDay(d string) string {
	t, err := time.Parse(booking.DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("Monday 2 January 2006")
}

// SlotWords writes a time as people read it: "Tuesday 16 March 2027, 10am to 11:30am".
func SlotWords(start, end time.Time) string {
	s, e := start.In(coverage.LondonZone), end.In(coverage.LondonZone)
	return s.Format("Monday 2 January 2006") + ", " + clock(s) + " to " + clock(e)
}

// clock is "10am", "2:30pm", "midday" or "midnight".
func clock(t time.Time) string {
	switch {
	case t.Hour() == 12 && t.Minute() == 0:
		return "midday"
	case t.Hour() == 0 && t.Minute() == 0:
		return "midnight"
	case t.Minute() == 0:
		return t.Format("3pm")
	}
	return t.Format("3:04pm")
}

// holdPlaces holds places for the organisation and group on each training session,
// through the booking area's own session update (its validation, its re-count of held
// seats). It adds to a hold the session already has rather than replacing it: the
// organisation and group join its lists (a list left empty, meaning anyone, stays empty)
// and its share is kept; a session holding nothing gets DefaultHoldShare. The places are
// held until HoldReleaseBefore the session's last training time for the group (or, if
// that has passed, until that time itself); an existing later release is kept.
func (s *Store) holdPlaces(ctx context.Context, org uint, group string, slots []TrainingSlot, now time.Time) (*HeldPlaces, []booking.Booking, error) {
	last := map[uint]time.Time{}
	var order []uint
	for _, t := range slots {
		if _, ok := last[t.SessionID]; !ok {
			order = append(order, t.SessionID)
		}
		if t.StartsAt.After(last[t.SessionID]) {
			last[t.SessionID] = t.StartsAt
		}
	}
	bs := booking.Of(s.Store)
	held := &HeldPlaces{Sessions: order}
	var promoted []booking.Booking
	for _, id := range order {
		sess, err := bs.GetEngagementSession(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		in := holdInput(sess, org, group, last[id], now)
		_, p, err := bs.UpdateEngagementSession(ctx, id, in)
		if err != nil {
			return nil, nil, err
		}
		promoted = append(promoted, p...)
		held.Share = max(held.Share, *in.ReservedShare)
		if u := **in.ReservedUntil; u.After(held.Until) {
			held.Until = u
		}
	}
	return held, promoted, nil
}

// holdInput is the session update that adds the organisation and group to its hold.
func holdInput(sess *booking.EngagementSession, org uint, group string, last, now time.Time) booking.SessionInput {
	active := sess.HeldShare(now) > 0
	share, orgs, groups := DefaultHoldShare, []uint{org}, []string{group}
	until := last.Add(-HoldReleaseBefore)
	if !until.After(now) {
		until = last
	}
	if active {
		share = sess.ReservedShare
		orgs, groups = append([]uint{}, sess.ReservedOrganisationIDs...), append([]string{}, sess.ReservedStaffGroups...)
		if len(orgs) > 0 && !containsID(orgs, org) {
			orgs = append(orgs, org)
		}
		if len(groups) > 0 && !contains(groups, group) {
			groups = append(groups, group)
		}
		if sess.ReservedUntil.After(until) {
			until = *sess.ReservedUntil
		}
	}
	u := &until
	return booking.SessionInput{ReservedShare: &share, ReservedUntil: &u, ReservedOrganisationIDs: &orgs, ReservedStaffGroups: &groups}
}

func containsID(list []uint, id uint) bool {
	for _, v := range list {
		if v == id {
			return true
		}
	}
	return false
}
