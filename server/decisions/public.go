package decisions

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	decisionmodel "github.com/confer-nhs/confer/models/decisions"
	feedbackmodel "github.com/confer-nhs/confer/models/feedback"
	"github.com/confer-nhs/confer/server/web"
)

// registerPublicRoutes: the public register, its feeds, and the decisions a follow-up
// link's post informed. Unpublished decisions are not found here.
func (s *Area) registerPublicRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/public/decisions", web.Public, s.listPublic)
	s.Route(r, fiber.MethodGet, "/public/decisions.rss", web.Public, s.rssFeed)
	s.Route(r, fiber.MethodGet, "/public/decisions.atom", web.Public, s.atomFeed)
	s.Route(r, fiber.MethodGet, "/public/decisions/:id", web.Public, s.getPublic)
	s.Route(r, fiber.MethodGet, "/follow/:token/decisions", web.Public, s.followDecisions)
	s.Route(r, fiber.MethodGet, "/public/decisions-for-posts", web.Public, s.decisionsForPosts)
}

// maxPostIDs bounds one decisions-for-posts question: a page of "you said, we did".
const maxPostIDs = 100

// decisionsForPosts answers ?post_ids=1,2,3 with the published decisions each public post
// informed, directly or through its themes: {"1": [{id, title, url}]}. The public "you
// said, we did" page asks it for the posts it shows (the feedback area, which serves that
// page's posts, knows nothing of decisions).
func (s *Area) decisionsForPosts(c *fiber.Ctx) error {
	var ids []uint
	for _, f := range strings.Split(c.Query("post_ids"), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseUint(f, 10, 32)
		if err != nil || id == 0 {
			return models.Invalid("post_ids", "post_ids must be post numbers separated by commas")
		}
		ids = append(ids, uint(id))
	}
	if len(ids) > maxPostIDs {
		return models.Invalid("post_ids", "ask about at most %d posts at a time", maxPostIDs)
	}
	found, err := s.db.PublishedForPosts(c.UserContext(), ids)
	if err != nil {
		return err
	}
	out := make(map[string][]decisionRef, len(found))
	for postID, ds := range found {
		refs := make([]decisionRef, len(ds))
		for i, d := range ds {
			refs[i] = decisionRef{ID: d.ID, Title: d.Title, URL: publicPath(d.ID)}
		}
		out[strconv.FormatUint(uint64(postID), 10)] = refs
	}
	return c.JSON(out)
}

type decisionRef struct {
	ID    uint   `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// publicDecision is a published decision as anyone sees it. The detail adds its trail:
// links (public posts only), what was heard (small counts suppressed) and versions.
type publicDecision struct {
	ID              uint       `json:"id"`
	Title           string     `json:"title"`
	Question        string     `json:"question"`
	Options         []string   `json:"options"`
	Decided         string     `json:"decided"`
	Rationale       string     `json:"rationale"`
	DecidedBy       string     `json:"decided_by"`
	DecidedOn       string     `json:"decided_on"`
	Status          string     `json:"status"`
	SupersededBy    *uint      `json:"superseded_by"`
	EPRRef          string     `json:"epr_ref"`
	OrganisationIDs []uint     `json:"organisation_ids"`
	Themes          []string   `json:"themes"`
	Version         int        `json:"version"`
	PublishedAt     *time.Time `json:"published_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	URL             string     `json:"url"`
}

// publicDetail is one published decision with its trail: what the team quoted, what
// informed it (public posts only), what was heard (small counts suppressed), and when
// each earlier version was replaced.
type publicDetail struct {
	publicDecision
	Quotes   []decisionmodel.Quote `json:"quotes"`
	Links    []publicLink          `json:"links"`
	Heard    *heardResponse        `json:"heard"`
	Versions []publicVersion       `json:"versions"`
}

type publicLink struct {
	Kind     string  `json:"kind"`
	TargetID any     `json:"target_id"`
	Label    string  `json:"label"`
	URL      *string `json:"url"`
}

// publicVersion is when a version was replaced; what it said stays with the team.
type publicVersion struct {
	Version   int       `json:"version"`
	ChangedAt time.Time `json:"changed_at"`
}

func toPublic(d *decisionmodel.Decision) publicDecision {
	return publicDecision{ID: d.ID, Title: d.Title, Question: d.Question, Options: orEmpty(d.Options), Decided: d.Decided,
		Rationale: d.Rationale, DecidedBy: d.DecidedBy, DecidedOn: d.DecidedOn, Status: d.Status,
		SupersededBy: d.SupersededByID, EPRRef: d.EPRRef, OrganisationIDs: orEmpty(d.OrganisationIDs),
		Themes: orEmpty(d.Themes), Version: d.Version, PublishedAt: d.PublishedAt, UpdatedAt: d.UpdatedAt,
		URL: publicPath(d.ID)}
}

func (s *Area) listPublic(c *fiber.Ctx) error {
	f, err := filterQuery(c)
	if err != nil {
		return err
	}
	f.PublishedOnly = true
	list, total, err := s.db.ListDecisions(c.UserContext(), f)
	if err != nil {
		return err
	}
	p := f.Page.Normalise()
	out := pageOf[publicDecision]{Items: []publicDecision{}, Page: p.Page, PerPage: p.PerPage, Total: total,
		HasMore: int64(p.Offset()+len(list)) < total}
	for i := range list {
		out.Items = append(out.Items, toPublic(&list[i]))
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(out)
}

// publishedDecision loads a decision the public may see: an unpublished one is not found.
func (s *Area) publishedDecision(c *fiber.Ctx) (*decisionmodel.Decision, error) {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return nil, err
	}
	d, err := s.db.GetDecision(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if !d.Published() {
		return nil, models.NotFound("decision")
	}
	return d, nil
}

func (s *Area) getPublic(c *fiber.Ctx) error {
	d, err := s.publishedDecision(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	out := publicDetail{publicDecision: toPublic(d)}
	if out.Links, err = s.publicLinks(c, d); err != nil {
		return err
	}
	if out.Quotes, err = s.db.PublicQuotes(ctx, d.Quotes); err != nil {
		return err
	}
	h, err := s.db.Heard(ctx, d)
	if err != nil {
		return err
	}
	out.Heard = toHeard(h, out.Quotes, true)
	vs, err := s.db.ListVersions(ctx, d.ID)
	if err != nil {
		return err
	}
	out.Versions = []publicVersion{}
	for _, v := range vs {
		out.Versions = append(out.Versions, publicVersion{Version: v.Version, ChangedAt: v.ChangedAt})
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(out)
}

// publicLinks lists what informed the decision that the public may see: never a post that
// is not public (hidden, or awaiting approval), nor a question not approved.
func (s *Area) publicLinks(c *fiber.Ctx, d *decisionmodel.Decision) ([]publicLink, error) {
	targets, err := s.db.LinkTargets(c.UserContext(), d.Links)
	if err != nil {
		return nil, err
	}
	out := []publicLink{}
	for _, l := range d.Links {
		if t := targets[l.ID]; t != nil && t.Public {
			out = append(out, publicLink{Kind: l.Kind, TargetID: targetID(l), Label: t.Label, URL: publicURL(l, t)})
		}
	}
	return out, nil
}

// followDecision is a published decision on the follow-up page of a post it links.
type followDecision struct {
	ID          uint       `json:"id"`
	Title       string     `json:"title"`
	Decided     string     `json:"decided"`
	PublishedAt *time.Time `json:"published_at"`
	URL         string     `json:"url"`
}

// followDecisions tells the holder of a follow-up link (an anonymous poster above all)
// which published decisions their post informed, directly or through one of its themes.
// The token is the only key, as for the follow-up page itself.
func (s *Area) followDecisions(c *fiber.Ctx) error {
	post, err := feedbackmodel.Of(s.Store).PostForFollowToken(c.UserContext(), strings.Clone(c.Params("token")))
	if err != nil {
		return err
	}
	list, err := s.db.PublishedForPost(c.UserContext(), post.ID, post.TagList())
	if err != nil {
		return err
	}
	out := make([]followDecision, len(list))
	for i, d := range list {
		out[i] = followDecision{ID: d.ID, Title: d.Title, Decided: d.Decided, PublishedAt: d.PublishedAt, URL: publicPath(d.ID)}
	}
	return c.JSON(out)
}
