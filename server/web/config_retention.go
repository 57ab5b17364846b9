package web

import (
	"fmt"

	"github.com/confer-nhs/confer/models"
)

// RetentionSetting is one kind of personal data's setting: the variable that changes how
// long it is kept, and the default the README explains. The privacy area
// (models/privacy) says what each kind is, why it is kept and what happens at its date.
type RetentionSetting struct {
	Kind, Var, Default string
}

// RetentionSettings are CONFER_RETAIN_*, one per kind of personal data Confer keeps.
var RetentionSettings = []RetentionSetting{
	{"bookings", "CONFER_RETAIN_BOOKINGS", "12mo"},
	{"workshop_participants", "CONFER_RETAIN_WORKSHOP_PARTICIPANTS", "6mo"},
	{"campaign_recipients", "CONFER_RETAIN_CAMPAIGN_RECIPIENTS", "24mo"},
	{"outbox", "CONFER_RETAIN_OUTBOX", "30d"},
	{"follow_links", "CONFER_RETAIN_FOLLOW_LINKS", "12mo"},
	{"pulse_answers", "CONFER_RETAIN_PULSE_ANSWERS", "12mo"},
	{"leavers", "CONFER_RETAIN_LEAVERS", "6mo"},
	{"audit", "CONFER_RETAIN_AUDIT", "6y"},
	{"sign_in", "CONFER_RETAIN_SIGN_IN", "1d"},
}

// loadRetention reads how long each kind is kept; a bad value names its variable.
func loadRetention(get func(k, def string) string) (map[string]models.Span, error) {
	out := map[string]models.Span{}
	for _, r := range RetentionSettings {
		sp, err := models.ParseSpan(get(r.Var, r.Default))
		if err != nil {
			return nil, fmt.Errorf("%s: %v (for example 30d, 12mo or 6y)", r.Var, err)
		}
		out[r.Kind] = sp
	}
	return out, nil
}
