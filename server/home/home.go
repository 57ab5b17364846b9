package home

import (
	"context"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"
)

// The signed-in home page: what needs the caller's attention, as counts the page turns
// into words and links. Each part is there only for the roles that may act on it, and a
// facilitator's sessions and workshops are their own (creator or co-facilitator, as
// owners.go decides who may change them).

func (s *Area) registerHomeRoutes(r fiber.Router) {
	s.Route(r, fiber.MethodGet, "/home", web.Team, s.home)
}

// homeCount is a count and, when it is about one object, that object's id (the page links
// straight to it).
type HomeCount struct {
	Count  int   `json:"count"`
	OnlyID *uint `json:"only_id"`
}

// homeTimes counts what falls later today and in the seven days from the start of today.
type HomeTimes struct {
	Today int `json:"today"`
	Week  int `json:"week"`
}

type HomeWorkshops struct {
	Live int `json:"live"`
	HomeTimes
}

// homeGaps compares coverage gaps now with a week ago.
type HomeGaps struct {
	Count       int `json:"count"`
	LastWeek    int `json:"last_week"`
	NewThisWeek int `json:"new_this_week"`
}

// homeResponse leaves out (rather than zeroes) what the caller's role may not see.
type homeResponse struct {
	Approvals   *HomeCount     `json:"approvals,omitempty"`         // admin, comms
	NewFeedback *HomeCount     `json:"new_feedback,omitempty"`      // everyone
	Sessions    *HomeTimes     `json:"sessions,omitempty"`          // admin, facilitator: their own
	Workshops   *HomeWorkshops `json:"workshops,omitempty"`         // admin, facilitator: their own
	Unsettled   *HomeCount     `json:"unsettled_batches,omitempty"` // admin, comms
	Gaps        *HomeGaps      `json:"gaps,omitempty"`              // everyone
}

func (s *Area) home(c *fiber.Ctx) error {
	u := web.CurrentUser(c)
	ctx, now := c.UserContext(), time.Now().UTC()
	var out homeResponse
	var err error
	if web.CommsTeam.Allows(u.Role) {
		if out.Approvals, err = s.homeApprovals(ctx, u); err != nil {
			return err
		}
		if out.Unsettled, err = s.homeUnsettled(ctx); err != nil {
			return err
		}
	}
	if web.Facilitator.Allows(u.Role) {
		if out.Sessions, out.Workshops, err = s.homeOwn(ctx, u.ID, now); err != nil {
			return err
		}
	}
	n, err := s.db.NewFeedbackCount(ctx)
	if err != nil {
		return err
	}
	out.NewFeedback = &HomeCount{Count: int(n)}
	gaps, err := s.db.GapsSince(ctx, now.AddDate(0, 0, -7))
	if err != nil {
		return err
	}
	out.Gaps = &HomeGaps{Count: gaps.Now, LastWeek: gaps.Then, NewThisWeek: gaps.Fresh}
	return c.JSON(out)
}

func (s *Area) homeApprovals(ctx context.Context, u *models.Person) (*HomeCount, error) {
	cs, err := s.db.CampaignsAwaiting(ctx, u)
	if err != nil {
		return nil, err
	}
	ids := make([]uint, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return countOf(ids, len(ids)), nil
}

func (s *Area) homeUnsettled(ctx context.Context) (*HomeCount, error) {
	byCampaign, err := s.db.UnsettledBatches(ctx)
	if err != nil {
		return nil, err
	}
	ids, n := []uint{}, 0
	for id, batches := range byCampaign {
		ids = append(ids, id)
		n += batches
	}
	return countOf(ids, n), nil
}

// countOf is n things; when they all belong to one object, the link goes to it.
func countOf(ids []uint, n int) *HomeCount {
	out := &HomeCount{Count: n}
	if len(slices.Compact(slices.Sorted(slices.Values(ids)))) == 1 {
		id := ids[0]
		out.OnlyID = &id
	}
	return out
}

func (s *Area) homeOwn(ctx context.Context, userID uint, now time.Time) (*HomeTimes, *HomeWorkshops, error) {
	times, err := s.db.MySessionTimes(ctx, userID, now)
	if err != nil {
		return nil, nil, err
	}
	ws, err := s.db.MyWorkshops(ctx, userID, now)
	if err != nil {
		return nil, nil, err
	}
	return &HomeTimes{Today: times.Today, Week: times.Week},
		&HomeWorkshops{Live: ws.Live, HomeTimes: HomeTimes{Today: ws.Today, Week: ws.Week}}, nil
}
