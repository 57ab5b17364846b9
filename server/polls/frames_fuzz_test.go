package polls

import (
	"testing"

	"github.com/confer-nhs/confer/models"

	pollmodel "github.com/confer-nhs/confer/models/polls"
)

// FuzzParseFrame: no participant frame crashes the parser, and whatever it accepts is a
// known type whose ballot check (for each poll kind) either refuses it with a field or
// yields a ballot within the poll's bounds.
func FuzzParseFrame(f *testing.F) {
	for _, s := range []string{`{"type":"vote","poll_id":1,"choices":[0]}`, `{"type":"vote","poll_id":1,"value":3}`,
		`{"type":"vote","poll_id":1,"text":" Team  Work "}`, `{"type":"ask","text":"why?","anonymous":true}`,
		`{"type":"upvote","question_id":2}`, `{"type":"profile","display_name":"A","organisation_id":1}`,
		`{"type":"vote","poll_id":1,"choices":[-1,99999999999]}`, `{}`, `[]`, `null`, `"x"`, `{"type":"vote"`} {
		f.Add([]byte(s))
	}
	polls := []*pollmodel.Poll{
		{Kind: pollmodel.PollSingle, Options: `["a","b","c"]`}, {Kind: pollmodel.PollMultiple, Options: `["a","b","c"]`},
		{Kind: pollmodel.PollRanking, Options: `["a","b","c"]`}, {Kind: pollmodel.PollScale, Options: `[]`, Min: 1, Max: 5},
		{Kind: pollmodel.PollWordcloud, Options: `[]`}, {Kind: pollmodel.PollOpen, Options: `[]`},
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		fr, err := parseFrame(msg)
		if err != nil {
			if models.ErrorMessage(err) == "internal error" {
				t.Fatalf("parse error without a message: %v", err)
			}
			return
		}
		if !frameTypes[fr.Type] {
			t.Fatalf("accepted unknown type %q", fr.Type)
		}
		for _, p := range polls {
			b, err := pollmodel.ParseBallot(p, fr.Choices, fr.Value, fr.Text)
			if err != nil {
				if models.ErrorField(err) == "" {
					t.Fatalf("ballot error names no field: %v", err)
				}
				continue
			}
			for _, c := range b.Choices {
				if c < 0 || c >= 3 {
					t.Fatalf("choice %d out of range accepted for %s", c, p.Kind)
				}
			}
			if b.Value != nil && (*b.Value < p.Min || *b.Value > p.Max) {
				t.Fatalf("value %d accepted outside %d..%d", *b.Value, p.Min, p.Max)
			}
			if p.Kind == pollmodel.PollWordcloud && b.Text != pollmodel.NormaliseWord(b.Text) {
				t.Fatalf("word %q not normalised", b.Text)
			}
		}
	})
}
