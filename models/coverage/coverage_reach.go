package coverage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// ReachInput names the cell a campaign draft is for.
type ReachInput struct {
	OrganisationID uint
	StaffGroup     string
	Stage          string
	Category       string
	BaseURL        string
}

// GapDraft is the content of a campaign draft aimed at one cell.
type GapDraft struct {
	Name, Subject, Body string
	Sessions            []ProgrammeSlot
}

// suitsCell reports whether a session is open to the organisation and staff group.
func suitsCell(db *gorm.DB, slot ProgrammeSlot, org uint, group string) (bool, error) {
	var row struct {
		StaffGroups             string
		RestrictToOrganisations bool
	}
	if err := db.Table("engagement_sessions").Select("staff_groups, restrict_to_organisations").
		Where("id = ?", slot.SessionID).Scan(&row).Error; err != nil {
		return false, err
	}
	var groups []string
	_ = json.Unmarshal([]byte(row.StaffGroups), &groups)
	if len(groups) > 0 && !slices.Contains(groups, group) {
		return false, nil
	}
	if !row.RestrictToOrganisations {
		return true, nil
	}
	var n int64
	err := db.Table("engagement_session_organisations").
		Where("engagement_session_id = ? AND organisation_id = ?", slot.SessionID, org).Count(&n).Error
	return n > 0, err
}

// SessionsForCell lists upcoming session times open to the cell (its staff group and
// organisation), in the category when one is given; at most limit.
func (s *Store) SessionsForCell(ctx context.Context, org uint, group, category string, now time.Time, limit int) ([]ProgrammeSlot, error) {
	db := s.DB.WithContext(ctx)
	all, err := upcomingSlots(db, now, category, 200)
	if err != nil {
		return nil, err
	}
	out := []ProgrammeSlot{}
	for _, slot := range all {
		ok, err := suitsCell(db, slot, org, group)
		if err != nil {
			return nil, err
		}
		if ok && slot.SeatsLeft > 0 {
			out = append(out, slot)
		}
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// gapDraft writes the campaign draft for a cell: who it is for and the sessions that
// suit them, with links to book.
func gapDraft(orgName string, in ReachInput, sessions []ProgrammeSlot) GapDraft {
	cat := ""
	if in.Category != "" {
		cat = in.Category + " "
	}
	d := GapDraft{Sessions: sessions,
		Name:    fmt.Sprintf("Coverage gap: %s, %s", orgName, in.StaffGroup),
		Subject: fmt.Sprintf("Have your say: %ssessions for %s colleagues", cat, in.StaffGroup)}
	var b strings.Builder
	fmt.Fprintf(&b, "Hello {{first_name}},\n\nWe have not yet heard from many %s colleagues at {{organisation}}, "+
		"and we want the programme to reflect your views before decisions are made.\n\n", in.StaffGroup)
	if len(sessions) == 0 {
		b.WriteString("New sessions will be announced soon. Until then you can tell us what you think on our programme page: " +
			in.BaseURL + "/programme\n")
	} else {
		fmt.Fprintf(&b, "These upcoming %ssessions are open to you:\n\n", cat)
		for _, s := range sessions {
			fmt.Fprintf(&b, "- **%s**, %s (%s, %s): %s/book/%d\n", s.Title,
				s.StartsAt.In(LondonZone).Format("Monday 2 January 2006, 15:04"), s.Category, strings.ReplaceAll(s.Format, "_", " "),
				in.BaseURL, s.SlotID)
		}
		b.WriteString("\nEvery session and open feedback channel is on our programme page: " + in.BaseURL + "/programme\n")
	}
	d.Body = b.String()
	return d
}

// parseReach validates the cell a draft is for.
func parseReach(tx *gorm.DB, in ReachInput) (ReachInput, string, error) {
	if strings.TrimSpace(in.StaffGroup) == "" {
		return in, "", models.Invalid("staff_group", "staff_group is required: the campaign is addressed to one staff group")
	}
	org := in.OrganisationID
	a, err := models.ParseAttribution(tx, &org, in.StaffGroup)
	if err != nil {
		return in, "", err
	}
	if in.Stage != "" && !slices.Contains(CoverageStages, in.Stage) {
		return in, "", models.Invalid("stage", "stage must be one of: %s", strings.Join(CoverageStages, ", "))
	}
	if in.Category != "" && !slices.Contains(SessionCategoryNames, in.Category) {
		return in, "", models.Invalid("category", "category must be one of: %s", strings.Join(SessionCategoryNames, ", "))
	}
	in.StaffGroup = a.StaffGroup
	var o models.Organisation
	if err := tx.First(&o, org).Error; err != nil {
		return in, "", err
	}
	return in, o.Name, nil
}

// reachSessionsLimit is how many sessions a gap draft lists.
const reachSessionsLimit = 5

// ReachCoverageGap starts a campaign draft addressed to exactly one organisation and staff
// group, pre-filled with the upcoming sessions that suit them, records it against the gap
// for the evidence pack, and returns the campaign's id.
func (s *Store) ReachCoverageGap(ctx context.Context, authorID uint, in ReachInput) (uint, error) {
	in, orgName, err := parseReach(s.DB.WithContext(ctx), in)
	if err != nil {
		return 0, err
	}
	sessions, err := s.SessionsForCell(ctx, in.OrganisationID, in.StaffGroup, in.Category, time.Now().UTC(), reachSessionsLimit)
	if err != nil {
		return 0, err
	}
	d := gapDraft(orgName, in, sessions)
	id, err := s.createGapCampaign(ctx, authorID, in, d)
	if err != nil {
		return 0, err
	}
	a := GapAction{OrganisationID: in.OrganisationID, StaffGroup: in.StaffGroup, Stage: in.Stage,
		Category: in.Category, Kind: "campaign_draft", CampaignID: &id, Note: d.Name, CreatedByID: &authorID}
	return id, s.DB.WithContext(ctx).Create(&a).Error
}
