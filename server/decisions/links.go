package decisions

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	decisionmodel "github.com/confer-nhs/confer/models/decisions"
	"github.com/confer-nhs/confer/server/web"
)

// linkRequest is {kind, id}: id is a number, or the tag for a theme.
type linkRequest struct {
	Kind string          `json:"kind"`
	ID   json.RawMessage `json:"id"`
}

// parseLinkRequest decodes and checks a link's shape (fuzzed by FuzzLinkRequest); whether
// the target exists is the store's to check.
func parseLinkRequest(body []byte) (decisionmodel.LinkInput, error) {
	var req linkRequest
	if err := web.DecodeJSONBytes(body, &req); err != nil {
		return decisionmodel.LinkInput{}, err
	}
	in := decisionmodel.LinkInput{Kind: req.Kind}
	raw := bytes.TrimSpace(req.ID)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return in, models.Invalid("id", "id is required: a number, or a theme's name")
	case raw[0] == '"':
		if err := json.Unmarshal(raw, &in.Theme); err != nil {
			return in, models.Invalid("id", "id must be a number, or a theme's name")
		}
		if in.Theme == "" {
			return in, models.Invalid("id", "id is required: a number, or a theme's name")
		}
	default:
		n, err := strconv.ParseUint(string(raw), 10, 32)
		if err != nil || n == 0 {
			return in, models.Invalid("id", "id must be a positive whole number, or a theme's name")
		}
		in.ID = uint(n)
	}
	return in, nil
}

func (s *Area) addLink(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	if len(c.Body()) > web.MaxJSONBody {
		return &fiber.Error{Code: fiber.StatusRequestEntityTooLarge, Message: "request body too large"}
	}
	in, err := parseLinkRequest(c.Body())
	if err != nil {
		return err
	}
	web.AuditObject(c, "decision", id)
	l, err := s.db.AddLink(c.UserContext(), id, in)
	if err != nil {
		return err
	}
	web.AuditSummary(c, "linked %s", l.Kind)
	targets, err := s.db.LinkTargets(c.UserContext(), []decisionmodel.DecisionLink{*l})
	if err != nil {
		return err
	}
	t := targets[l.ID]
	if t == nil {
		return errors.New("a link's target vanished as it was made")
	}
	return c.Status(fiber.StatusCreated).JSON(linkResponse{ID: l.ID, Kind: l.Kind, TargetID: targetID(*l),
		Label: t.Label, URL: teamURL(*l, t)})
}

func (s *Area) deleteLink(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	linkID, err := web.IDParam(c, "link_id")
	if err != nil {
		return err
	}
	web.AuditObject(c, "decision", id)
	if err := s.db.DeleteLink(c.UserContext(), id, linkID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
