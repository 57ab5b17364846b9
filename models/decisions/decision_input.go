package decisions

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Limits on what a decision holds: enough for a design authority's minute, small enough
// that the public register stays readable.
const (
	MaxTitle       = 200
	MaxLine        = 200   // decided_by, epr_ref
	MaxText        = 10000 // question, decided, rationale
	MaxOption      = 500
	MaxOptions     = 20
	MaxThemes      = 20
	MaxTheme       = 50
	MaxQuotes      = 20
	MaxQuote       = 1000
	MaxOrgs        = 100
	MaxNote        = 500
	dateLayout     = "2006-01-02"
	otherQuoteKind = "other"
)

// QuoteKinds are where a quote may come from.
var QuoteKinds = []string{KindPost, KindQuestion, KindPoll, KindSession, otherQuoteKind}

// Input is a decision as a request gives it: nil leaves a field as it is. ClearSupersededBy
// is set when the request sent superseded_by: null.
type Input struct {
	Title, Question, Decided, Rationale, DecidedBy, DecidedOn, Status, EPRRef *string
	Options, Themes                                                           *[]string
	OrganisationIDs                                                           *[]uint
	Quotes                                                                    *[]Quote
	SupersededBy                                                              *uint
	ClearSupersededBy                                                         bool
}

// apply checks the input against the current content and returns the new content.
// self is the decision's own id (0 when creating), which may not supersede itself.
func (in Input) apply(tx *gorm.DB, c Content, self uint, creating bool) (Content, error) {
	var err error
	if creating && (in.Title == nil || strings.TrimSpace(*in.Title) == "") {
		return c, models.Invalid("title", "enter a title (at most %d characters)", MaxTitle)
	}
	if c.Title, err = line("title", in.Title, c.Title, MaxTitle, true); err != nil {
		return c, err
	}
	for _, f := range []struct {
		name string
		in   *string
		to   *string
		max  int
	}{{"question", in.Question, &c.Question, MaxText}, {"decided", in.Decided, &c.Decided, MaxText},
		{"rationale", in.Rationale, &c.Rationale, MaxText}} {
		if *f.to, err = text(f.name, f.in, *f.to, f.max); err != nil {
			return c, err
		}
	}
	if c.DecidedBy, err = line("decided_by", in.DecidedBy, c.DecidedBy, MaxLine, false); err != nil {
		return c, err
	}
	if c.EPRRef, err = line("epr_ref", in.EPRRef, c.EPRRef, MaxLine, false); err != nil {
		return c, err
	}
	if in.DecidedOn != nil {
		if c.DecidedOn, err = parseDate(*in.DecidedOn); err != nil {
			return c, err
		}
	}
	if in.Options != nil {
		if c.Options, err = stringList("options", *in.Options, MaxOptions, MaxOption, false); err != nil {
			return c, err
		}
	}
	if in.Themes != nil {
		if c.Themes, err = stringList("themes", *in.Themes, MaxThemes, MaxTheme, true); err != nil {
			return c, err
		}
	}
	if in.OrganisationIDs != nil {
		if c.OrganisationIDs, err = organisations(tx, *in.OrganisationIDs); err != nil {
			return c, err
		}
	}
	if in.Quotes != nil {
		if c.Quotes, err = quotes(tx, *in.Quotes); err != nil {
			return c, err
		}
	}
	if err := in.applyStatus(tx, &c, self); err != nil {
		return c, err
	}
	fillLists(&c)
	return c, nil
}

// applyStatus sets the status and what it needs: a decided decision says what was decided
// and when; a superseded one names the decision that replaced it (another, existing one).
func (in Input) applyStatus(tx *gorm.DB, c *Content, self uint) error {
	if in.Status != nil {
		st := strings.ToLower(strings.TrimSpace(*in.Status))
		if !slices.Contains(Statuses, st) {
			return models.Invalid("status", "status must be one of: %s", strings.Join(Statuses, ", "))
		}
		c.Status = st
	}
	switch {
	case in.SupersededBy != nil:
		if *in.SupersededBy == 0 || *in.SupersededBy == self {
			return models.Invalid("superseded_by", "superseded_by must be another decision")
		}
		if _, err := getDecision(tx, *in.SupersededBy); err != nil {
			return models.Invalid("superseded_by", "decision %d does not exist", *in.SupersededBy)
		}
		id := *in.SupersededBy
		c.SupersededBy = &id
	case in.ClearSupersededBy:
		c.SupersededBy = nil
	}
	if c.Status != StatusSuperseded {
		if in.SupersededBy != nil {
			return models.Invalid("superseded_by", "only a superseded decision names the decision that replaced it: set status to superseded")
		}
		c.SupersededBy = nil
	} else if c.SupersededBy == nil {
		return models.Invalid("superseded_by", "a superseded decision needs superseded_by: the decision that replaced it")
	}
	return checkDecided(*c)
}

// checkDecided refuses a decided decision that does not say what was decided, or when.
func checkDecided(c Content) error {
	if c.Status != StatusDecided {
		return nil
	}
	if c.Decided == "" {
		return models.Invalid("decided", "enter what was decided")
	}
	if c.DecidedOn == "" {
		return models.Invalid("decided_on", "enter the date it was decided, for example 2026-12-07")
	}
	return nil
}

func fillLists(c *Content) {
	if c.Options == nil {
		c.Options = []string{}
	}
	if c.Themes == nil {
		c.Themes = []string{}
	}
	if c.OrganisationIDs == nil {
		c.OrganisationIDs = []uint{}
	}
	if c.Quotes == nil {
		c.Quotes = []Quote{}
	}
}

func line(field string, in *string, old string, max int, required bool) (string, error) {
	if in == nil {
		return old, nil
	}
	v := strings.Join(strings.Fields(*in), " ")
	if (required && v == "") || utf8.RuneCountInString(v) > max {
		if required {
			return "", models.Invalid(field, "enter a %s (at most %d characters)", strings.ReplaceAll(field, "_", " "), max)
		}
		return "", models.Invalid(field, "%s must be at most %d characters", field, max)
	}
	return v, nil
}

func text(field string, in *string, old string, max int) (string, error) {
	if in == nil {
		return old, nil
	}
	v := strings.TrimSpace(strings.ReplaceAll(*in, "\r\n", "\n"))
	if utf8.RuneCountInString(v) > max || !utf8.ValidString(v) {
		return "", models.Invalid(field, "%s must be at most %d characters", field, max)
	}
	return v, nil
}

// parseDate takes a date as YYYY-MM-DD ("" clears it).
func parseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if _, err := time.ParseInLocation(dateLayout, s, models.London()); err != nil {
		return "", models.Invalid("decided_on", "decided_on must be a date such as 2026-12-07")
	}
	return s, nil
}

// stringList trims each item, refuses empty and long ones, and drops repeats; lower
// lower-cases (themes are feedback tags, which are stored lower-case).
func stringList(field string, in []string, maxItems, maxLen int, lower bool) ([]string, error) {
	if len(in) > maxItems {
		return nil, models.Invalid(field, "at most %d %s", maxItems, field)
	}
	out := make([]string, 0, len(in))
	for i, s := range in {
		s = strings.Join(strings.Fields(s), " ")
		if lower {
			s = strings.ToLower(s)
		}
		if s == "" || utf8.RuneCountInString(s) > maxLen {
			return nil, models.Invalid(fmt.Sprintf("%s.%d", field, i), "each of %s must be 1 to %d characters", field, maxLen)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func organisations(tx *gorm.DB, ids []uint) ([]uint, error) {
	if len(ids) > MaxOrgs {
		return nil, models.Invalid("organisation_ids", "at most %d organisations", MaxOrgs)
	}
	out := []uint{}
	for _, id := range ids {
		if slices.Contains(out, id) {
			continue
		}
		var n int64
		if err := tx.Model(&models.Organisation{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, models.Invalid("organisation_ids", "organisation %d does not exist", id)
		}
		out = append(out, id)
	}
	return out, nil
}

func quotes(tx *gorm.DB, in []Quote) ([]Quote, error) {
	if len(in) > MaxQuotes {
		return nil, models.Invalid("quotes", "at most %d quotes", MaxQuotes)
	}
	out := make([]Quote, 0, len(in))
	for i, q := range in {
		field := fmt.Sprintf("quotes.%d", i)
		q.Text = strings.TrimSpace(q.Text)
		if q.Text == "" || utf8.RuneCountInString(q.Text) > MaxQuote {
			return nil, models.Invalid(field+".text", "each quote must be 1 to %d characters", MaxQuote)
		}
		q.SourceKind = strings.ToLower(strings.TrimSpace(q.SourceKind))
		if !slices.Contains(QuoteKinds, q.SourceKind) {
			return nil, models.Invalid(field+".source_kind", "source_kind must be one of: %s", strings.Join(QuoteKinds, ", "))
		}
		if q.SourceKind == otherQuoteKind {
			q.SourceID = nil
		} else if q.SourceID == nil {
			return nil, models.Invalid(field+".source_id", "source_id is required for a quote from a %s", q.SourceKind)
		} else if _, err := target(tx, q.SourceKind, *q.SourceID); err != nil {
			return nil, models.Invalid(field+".source_id", "%s %d does not exist", q.SourceKind, *q.SourceID)
		}
		out = append(out, q)
	}
	return out, nil
}
