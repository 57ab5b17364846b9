package polls

import (
	"encoding/json"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// participantHelloState is the state in a participant's hello: the room's state and what
// is theirs. Every key is always there, null or [] when there is nothing, as
// docs/realtime.md promises, so a client never has to tell "missing" from "none".
type participantHelloState struct {
	Workshop  workshopRef        `json:"workshop"`
	Poll      *PollView          `json:"poll"`
	Results   *pollmodel.Results `json:"results"`
	Questions json.RawMessage    `json:"questions"`
	MyVote    *myVote            `json:"my_vote"`
	Upvoted   []uint             `json:"upvoted"`
	Profile   participantState   `json:"profile"`
}

func newParticipantHello(st roomState, p *pollmodel.PollParticipant) participantHelloState {
	return participantHelloState{Workshop: st.Workshop, Poll: st.Poll, Results: st.Results,
		Questions: json.RawMessage("[]"), Upvoted: []uint{},
		Profile: participantState{DisplayName: p.DisplayName, OrganisationID: p.OrganisationID, StaffGroup: p.StaffGroup}}
}
