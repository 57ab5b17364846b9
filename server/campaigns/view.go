package campaigns

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/confer-nhs/confer/models"
	campaignmodel "github.com/confer-nhs/confer/models/campaigns"
	"github.com/confer-nhs/confer/notifications"
)

// campaignResponse is GET /campaigns/:id: the campaign, its approvals and its figures.
type CampaignResponse struct {
	ID                  uint                          `json:"id"`
	Name                string                        `json:"name"`
	Subject             string                        `json:"subject"`
	BodyMarkdown        string                        `json:"body_markdown"`
	Kind                string                        `json:"kind"`
	Audience            campaignmodel.Audience        `json:"audience"`
	Status              string                        `json:"status"`
	Version             int                           `json:"version"`
	AuthorID            uint                          `json:"author_id"`
	SendAt              *time.Time                    `json:"send_at"`
	StartedAt           *time.Time                    `json:"started_at"`
	FinishedAt          *time.Time                    `json:"finished_at"`
	ReturnNote          string                        `json:"return_note"`
	HoldReason          string                        `json:"hold_reason"` // why it did not start when asked or due
	PulseID             *uint                         `json:"pulse_id"`    // the readiness pulse it sends ({{pulse_link}}), or null
	CreatedAt           time.Time                     `json:"created_at"`
	UpdatedAt           time.Time                     `json:"updated_at"`
	Recipients          int64                         `json:"recipients"`
	Stats               campaignmodel.CampaignStats   `json:"stats"`
	StatsByOrganisation []campaignmodel.CampaignStats `json:"stats_by_organisation"`
	Approval            approvalResponse              `json:"approval"`
	FailedBatches       []failedBatch                 `json:"failed_batches"`
	Problems            []campaignProblem             `json:"problems"` // what SendGrid dropped for reasons on our side
	Edits               []edit                        `json:"edits"`    // who made each version
	// OpenRate and ClickRate are the people who opened (not counting privacy proxies) and
	// who clicked, as percentages of those delivered to; null before any delivery.
	OpenRate  *float64                     `json:"open_rate"`
	ClickRate *float64                     `json:"click_rate"`
	Links     []campaignmodel.CampaignLink `json:"links"` // clicks per link, most clicked first
	// Outbox says emails go to Confer's own outbox: no email service (SendGrid) is set up,
	// so nothing reaches a mailbox and no delivery, open or click is ever reported.
	Outbox bool `json:"outbox"`
	// WebhookConfigured says SendGrid's signed event webhook is set up
	// (SENDGRID_WEBHOOK_PUBLIC_KEY), so its "processed" events settle whom SendGrid took;
	// without it Confer cannot know, and a resend of the unsettled may reach some twice.
	WebhookConfigured bool `json:"webhook_configured"`
}

// maxLinks is how many links a campaign's page lists by clicks.
const maxLinks = 50

// percentOf is part as a percentage of whole, to one decimal place; nil when whole is 0.
func percentOf(part, whole int64) *float64 {
	if whole <= 0 {
		return nil
	}
	r := math.Round(float64(part)*1000/float64(whole)) / 10
	return &r
}

// edit is who made one version of the campaign.
type edit struct {
	Version    int       `json:"version"`
	EditorID   uint      `json:"editor_id"`
	EditorName string    `json:"editor_name"`
	CreatedAt  time.Time `json:"created_at"`
}

type approvalResponse struct {
	Required  []orgApproval `json:"required"`
	Complete  bool          `json:"complete"`
	CanDecide bool          `json:"can_decide"` // the caller may approve or return it now
	Decisions []decision    `json:"decisions"`
}

type orgApproval struct {
	OrganisationID *uint `json:"organisation_id"` // null: contacts with no organisation (an admin approves)
	Covered        bool  `json:"covered"`
}

type decision struct {
	ApproverID     uint      `json:"approver_id"`
	ApproverName   string    `json:"approver_name"`
	OrganisationID *uint     `json:"organisation_id"`
	Decision       string    `json:"decision"`
	Comment        string    `json:"comment"`
	Version        int       `json:"version"`
	Withdrawn      bool      `json:"withdrawn"` // the campaign changed after this decision
	CreatedAt      time.Time `json:"created_at"`
}

type failedBatch struct {
	ID         uint   `json:"id"`
	Recipients int    `json:"recipients"`
	Error      string `json:"error"`
}

func (s *Area) campaignView(ctx context.Context, c *campaignmodel.Campaign, viewer *models.Person) (*CampaignResponse, error) {
	out := &CampaignResponse{ID: c.ID, Name: c.Name, Subject: c.Subject, BodyMarkdown: c.BodyMarkdown, Kind: c.Kind,
		Audience: listsOf(c.Audience), Status: c.Status, Version: c.Version, AuthorID: c.AuthorID, SendAt: c.SendAt,
		StartedAt: c.StartedAt, FinishedAt: c.FinishedAt, ReturnNote: c.ReturnNote, CreatedAt: c.CreatedAt,
		UpdatedAt: c.UpdatedAt, HoldReason: c.HoldReason, PulseID: c.PulseID, FailedBatches: []failedBatch{}, Links: []campaignmodel.CampaignLink{}}
	_, out.Outbox = s.Mail.(*notifications.Outbox)
	out.WebhookConfigured = s.Cfg.Campaign.WebhookKey != ""
	if err := s.campaignFigures(ctx, c, out); err != nil {
		return nil, err
	}
	var st *campaignmodel.ApprovalState
	var err error
	if c.StartedAt != nil { // who it reached is in its recipient rows: no need to count contacts again
		orgs := make([]uint, 0, len(out.StatsByOrganisation))
		for _, o := range out.StatsByOrganisation {
			orgs = append(orgs, deref(o.OrganisationID))
		}
		st, err = s.db.ApprovalsReaching(ctx, c, orgs)
	} else {
		st, err = s.db.Approvals(ctx, c)
	}
	if err != nil {
		return nil, err
	}
	out.Approval = toApproval(c, st, viewer)
	out.Edits = toEdits(st.Edits)
	return out, nil
}

func toEdits(edits []campaignmodel.CampaignEdit) []edit {
	out := make([]edit, 0, len(edits))
	for _, e := range edits {
		ed := edit{Version: e.Version, EditorID: e.EditorID, CreatedAt: e.CreatedAt}
		if e.Editor != nil {
			ed.EditorName = e.Editor.Name
		}
		out = append(out, ed)
	}
	return out
}

func deref(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}

// campaignFigures fills recipients and stats: the live audience count before sending, the
// recipient rows once sending has started.
func (s *Area) campaignFigures(ctx context.Context, c *campaignmodel.Campaign, out *CampaignResponse) error {
	// One query per organisation; the overall figures are their sums.
	byOrg, err := s.db.CampaignStatsByOrganisation(ctx, c.ID)
	if err != nil {
		return err
	}
	out.StatsByOrganisation = append([]campaignmodel.CampaignStats{}, byOrg...)
	for _, o := range byOrg {
		out.Stats.Add(o)
	}
	switch {
	case c.StartedAt == nil:
		n, err := s.db.CountAudience(ctx, c.Audience, c.Kind)
		if err != nil {
			return err
		}
		out.Stats.Recipients = n.Total
	case !c.Filled && int64(c.Planned) > out.Stats.Recipients:
		// Rows are still being made: count those not made yet as recipients still to send.
		out.Stats.Queued += int64(c.Planned) - out.Stats.Recipients
		out.Stats.Recipients = int64(c.Planned)
	}
	out.Recipients = out.Stats.Recipients
	out.OpenRate, out.ClickRate = percentOf(out.Stats.Opened, out.Stats.Delivered), percentOf(out.Stats.Clicked, out.Stats.Delivered)
	if c.StartedAt != nil {
		if out.Links, err = s.db.CampaignLinks(ctx, c.ID, maxLinks); err != nil {
			return err
		}
	}
	batches, err := s.db.FailedBatches(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, b := range batches {
		out.FailedBatches = append(out.FailedBatches, failedBatch{ID: b.ID, Recipients: b.Size, Error: b.Error})
	}
	return s.campaignProblems(ctx, c, out)
}

func toApproval(c *campaignmodel.Campaign, st *campaignmodel.ApprovalState, viewer *models.Person) approvalResponse {
	out := approvalResponse{Required: []orgApproval{}, Complete: st.Complete, Decisions: []decision{}}
	for _, org := range st.Required {
		oa := orgApproval{Covered: slices.Contains(st.Covered, org)}
		if org != 0 {
			id := org
			oa.OrganisationID = &id
		}
		out.Required = append(out.Required, oa)
	}
	for _, a := range st.Approvals {
		d := decision{ApproverID: a.ApproverID, OrganisationID: a.OrganisationID, Decision: a.Decision,
			Comment: a.Comment, Version: a.Version, Withdrawn: a.Version != c.Version, CreatedAt: a.CreatedAt}
		if a.Approver != nil {
			d.ApproverName = a.Approver.Name
		}
		out.Decisions = append(out.Decisions, d)
	}
	if viewer != nil && c.Status == campaignmodel.CampaignSubmitted && !st.Edited(c, viewer.ID) {
		out.CanDecide = viewer.Role == models.RoleAdmin ||
			(viewer.OrganisationID != nil && slices.Contains(st.Required, *viewer.OrganisationID))
	}
	return out
}

// listsOf is the audience with empty lists for "any", never null: campaigns stored with
// an empty audience before it was saved as lists read back null, which the page cannot
// read.
func listsOf(a campaignmodel.Audience) campaignmodel.Audience {
	if a.OrganisationIDs == nil {
		a.OrganisationIDs = []uint{}
	}
	if a.StaffGroups == nil {
		a.StaffGroups = []string{}
	}
	if a.JobRoles == nil {
		a.JobRoles = []string{}
	}
	return a
}
