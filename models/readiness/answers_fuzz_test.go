package readiness

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

// FuzzPulseAnswers feeds arbitrary answer lists to the check a pulse's answers go
// through: it never panics, every refusal is a 422 on answers or one answer's field, and
// what it takes is only rows for the pulse's own questions with values they accept (one
// per option chosen), and texts within the limit.
func FuzzPulseAnswers(f *testing.F) {
	for _, s := range []string{`[{"question_id":1,"value":4}]`, `[{"question_id":2,"values":[0,2]}]`, `[{"question_id":3,"text":"More time"}]`,
		`[{"question_id":1,"value":9}]`, `[{"question_id":2,"values":[1,1]}]`, `[{"question_id":4,"value":0}]`, `[]`,
		`[{"question_id":1,"value":4},{"question_id":1,"value":5}]`, `[{"question_id":3,"text":"   "}]`, `[{"question_id":2,"values":[-1]}]`} {
		f.Add([]byte(s))
	}
	p := &Pulse{ID: 7, Questions: []PulseQuestion{
		{ID: 1, PulseID: 7, Position: 1, Kind: KindScale, Min: 1, Max: 5, Options: "[]", ReadyValues: "[4,5]"},
		{ID: 2, PulseID: 7, Position: 2, Kind: KindMultiple, Options: `["More training","Floorwalkers","Time to practise"]`, ReadyValues: "[]"},
		{ID: 3, PulseID: 7, Position: 3, Kind: KindOpen, Options: "[]", ReadyValues: "[]"},
	}}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in []AnswerInput
		if json.Unmarshal(body, &in) != nil {
			return
		}
		rows, err := checkAnswers(p, in)
		if err != nil {
			if models.ErrorCode(err) != models.EINVALID || !strings.HasPrefix(models.ErrorField(err), "answers") {
				t.Fatalf("%s: %v", body, err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatalf("%s: taken with nothing to store", body)
		}
		for _, r := range rows {
			switch {
			case r.PulseID != p.ID || r.QuestionID < 1 || r.QuestionID > 3:
				t.Fatalf("%s: row %+v", body, r)
			case r.QuestionID == 3 && (r.Value != nil || strings.TrimSpace(r.Text) == "" || utf8.RuneCountInString(r.Text) > MaxAnswerText):
				t.Fatalf("%s: text row %+v", body, r)
			case r.QuestionID != 3 && (r.Value == nil || !p.Questions[r.QuestionID-1].accepts(*r.Value)):
				t.Fatalf("%s: value row %+v", body, r)
			}
		}
	})
}
