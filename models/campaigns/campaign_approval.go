package campaigns

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Approval decisions.
const (
	DecisionApproved = "approved"
	DecisionReturned = "returned"
)

// CampaignApproval is one approver's decision on one version of a campaign. An admin's
// approval (OrganisationID nil) covers every organisation; a comms user's covers theirs.
type CampaignApproval struct {
	ID             uint `gorm:"primaryKey"`
	CampaignID     uint
	Version        int
	ApproverID     uint
	Approver       *models.Person `gorm:"foreignKey:ApproverID"`
	OrganisationID *uint
	Decision       string
	Comment        string
	CreatedAt      time.Time
}

// audienceWhere is the SQL condition selecting a campaign's contacts from the contacts
// table: the audience's filters, minus suppressed addresses (bounced, spam reports) and,
// for newsletters, people who unsubscribed.
func audienceWhere(a Audience, kind string) (string, []any) {
	conds := []string{"suppressed = ''"}
	var args []any
	if kind != KindNotice {
		conds = append(conds, "unsubscribed_at IS NULL")
	}
	if len(a.OrganisationIDs) > 0 {
		conds = append(conds, "organisation_id IN ?")
		args = append(args, a.OrganisationIDs)
	}
	if len(a.StaffGroups) > 0 {
		conds = append(conds, "staff_group IN ?")
		args = append(args, a.StaffGroups)
	}
	if len(a.JobRoles) > 0 {
		lower := make([]string, len(a.JobRoles))
		for i, r := range a.JobRoles {
			lower[i] = strings.ToLower(r)
		}
		conds = append(conds, "LOWER(job_role) IN ?")
		args = append(args, lower)
	}
	return strings.Join(conds, " AND "), args
}

// AudienceCount is how many contacts an audience reaches now, in all and per organisation
// (0 for contacts without one).
type AudienceCount struct {
	Total          int64
	ByOrganisation map[uint]int64
}

// CountAudience counts the contacts a campaign of kind with audience a would reach.
func (s *Store) CountAudience(ctx context.Context, a Audience, kind string) (*AudienceCount, error) {
	a, err := parseAudience(s.DB.WithContext(ctx), a)
	if err != nil {
		return nil, err
	}
	return countAudience(s.DB.WithContext(ctx), a, kind)
}

func countAudience(tx *gorm.DB, a Audience, kind string) (*AudienceCount, error) {
	where, args := audienceWhere(a, kind)
	var rows []struct {
		OrganisationID *uint
		N              int64
	}
	err := tx.Model(&models.Contact{}).Select("organisation_id, COUNT(*) AS n").Where(where, args...).
		Group("organisation_id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := &AudienceCount{ByOrganisation: map[uint]int64{}}
	for _, r := range rows {
		out.Total += r.N
		out.ByOrganisation[models.Deref(r.OrganisationID)] += r.N
	}
	return out, nil
}

// ApprovalState says which organisations a campaign reaches, who has approved it, and who
// made each version (who may therefore not approve it).
type ApprovalState struct {
	Required  []uint // organisations whose staff the audience reaches (0: contacts without one)
	Covered   []uint // those covered by an approval of the current version
	Approvals []CampaignApproval
	Edits     []CampaignEdit // by version
	Complete  bool
}

// Edited reports whether person made the campaign's current version or one it grew from.
func (st *ApprovalState) Edited(c *Campaign, personID uint) bool {
	if c.AuthorID == personID {
		return true
	}
	for _, e := range st.Edits {
		if e.Version <= c.Version && e.EditorID == personID {
			return true
		}
	}
	return false
}

// Missing lists the organisations reached that no approval of this version covers.
func (st *ApprovalState) Missing() []uint {
	var out []uint
	for _, org := range st.Required {
		if !slices.Contains(st.Covered, org) {
			out = append(out, org)
		}
	}
	return out
}

// Approvals works out the approvals a campaign needs and has, for its current version.
func (s *Store) Approvals(ctx context.Context, c *Campaign) (*ApprovalState, error) {
	return approvalState(s.DB.WithContext(ctx), c, nil)
}

// ApprovalsReaching is Approvals for a campaign that has started, whose organisations
// reached (0: none) the caller already knows from its recipients.
func (s *Store) ApprovalsReaching(ctx context.Context, c *Campaign, orgs []uint) (*ApprovalState, error) {
	return approvalState(s.DB.WithContext(ctx), c, orgs)
}

func approvalState(tx *gorm.DB, c *Campaign, reached []uint) (*ApprovalState, error) {
	st := &ApprovalState{Required: slices.Clone(reached), Covered: []uint{}}
	if reached == nil {
		count, err := countAudience(tx, c.Audience, c.Kind)
		if err != nil {
			return nil, err
		}
		st.Required = []uint{}
		for org := range count.ByOrganisation {
			st.Required = append(st.Required, org)
		}
	}
	slices.Sort(st.Required)
	if err := tx.Preload("Approver").Where("campaign_id = ?", c.ID).Order("id").Find(&st.Approvals).Error; err != nil {
		return nil, err
	}
	if err := tx.Preload("Editor").Where("campaign_id = ?", c.ID).Order("version").Find(&st.Edits).Error; err != nil {
		return nil, err
	}
	admin, orgs := coverage(c, st.Approvals)
	if admin {
		st.Covered = slices.Clone(st.Required)
	} else {
		st.Covered = orgs
	}
	st.Complete = len(st.Required) > 0 && len(st.Missing()) == 0
	return st, nil
}

// coverage reads the approvals of c's current version: an admin's covers every
// organisation (and contacts with none); a comms user's covers theirs.
func coverage(c *Campaign, approvals []CampaignApproval) (admin bool, orgs []uint) {
	orgs = []uint{}
	for _, a := range approvals {
		if a.Version != c.Version || a.Decision != DecisionApproved {
			continue
		}
		if a.OrganisationID == nil {
			admin = true
		} else if !slices.Contains(orgs, *a.OrganisationID) {
			orgs = append(orgs, *a.OrganisationID)
		}
	}
	slices.Sort(orgs)
	return admin, orgs
}

// SubmitCampaign asks for approval of a draft or returned campaign.
func (s *Store) SubmitCampaign(ctx context.Context, id uint) (*Campaign, error) {
	return s.transition(ctx, id, []string{CampaignDraft, CampaignReturned}, CampaignSubmitted, func(tx *gorm.DB, c *Campaign) error {
		count, err := countAudience(tx, c.Audience, c.Kind)
		if err != nil {
			return err
		}
		if count.Total == 0 {
			return models.Invalid("audience", "the audience reaches nobody: widen it or import contacts first")
		}
		return nil
	})
}

// DecideCampaign records approver's decision (approve or return with a comment). Nobody who
// made this version or an earlier one (the author included) may decide; an admin decides
// for every organisation, a comms user for their own organisation when the campaign
// reaches its staff. When every organisation reached is covered, the campaign becomes
// approved.
func (s *Store) DecideCampaign(ctx context.Context, id uint, approver *models.Person, decision, comment string) (*Campaign, error) {
	comment = strings.TrimSpace(comment)
	if decision == DecisionReturned && comment == "" {
		return nil, models.Invalid("comment", "say what needs to change in a comment")
	}
	if len(comment) > 5000 {
		return nil, models.Invalid("comment", "comment must be at most 5,000 characters")
	}
	var c Campaign
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return models.OrNotFound(err, "campaign")
		}
		if c.Status != CampaignSubmitted {
			return models.Conflict("status", "only a campaign awaiting approval can be approved or returned; this one is %s", c.Status)
		}
		if c.AuthorID == approver.ID {
			return models.Errorf(models.EFORBIDDEN, "you wrote this campaign, so someone else must approve it: a comms user of an organisation it reaches, or an admin")
		}
		st, err := approvalState(tx, &c, nil)
		if err != nil {
			return err
		}
		if st.Edited(&c, approver.ID) {
			return models.Errorf(models.EFORBIDDEN, "you edited this campaign, so someone who did not must approve it: a comms user of an organisation it reaches, or an admin")
		}
		var org *uint
		if approver.Role != models.RoleAdmin {
			if approver.OrganisationID == nil || !slices.Contains(st.Required, *approver.OrganisationID) {
				return models.Errorf(models.EFORBIDDEN, "only an admin or a comms user of an organisation this campaign reaches may approve it")
			}
			org = approver.OrganisationID
		}
		a := CampaignApproval{CampaignID: c.ID, Version: c.Version, ApproverID: approver.ID,
			OrganisationID: org, Decision: decision, Comment: comment}
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		next := CampaignReturned
		if decision == DecisionApproved {
			st.Approvals = append(st.Approvals, a)
			if st, err = approvalState(tx, &c, nil); err != nil {
				return err
			}
			if !st.Complete {
				return nil
			}
			next = CampaignApproved
		}
		c.ReturnNote, c.HoldReason = comment, ""
		return setCampaignStatus(tx, &c, CampaignSubmitted, next, map[string]any{"return_note": comment, "hold_reason": ""})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// setStatus moves c from one status to the next, only if nobody changed it meanwhile.
func setCampaignStatus(tx *gorm.DB, c *Campaign, from, to string, extra map[string]any) error {
	updates := map[string]any{"status": to, "updated_at": time.Now().UTC()}
	for k, v := range extra {
		updates[k] = v
	}
	res := tx.Model(&Campaign{}).Where("id = ? AND status = ? AND version = ?", c.ID, from, c.Version).Updates(updates)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return models.Conflict("status", "the campaign changed meanwhile; reload it")
	}
	c.Status = to
	return nil
}

// transition moves a campaign from one of from to to, after check passes.
func (s *Store) transition(ctx context.Context, id uint, from []string, to string, check func(*gorm.DB, *Campaign) error) (*Campaign, error) {
	var c Campaign
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&c, id).Error; err != nil {
			return models.OrNotFound(err, "campaign")
		}
		if !slices.Contains(from, c.Status) {
			return models.Conflict("status", "a campaign that is %s cannot become %s", c.Status, to)
		}
		if check != nil {
			if err := check(tx, &c); err != nil {
				return err
			}
		}
		return setCampaignStatus(tx, &c, c.Status, to, nil)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}
