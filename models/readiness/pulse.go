package readiness

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Pulse states, from its times: answers are taken only while it is open.
const (
	PulseScheduled = "scheduled"
	PulseOpen      = "open"
	PulseClosed    = "closed"
)

// Question kinds: the poll kinds that make sense without a room (no word cloud or ranking).
const (
	KindScale    = "scale"
	KindSingle   = "single"
	KindMultiple = "multiple"
	KindOpen     = "open"
)

// Sources of a response: a recipient's personal link or the pulse's open link.
const (
	SourcePersonal = "personal"
	SourceOpen     = "open"
)

// Pulse is a short survey open for a period (migration 0029). OpenTokenHash is the hash of
// its open link's token, "" when it has none; the raw token is shown once.
type Pulse struct {
	ID            uint `gorm:"primaryKey"`
	Title         string
	Intro         string
	MilestoneID   *uint
	OpensAt       time.Time
	ClosesAt      time.Time
	OpenTokenHash string
	CreatedByID   *uint
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Questions     []PulseQuestion `gorm:"foreignKey:PulseID"`
}

// State is scheduled before OpensAt, closed from ClosesAt, open between.
func (p *Pulse) State(now time.Time) string {
	switch {
	case now.Before(p.OpensAt):
		return PulseScheduled
	case !now.Before(p.ClosesAt):
		return PulseClosed
	}
	return PulseOpen
}

// Headline is the question whose ready_values say who feels ready, or nil.
func (p *Pulse) Headline() *PulseQuestion {
	for i := range p.Questions {
		if len(p.Questions[i].Ready()) > 0 {
			return &p.Questions[i]
		}
	}
	return nil
}

// PulseQuestion is one question; Options and ReadyValues are JSON lists.
type PulseQuestion struct {
	ID          uint `gorm:"primaryKey"`
	PulseID     uint
	Position    int
	Kind        string
	Prompt      string
	Options     string
	Min, Max    int
	ReadyValues string
}

// OptionList decodes Options.
func (q *PulseQuestion) OptionList() []string {
	out := []string{}
	_ = json.Unmarshal([]byte(q.Options), &out)
	return out
}

// Ready decodes ReadyValues.
func (q *PulseQuestion) Ready() []int {
	out := []int{}
	_ = json.Unmarshal([]byte(q.ReadyValues), &out)
	return out
}

// PulseResponse is one person's answers: through a personal link (ContactID set, one per
// contact) or the open link (self-declared organisation and group).
type PulseResponse struct {
	ID                  uint `gorm:"primaryKey"`
	PulseID             uint
	Source              string
	ContactID           *uint
	CampaignRecipientID *uint
	OrganisationID      *uint
	StaffGroup          string
	JobRole             string
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// PulseAnswer is one answer: a scale value or option index (one row per option chosen), or text.
type PulseAnswer struct {
	ID         uint `gorm:"primaryKey"`
	PulseID    uint
	ResponseID uint
	QuestionID uint
	Value      *int
	Text       string
}

// QuestionInput is a question as the comms team writes it.
type QuestionInput struct {
	Kind        string   `json:"kind"`
	Prompt      string   `json:"prompt"`
	Options     []string `json:"options"`
	Min         *int     `json:"min"`
	Max         *int     `json:"max"`
	ReadyValues []int    `json:"ready_values"`
}

// PulseInput is a new pulse.
type PulseInput struct {
	Title       string
	Intro       string
	MilestoneID *uint
	OpensAt     time.Time
	ClosesAt    time.Time
	Questions   []QuestionInput
}

// Limits on what a pulse holds.
const (
	MaxQuestions  = 20
	MaxAnswerText = 2000
)

func (in PulseInput) validate() (*Pulse, error) {
	p := &Pulse{Title: strings.TrimSpace(in.Title), Intro: strings.TrimSpace(in.Intro), MilestoneID: in.MilestoneID,
		OpensAt: in.OpensAt.UTC(), ClosesAt: in.ClosesAt.UTC()}
	if p.Title == "" {
		return nil, models.Invalid("title", "Enter a title")
	}
	if utf8.RuneCountInString(p.Title) > 200 {
		return nil, models.Invalid("title", "The title must be 200 characters or fewer")
	}
	if utf8.RuneCountInString(p.Intro) > 5000 {
		return nil, models.Invalid("intro", "The introduction must be at most 5,000 characters")
	}
	if in.OpensAt.IsZero() {
		return nil, models.Invalid("opens_at", "Enter when the pulse opens")
	}
	if in.ClosesAt.IsZero() || !p.OpensAt.Before(p.ClosesAt) {
		return nil, models.Invalid("closes_at", "The closing time must be after the opening time")
	}
	if p.ClosesAt.Sub(p.OpensAt) > 366*24*time.Hour {
		return nil, models.Invalid("closes_at", "A pulse can be open for at most a year")
	}
	if len(in.Questions) == 0 || len(in.Questions) > MaxQuestions {
		return nil, models.Invalid("questions", "A pulse needs 1 to %d questions", MaxQuestions)
	}
	headlines := 0
	for i, qi := range in.Questions {
		q, err := qi.validate(i)
		if err != nil {
			return nil, err
		}
		if len(qi.ReadyValues) > 0 {
			if headlines++; headlines > 1 {
				return nil, models.Invalid(field(i, "ready_values"), "Only one question can say who feels ready")
			}
		}
		p.Questions = append(p.Questions, *q)
	}
	return p, nil
}

// field names a question's field as the request does: questions.0.prompt.
func field(i int, name string) string { return "questions." + strconv.Itoa(i) + "." + name }

// validate follows the poll rules: 2 to 20 options for a choice, a scale from 0 or 1 up to
// at most 10 (1 to 5 by default), and ready values that the question can be answered with.
func (in QuestionInput) validate(i int) (*PulseQuestion, error) {
	q := &PulseQuestion{Position: i + 1, Kind: in.Kind, Prompt: strings.TrimSpace(in.Prompt)}
	switch in.Kind {
	case KindScale, KindSingle, KindMultiple, KindOpen:
	default:
		return nil, models.Invalid(field(i, "kind"), "Question %d: choose scale, single, multiple or open", i+1)
	}
	if q.Prompt == "" || utf8.RuneCountInString(q.Prompt) > 500 {
		return nil, models.Invalid(field(i, "prompt"), "Question %d: enter the question, in 500 characters or fewer", i+1)
	}
	opts := []string{}
	if in.Kind == KindSingle || in.Kind == KindMultiple {
		if len(in.Options) < 2 || len(in.Options) > 20 {
			return nil, models.Invalid(field(i, "options"), "Question %d: give 2 to 20 options", i+1)
		}
		for j, o := range in.Options {
			o = strings.TrimSpace(o)
			if o == "" || utf8.RuneCountInString(o) > 200 {
				return nil, models.Invalid(field(i, "options"), "Question %d: option %d must be 1 to 200 characters", i+1, j+1)
			}
			opts = append(opts, o)
		}
	} else if len(in.Options) > 0 {
		return nil, models.Invalid(field(i, "options"), "Question %d: only single and multiple choice questions have options", i+1)
	}
	b, _ := json.Marshal(opts)
	q.Options = string(b)
	if in.Kind == KindScale {
		q.Min, q.Max = 1, 5
		if in.Min != nil {
			q.Min = *in.Min
		}
		if in.Max != nil {
			q.Max = *in.Max
		}
		if q.Min < 0 || q.Min > 1 {
			return nil, models.Invalid(field(i, "min"), "Question %d: the scale must start at 0 or 1", i+1)
		}
		if q.Max <= q.Min || q.Max > 10 {
			return nil, models.Invalid(field(i, "max"), "Question %d: the scale must end above its start and at most at 10", i+1)
		}
	} else if in.Min != nil || in.Max != nil {
		return nil, models.Invalid(field(i, "min"), "Question %d: only scale questions have a lowest and highest value", i+1)
	}
	ready := []int{}
	for _, v := range in.ReadyValues {
		if !q.accepts(v) {
			return nil, models.Invalid(field(i, "ready_values"), "Question %d: %d is not an answer to this question", i+1, v)
		}
		if !containsInt(ready, v) {
			ready = append(ready, v)
		}
	}
	if len(ready) > 0 && in.Kind == KindOpen {
		return nil, models.Invalid(field(i, "ready_values"), "Question %d: an open question cannot say who feels ready", i+1)
	}
	b, _ = json.Marshal(ready)
	q.ReadyValues = string(b)
	return q, nil
}

// accepts reports whether v is a value of the question: a point on the scale or an option index.
func (q *PulseQuestion) accepts(v int) bool {
	switch q.Kind {
	case KindScale:
		return v >= q.Min && v <= q.Max
	case KindSingle, KindMultiple:
		return v >= 0 && v < len(q.OptionList())
	}
	return false
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// CreatePulse stores a pulse and its questions; with openLink it also makes the open link,
// whose raw token is returned once (only its hash is kept).
func (s *Store) CreatePulse(ctx context.Context, by uint, in PulseInput, openLink bool) (*Pulse, string, error) {
	p, err := in.validate()
	if err != nil {
		return nil, "", err
	}
	p.CreatedByID = &by
	var raw string
	if openLink {
		raw, p.OpenTokenHash = models.NewSecret("")
	}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if p.MilestoneID != nil {
			var n int64
			if err := tx.Table("milestones").Where("id = ?", *p.MilestoneID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return models.Invalid("milestone_id", "That go-live milestone does not exist")
			}
		}
		return tx.Create(p).Error
	})
	if err != nil {
		return nil, "", err
	}
	return p, raw, nil
}

// GetPulse returns a pulse with its questions in order.
func (s *Store) GetPulse(ctx context.Context, id uint) (*Pulse, error) {
	return getPulse(s.DB.WithContext(ctx), id)
}

func getPulse(tx *gorm.DB, id uint) (*Pulse, error) {
	var p Pulse
	err := tx.Preload("Questions", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).First(&p, id).Error
	if err != nil {
		return nil, models.OrNotFound(err, "pulse")
	}
	return &p, nil
}

// ListPulses returns every pulse, newest first, with its questions.
func (s *Store) ListPulses(ctx context.Context) ([]Pulse, error) {
	var out []Pulse
	err := s.DB.WithContext(ctx).Preload("Questions", func(db *gorm.DB) *gorm.DB { return db.Order("position") }).
		Order("id DESC").Limit(500).Find(&out).Error
	return out, err
}

// NewOpenLink replaces a pulse's open link: the old one stops working at once.
func (s *Store) NewOpenLink(ctx context.Context, id uint) (string, error) {
	raw, hash := models.NewSecret("")
	res := s.DB.WithContext(ctx).Model(&Pulse{}).Where("id = ?", id).
		Updates(map[string]any{"open_token_hash": hash, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return "", res.Error
	}
	if res.RowsAffected == 0 {
		return "", models.NotFound("pulse")
	}
	return raw, nil
}

// Answered counts a pulse's responses by source.
type Answered struct {
	Personal int `json:"personal"`
	Open     int `json:"open"`
}

// AnsweredCounts counts the responses of each pulse in ids by source.
func (s *Store) AnsweredCounts(ctx context.Context, ids []uint) (map[uint]Answered, error) {
	out := map[uint]Answered{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		PulseID uint
		Source  string
		N       int
	}
	err := s.DB.WithContext(ctx).Model(&PulseResponse{}).Select("pulse_id, source, COUNT(*) AS n").
		Where("pulse_id IN ?", ids).Group("pulse_id, source").Scan(&rows).Error
	for _, r := range rows {
		a := out[r.PulseID]
		if r.Source == SourcePersonal {
			a.Personal = r.N
		} else {
			a.Open = r.N
		}
		out[r.PulseID] = a
	}
	return out, err
}

// PulseCampaign is a campaign that carries a pulse.
type PulseCampaign struct {
	ID      uint   `json:"id"`
	PulseID uint   `json:"-"`
	Status  string `json:"status"`
	Name    string `json:"name"`
}

// PulseCampaigns lists the campaigns of each pulse in ids, oldest first.
func (s *Store) PulseCampaigns(ctx context.Context, ids []uint) (map[uint][]PulseCampaign, error) {
	out := map[uint][]PulseCampaign{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []PulseCampaign
	err := s.DB.WithContext(ctx).Table("campaigns").Select("id, pulse_id, status, name").
		Where("pulse_id IN ?", ids).Order("id").Scan(&rows).Error
	for _, r := range rows {
		out[r.PulseID] = append(out[r.PulseID], r)
	}
	return out, err
}
