package coverage

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
)

type programmeResponse struct {
	Sessions []ProgrammeSlotResponse    `json:"sessions"`
	Channels []programmeChannelResponse `json:"channels"`
	YouSaid  []youSaidResponse          `json:"you_said_we_did"`
	// GoLives are the upcoming go-live dates with each organisation's share trained.
	GoLives []programmeGoLive `json:"go_lives"`
}

type ProgrammeSlotResponse struct {
	SessionID   uint      `json:"session_id"`
	SlotID      uint      `json:"slot_id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Category    string    `json:"category"`
	Format      string    `json:"format"`
	Location    string    `json:"location"`
	StartsAt    time.Time `json:"starts_at"`
	EndsAt      time.Time `json:"ends_at"`
	SeatsLeft   int       `json:"seats_left"`
	// OpenSeatsLeft is the places anyone may book now; the rest of SeatsLeft are held
	// for named organisations or staff groups until HeldUntil.
	OpenSeatsLeft int        `json:"open_seats_left"`
	HeldUntil     *time.Time `json:"held_until"`
}

type programmeChannelResponse struct {
	ID          uint   `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Audience    string `json:"audience"`
}

type youSaidResponse struct {
	PostID     uint      `json:"post_id"`
	Channel    string    `json:"channel"`
	YouSaid    string    `json:"you_said"`
	WeDid      string    `json:"we_did"`
	ActionedAt time.Time `json:"actioned_at"`
	// Decisions are the published decisions the post informed, on the register at url.
	Decisions []decisionRefResponse `json:"decisions"`
}

type decisionRefResponse struct {
	ID    uint   `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

func toProgrammeSlots(in []coveragemodel.ProgrammeSlot) []ProgrammeSlotResponse {
	now := time.Now()
	out := make([]ProgrammeSlotResponse, len(in))
	for i, s := range in {
		out[i] = ProgrammeSlotResponse{SessionID: s.SessionID, SlotID: s.SlotID, Title: s.Title, Description: s.Description,
			Category: s.Category, Format: s.Format, Location: s.Location, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(),
			SeatsLeft: max(s.SeatsLeft, 0), OpenSeatsLeft: s.OpenSeatsLeft(now)}
		if out[i].OpenSeatsLeft < out[i].SeatsLeft {
			out[i].HeldUntil = s.ReservedUntil
		}
	}
	return out
}

func toYouSaid(in []coveragemodel.YouSaidWeDid) []youSaidResponse {
	out := make([]youSaidResponse, len(in))
	for i, y := range in {
		out[i] = youSaidResponse{PostID: y.PostID, Channel: y.Channel, YouSaid: y.YouSaid, WeDid: y.WeDid,
			ActionedAt: y.ActionedAt.UTC(), Decisions: []decisionRefResponse{}}
		for _, d := range y.Decisions {
			out[i].Decisions = append(out[i].Decisions, decisionRefResponse{ID: d.ID, Title: d.Title,
				URL: "/decisions/" + strconv.FormatUint(uint64(d.ID), 10)})
		}
	}
	return out
}

// getProgramme is the public programme page's data. It names no person: sessions,
// channels and the public posts the programme acted on.
func (s *Area) getProgramme(c *fiber.Ctx) error {
	p, err := s.db.Programme(c.UserContext(), time.Now().UTC())
	if err != nil {
		return err
	}
	out := programmeResponse{Sessions: toProgrammeSlots(p.Sessions), Channels: make([]programmeChannelResponse, len(p.Channels)),
		YouSaid: toYouSaid(p.YouSaid)}
	if out.GoLives, err = s.programmeGoLives(c.UserContext(), time.Now()); err != nil {
		return err
	}
	for i, ch := range p.Channels {
		out.Channels[i] = programmeChannelResponse{ID: ch.ID, Name: ch.Name, Description: ch.Description, Audience: ch.Audience}
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(out)
}
