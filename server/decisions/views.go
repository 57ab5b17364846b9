package decisions

import (
	"net/url"
	"strconv"
	"time"

	"github.com/confer-nhs/confer/models"
	decisionmodel "github.com/confer-nhs/confer/models/decisions"
)

// The register has two views of a decision, each its own struct so that adding a column
// can never leak it: the team's (everything, exact counts) and the public's (published
// decisions only, public posts only, small counts suppressed).

// linkResponse is one thing that informed a decision. target_id is a number, or the
// tag for a theme; url is a page of the SPA (null when the public has none).
type linkResponse struct {
	ID       uint    `json:"id"`
	Kind     string  `json:"kind"`
	TargetID any     `json:"target_id"`
	Label    string  `json:"label"`
	URL      *string `json:"url"`
}

// decisionResponse is a decision as the programme team sees it.
type decisionResponse struct {
	ID              uint                  `json:"id"`
	Title           string                `json:"title"`
	Question        string                `json:"question"`
	Options         []string              `json:"options"`
	Decided         string                `json:"decided"`
	Rationale       string                `json:"rationale"`
	DecidedBy       string                `json:"decided_by"`
	DecidedOn       string                `json:"decided_on"`
	Status          string                `json:"status"`
	SupersededBy    *uint                 `json:"superseded_by"`
	EPRRef          string                `json:"epr_ref"`
	OrganisationIDs []uint                `json:"organisation_ids"`
	Themes          []string              `json:"themes"`
	Quotes          []decisionmodel.Quote `json:"quotes"`
	Version         int                   `json:"version"`
	PublishedAt     *time.Time            `json:"published_at"`
	CreatedAt       time.Time             `json:"created_at"`
	UpdatedAt       time.Time             `json:"updated_at"`
	PublicURL       string                `json:"public_url"` // the public page, once published
	Links           []linkResponse        `json:"links"`
	Heard           *heardResponse        `json:"heard"` // null in listings
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func toDecision(d *decisionmodel.Decision, targets map[uint]*decisionmodel.Target) decisionResponse {
	out := decisionResponse{ID: d.ID, Title: d.Title, Question: d.Question, Options: orEmpty(d.Options),
		Decided: d.Decided, Rationale: d.Rationale, DecidedBy: d.DecidedBy, DecidedOn: d.DecidedOn, Status: d.Status,
		SupersededBy: d.SupersededByID, EPRRef: d.EPRRef, OrganisationIDs: orEmpty(d.OrganisationIDs),
		Themes: orEmpty(d.Themes), Quotes: orEmpty(d.Quotes), Version: d.Version, PublishedAt: d.PublishedAt,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Links: []linkResponse{}}
	if d.Published() {
		out.PublicURL = publicPath(d.ID)
	}
	for _, l := range d.Links {
		if t := targets[l.ID]; t != nil {
			out.Links = append(out.Links, linkResponse{ID: l.ID, Kind: l.Kind, TargetID: targetID(l), Label: t.Label,
				URL: teamURL(l, t)})
		}
	}
	return out
}

func targetID(l decisionmodel.DecisionLink) any {
	if l.Kind == decisionmodel.KindTheme {
		return l.Theme
	}
	return l.TargetID
}

func publicPath(id uint) string { return "/decisions/" + strconv.FormatUint(uint64(id), 10) }

func ptr(s string) *string { return &s }

func id(n uint) string { return strconv.FormatUint(uint64(n), 10) }

// teamURL is where the team finds a link's target in the SPA.
func teamURL(l decisionmodel.DecisionLink, t *decisionmodel.Target) *string {
	switch l.Kind {
	case decisionmodel.KindPost:
		return ptr("/feedback/triage/" + id(l.TargetID))
	case decisionmodel.KindTheme:
		return ptr("/feedback/triage?tag=" + url.QueryEscape(l.Theme))
	case decisionmodel.KindPoll, decisionmodel.KindQuestion:
		return ptr("/workshops/" + id(t.Workshop))
	case decisionmodel.KindSession:
		return ptr("/sessions/" + id(l.TargetID))
	}
	return nil
}

// publicURL is where anyone can see a link's target, if anywhere.
func publicURL(l decisionmodel.DecisionLink, t *decisionmodel.Target) *string {
	switch l.Kind {
	case decisionmodel.KindPost:
		return ptr("/feedback/channels/" + id(t.ChannelID))
	case decisionmodel.KindTheme:
		return ptr("/decisions?theme=" + url.QueryEscape(l.Theme))
	case decisionmodel.KindSession:
		return ptr("/book/session/" + id(l.TargetID))
	}
	return nil
}

// versionResponse is a version a published decision kept, for the team.
type versionResponse struct {
	Version   int                   `json:"version"`
	Snapshot  decisionmodel.Content `json:"snapshot"`
	ChangedBy string                `json:"changed_by"`
	ChangedAt time.Time             `json:"changed_at"`
	Note      string                `json:"note"`
}

func toVersion(v *decisionmodel.DecisionVersion) versionResponse {
	return versionResponse{Version: v.Version, Snapshot: v.Content(), ChangedBy: v.ChangedBy, ChangedAt: v.ChangedAt, Note: v.Note}
}

// pageOf is a page of a listing with the total matching.
type pageOf[T any] struct {
	Items   []T   `json:"items"`
	Page    int   `json:"page"`
	PerPage int   `json:"per_page"`
	Total   int64 `json:"total"`
	HasMore bool  `json:"has_more"`
}

func pageOne(n int) models.Page { return models.Page{Page: 1, PerPage: n} }
