package readiness

import (
	"strconv"
	"time"

	readinessmodel "github.com/confer-nhs/confer/models/readiness"
)

// boardResponse is GET /readiness?milestone=.
type boardResponse struct {
	Milestone   boardMilestone        `json:"milestone"`
	DaysToGo    int                   `json:"days_to_go"`
	When        string                `json:"when"` // "9 weeks before go-live"
	Groups      []boardGroupResponse  `json:"groups"`
	LatestPulse *latestPulseResponse  `json:"latest_pulse"`
	Gaps        []string              `json:"gaps"`
	Training    []trainingSlotReponse `json:"training"`
}

type boardMilestone struct {
	ID             uint   `json:"id"`
	Name           string `json:"name"`
	OrganisationID uint   `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	Site           string `json:"site"`
	GoLiveOn       string `json:"go_live_on"`
}

type boardGroupResponse struct {
	StaffGroup      string `json:"staff_group"`
	Staff           int    `json:"staff"`
	HasTarget       bool   `json:"has_target"`
	TargetPercent   *int   `json:"target_percent"` // null: no target for this group
	Category        string `json:"category"`
	Attended        int    `json:"attended"`
	AttendedPercent int    `json:"attended_percent"`
	Booked          int    `json:"booked"`
	// ProjectedPercent is attended plus booked as a share of staff: on_track compares it
	// with the target (everyone booked attending meets it).
	ProjectedPercent int                `json:"projected_percent"`
	StillToTrain     int                `json:"still_to_train"`
	OnTrack          bool               `json:"on_track"`
	Pulse            groupPulseResponse `json:"pulse"`
}

type groupPulseResponse struct {
	PulseID              *uint `json:"pulse_id"`
	Answered             *int  `json:"answered"` // null when withheld
	ReadyPercent         *int  `json:"ready_percent"`
	PreviousReadyPercent *int  `json:"previous_ready_percent"`
	Withheld             bool  `json:"withheld"`
}

type latestPulseResponse struct {
	ID           uint      `json:"id"`
	Title        string    `json:"title"`
	ClosesAt     time.Time `json:"closes_at"`
	Answered     *int      `json:"answered"`
	ReadyPercent *int      `json:"ready_percent"`
	Withheld     bool      `json:"withheld"`
}

type trainingSlotReponse struct {
	SlotID      uint      `json:"slot_id"`
	SessionID   uint      `json:"session_id"`
	Title       string    `json:"title"`
	Category    string    `json:"category"`
	StaffGroups []string  `json:"staff_groups"`
	StartsAt    time.Time `json:"starts_at"`
	EndsAt      time.Time `json:"ends_at"`
	SeatsLeft   int       `json:"seats_left"`
	BookURL     string    `json:"book_url"`
}

func toBoard(b *readinessmodel.Board) boardResponse {
	m := b.Milestone
	out := boardResponse{Milestone: boardMilestone{ID: m.ID, Name: m.Name, OrganisationID: m.OrganisationID,
		Organisation: b.Organisation, Site: m.Site, GoLiveOn: m.GoLiveOn}, DaysToGo: b.DaysToGo,
		When: readinessmodel.WhenWords(b.DaysToGo), Groups: []boardGroupResponse{}, Gaps: b.Gaps,
		Training: toTraining(b.Training)}
	for _, g := range b.Groups {
		r := boardGroupResponse{StaffGroup: g.StaffGroup, Staff: g.Staff, HasTarget: g.HasTarget, Category: g.Category,
			Attended: g.Attended, AttendedPercent: g.AttendedPercent(), Booked: g.Booked, ProjectedPercent: g.ProjectedPercent(),
			OnTrack: g.OnTrack(), Pulse: groupPulseResponse{ReadyPercent: g.Pulse.ReadyPercent,
				PreviousReadyPercent: g.Pulse.PreviousReadyPercent, Withheld: g.Pulse.Withheld}}
		if g.HasTarget {
			t := g.TargetPercent
			r.TargetPercent, r.StillToTrain = &t, g.StillToTrain()
		}
		if g.Pulse.PulseID != 0 {
			id := g.Pulse.PulseID
			r.Pulse.PulseID = &id
			if !g.Pulse.Withheld {
				n := g.Pulse.Answered
				r.Pulse.Answered = &n
			}
		}
		out.Groups = append(out.Groups, r)
	}
	if p := b.LatestPulse; p != nil {
		out.LatestPulse = &latestPulseResponse{ID: p.ID, Title: p.Title, ClosesAt: p.ClosesAt.UTC(),
			ReadyPercent: p.ReadyPercent, Withheld: p.Withheld}
		if !p.Withheld {
			n := p.Answered
			out.LatestPulse.Answered = &n
		}
	}
	return out
}

func toTraining(in []readinessmodel.TrainingSlot) []trainingSlotReponse {
	out := make([]trainingSlotReponse, len(in))
	for i, t := range in {
		out[i] = trainingSlotReponse{SlotID: t.SlotID, SessionID: t.SessionID, Title: t.Title, Category: t.Category,
			StaffGroups: t.StaffGroups, StartsAt: t.StartsAt, EndsAt: t.EndsAt, SeatsLeft: t.SeatsLeft,
			BookURL: "/book/" + strconv.FormatUint(uint64(t.SlotID), 10)}
	}
	return out
}

type summariesResponse struct {
	Milestones []summaryResponse `json:"milestones"`
}

type summaryResponse struct {
	ID             uint   `json:"id"`
	Name           string `json:"name"`
	OrganisationID uint   `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	Site           string `json:"site"`
	GoLiveOn       string `json:"go_live_on"`
	DaysToGo       int    `json:"days_to_go"`
	When           string `json:"when"`
	OnTrackGroups  int    `json:"on_track_groups"`
	Groups         int    `json:"groups"` // groups with a target
}

func toSummaries(in []readinessmodel.MilestoneSummary) summariesResponse {
	out := summariesResponse{Milestones: make([]summaryResponse, len(in))}
	for i, m := range in {
		out.Milestones[i] = summaryResponse{ID: m.Milestone.ID, Name: m.Milestone.Name, OrganisationID: m.Milestone.OrganisationID,
			Organisation: m.Organisation, Site: m.Milestone.Site, GoLiveOn: m.Milestone.GoLiveOn, DaysToGo: m.DaysToGo,
			When: readinessmodel.WhenWords(m.DaysToGo), OnTrackGroups: m.OnTrackGroups, Groups: m.Groups}
	}
	return out
}

type outreachResponse struct {
	CampaignID uint                  `json:"campaign_id"`
	URL        string                `json:"url"`
	Training   []trainingSlotReponse `json:"training"` // the times the draft lists
	Held       *heldResponse         `json:"held"`
}

type heldResponse struct {
	Sessions []uint    `json:"sessions"`
	Share    int       `json:"share"`
	Until    time.Time `json:"until"`
}

func toOutreach(o *readinessmodel.Outreach) outreachResponse {
	out := outreachResponse{CampaignID: o.CampaignID, URL: "/campaigns/" + strconv.FormatUint(uint64(o.CampaignID), 10),
		Training: toTraining(o.Slots)}
	if h := o.Held; h != nil {
		out.Held = &heldResponse{Sessions: h.Sessions, Share: h.Share, Until: h.Until.UTC()}
	}
	return out
}
