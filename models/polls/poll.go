package polls

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Poll kinds.
const (
	PollSingle    = "single"
	PollMultiple  = "multiple"
	PollScale     = "scale"
	PollWordcloud = "wordcloud"
	PollOpen      = "open"
	PollRanking   = "ranking"
)

// PollKinds lists every kind, in the order the control page offers them.
var PollKinds = []string{PollSingle, PollMultiple, PollScale, PollWordcloud, PollOpen, PollRanking}

// Poll states: a draft has never been opened; only an open poll takes votes.
const (
	PollDraft  = "draft"
	PollOpened = "open"
	PollClosed = "closed"
)

// Poll is one question in a workshop. Options is a JSON list of strings.
type Poll struct {
	ID         uint   `gorm:"primaryKey"`
	WorkshopID uint   `gorm:"not null"`
	Position   int    `gorm:"not null"`
	Kind       string `gorm:"size:20;not null"`
	Question   string `gorm:"size:500;not null"`
	Options    string `gorm:"type:text;not null"`
	Min        int    `gorm:"not null"`
	Max        int    `gorm:"not null"`
	MinLabel   string `gorm:"size:100;not null"`
	MaxLabel   string `gorm:"size:100;not null"`
	State      string `gorm:"size:10;not null"`
	Revealed   bool   `gorm:"not null"`
	CreatedAt  time.Time
	UpdatedAt  time.Time

	opts []string // Options decoded, cached by OptionList (votes check it on every frame)
}

// OptionList decodes Options, once per Poll value; callers must not modify the list.
func (p *Poll) OptionList() []string {
	if p.opts != nil {
		return p.opts
	}
	var out []string
	_ = json.Unmarshal([]byte(p.Options), &out)
	if out == nil {
		out = []string{}
	}
	p.opts = out
	return out
}

// HasOptions reports whether votes pick option indexes (choice and ranking polls).
func (p *Poll) HasOptions() bool {
	return p.Kind == PollSingle || p.Kind == PollMultiple || p.Kind == PollRanking
}

// PollInput is a new poll as a facilitator describes it.
type PollInput struct {
	Kind, Question     string
	Options            []string
	Min, Max           *int
	MinLabel, MaxLabel string
}

func (in PollInput) validate() (*Poll, error) {
	p := &Poll{Kind: in.Kind, Question: strings.TrimSpace(in.Question), State: PollDraft,
		MinLabel: strings.TrimSpace(in.MinLabel), MaxLabel: strings.TrimSpace(in.MaxLabel)}
	if !slices.Contains(PollKinds, in.Kind) {
		return nil, models.Invalid("kind", "kind must be one of %s", strings.Join(PollKinds, ", "))
	}
	if p.Question == "" || len([]rune(p.Question)) > 500 {
		return nil, models.Invalid("question", "question must be 1 to 500 characters")
	}
	if len([]rune(p.MinLabel)) > 100 || len([]rune(p.MaxLabel)) > 100 {
		return nil, models.Invalid("min_label", "scale labels must be at most 100 characters")
	}
	opts := []string{}
	if p.HasOptions() {
		if len(in.Options) < 2 || len(in.Options) > 20 {
			return nil, models.Invalid("options", "a %s poll needs 2 to 20 options", in.Kind)
		}
		for i, o := range in.Options {
			o = strings.TrimSpace(o)
			if o == "" || len([]rune(o)) > 200 {
				return nil, models.Invalid("options", "option %d must be 1 to 200 characters", i+1)
			}
			opts = append(opts, o)
		}
	} else if len(in.Options) > 0 {
		return nil, models.Invalid("options", "a %s poll has no options", in.Kind)
	}
	b, _ := json.Marshal(opts)
	p.Options = string(b)
	if in.Kind == PollScale {
		p.Min, p.Max = 1, 5
		if in.Min != nil {
			p.Min = *in.Min
		}
		if in.Max != nil {
			p.Max = *in.Max
		}
		if p.Min < 0 || p.Min > 1 {
			return nil, models.Invalid("min", "min must be 0 or 1")
		}
		if p.Max <= p.Min || p.Max > 10 {
			return nil, models.Invalid("max", "max must be more than min and at most 10")
		}
	} else if in.Min != nil || in.Max != nil {
		return nil, models.Invalid("min", "only scale polls have min and max")
	}
	return p, nil
}

// CreatePoll adds a poll at the end of a workshop's list.
func (s *Store) CreatePoll(ctx context.Context, workshopID uint, in PollInput) (*Poll, error) {
	p, err := in.validate()
	if err != nil {
		return nil, err
	}
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if _, err := getWorkshopTx(tx, workshopID); err != nil {
			return err
		}
		var last int
		if err := tx.Model(&Poll{}).Where("workshop_id = ?", workshopID).
			Select("COALESCE(MAX(position), 0)").Scan(&last).Error; err != nil {
			return err
		}
		p.WorkshopID, p.Position = workshopID, last+1
		return tx.Create(p).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ListPolls returns a workshop's polls in order.
func (s *Store) ListPolls(ctx context.Context, workshopID uint) ([]Poll, error) {
	var out []Poll
	err := s.DB.WithContext(ctx).Where("workshop_id = ?", workshopID).Order("position, id").Find(&out).Error
	return out, err
}

// GetPoll loads one poll.
func (s *Store) GetPoll(ctx context.Context, id uint) (*Poll, error) {
	var p Poll
	if err := s.DB.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, models.OrNotFound(err, "poll")
	}
	return &p, nil
}

// Poll actions a facilitator takes.
const (
	ActionOpen   = "open"
	ActionClose  = "close"
	ActionReveal = "reveal"
	ActionHide   = "hide"
)

// ChangePoll opens, closes, reveals or hides a poll. Opening a poll closes any other open
// poll in its workshop and makes it the workshop's current poll, so the room sees one
// question at a time.
func (s *Store) ChangePoll(ctx context.Context, id uint, action string) (*Poll, error) {
	var p Poll
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&p, id).Error; err != nil {
			return models.OrNotFound(err, "poll")
		}
		return changePollTx(tx, &p, action)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

func changePollTx(tx *gorm.DB, p *Poll, action string) error {
	switch action {
	case ActionOpen:
		if err := tx.Model(&Poll{}).Where("workshop_id = ? AND state = ? AND id <> ?", p.WorkshopID, PollOpened, p.ID).
			Update("state", PollClosed).Error; err != nil {
			return err
		}
		if err := tx.Model(&Workshop{}).Where("id = ?", p.WorkshopID).Update("current_poll_id", p.ID).Error; err != nil {
			return err
		}
		p.State = PollOpened
	case ActionClose:
		p.State = PollClosed
	case ActionReveal:
		p.Revealed = true
	case ActionHide:
		p.Revealed = false
	default:
		return models.Invalid("action", "action must be open, close, reveal or hide")
	}
	return tx.Model(p).Updates(map[string]any{"state": p.State, "revealed": p.Revealed}).Error
}

// NextPoll closes the workshop's current poll and opens the one after it.
func (s *Store) NextPoll(ctx context.Context, workshopID uint) (*Poll, error) {
	var next Poll
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		w, err := getWorkshopTx(tx, workshopID)
		if err != nil {
			return err
		}
		after := 0
		if w.CurrentPollID != nil {
			var cur Poll
			if err := tx.First(&cur, *w.CurrentPollID).Error; err == nil {
				after = cur.Position
				if cur.State == PollOpened {
					if err := changePollTx(tx, &cur, ActionClose); err != nil {
						return err
					}
				}
			}
		}
		if err := tx.Where("workshop_id = ? AND position > ?", workshopID, after).
			Order("position, id").First(&next).Error; err != nil {
			if isNotFound(err) {
				return models.Conflict("poll", "this is the last poll in the workshop")
			}
			return err
		}
		return changePollTx(tx, &next, ActionOpen)
	})
	if err != nil {
		return nil, err
	}
	return &next, nil
}

// CurrentPoll returns the workshop's current poll, or nil when none has been opened.
func (s *Store) CurrentPoll(ctx context.Context, w *Workshop) (*Poll, error) {
	if w.CurrentPollID == nil {
		return nil, nil
	}
	p, err := s.GetPoll(ctx, *w.CurrentPollID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, nil
	}
	return p, err
}

func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }
