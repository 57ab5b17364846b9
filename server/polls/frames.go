package polls

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/confer-nhs/confer/models"

	"github.com/confer-nhs/confer/server/web"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// inFrame is any frame a participant sends: vote, ask, upvote or profile. Unknown fields
// are ignored, so newer clients keep working with this server.
type inFrame struct {
	Type           string  `json:"type"`
	PollID         uint    `json:"poll_id"`
	Choices        []int   `json:"choices"`
	Value          *int    `json:"value"`
	Text           *string `json:"text"`
	ClientVoteID   string  `json:"client_vote_id"`
	QuestionID     uint    `json:"question_id"`
	Anonymous      bool    `json:"anonymous"`
	Name           string  `json:"name"`
	DisplayName    string  `json:"display_name"`
	OrganisationID *uint   `json:"organisation_id"`
	StaffGroup     string  `json:"staff_group"`
	NotifyEmail    *string `json:"notify_email"`   // profile: where to hear of decisions ("" removes it)
	NotifyConsent  bool    `json:"notify_consent"` // profile: must be true with an address
}

var frameTypes = map[string]bool{"vote": true, "ask": true, "upvote": true, "profile": true}

// parseFrame decodes and checks the shape of a participant's frame; the handler checks
// the content against the poll. Errors are domain errors naming the field to fix.
func parseFrame(msg []byte) (inFrame, error) {
	var f inFrame
	if len(bytes.TrimSpace(msg)) == 0 {
		return f, &models.Error{Code: models.EBADREQUEST, Message: "a frame must be a JSON object"}
	}
	if err := json.Unmarshal(msg, &f); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) && typ.Field != "" {
			return f, &models.Error{Code: models.EBADREQUEST, Field: typ.Field,
				Message: fmt.Sprintf("%s must be %s", typ.Field, web.JSONKind(typ.Type.String()))}
		}
		return f, &models.Error{Code: models.EBADREQUEST, Message: "a frame must be one JSON object such as {\"type\":\"vote\",...}"}
	}
	if !frameTypes[f.Type] {
		return f, &models.Error{Code: models.EBADREQUEST, Field: "type", Message: "type must be vote, ask, upvote or profile"}
	}
	switch {
	case f.Type == "vote" && f.PollID == 0:
		return f, &models.Error{Code: models.EBADREQUEST, Field: "poll_id", Message: "poll_id is required"}
	case f.Type == "upvote" && f.QuestionID == 0:
		return f, &models.Error{Code: models.EBADREQUEST, Field: "question_id", Message: "question_id is required"}
	case f.Type == "ask" && f.Text == nil:
		return f, &models.Error{Code: models.EBADREQUEST, Field: "text", Message: "text is required"}
	case len(f.ClientVoteID) > pollmodel.MaxClientVoteID:
		return f, &models.Error{Code: models.EBADREQUEST, Field: "client_vote_id", Message: "client_vote_id must be at most 64 characters"}
	case len(f.Choices) > 64:
		return f, &models.Error{Code: models.EBADREQUEST, Field: "choices", Message: "too many choices"}
	}
	return f, nil
}
