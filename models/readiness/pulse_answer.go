package readiness

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/campaigns"
)

// AnswerInput is one answer: Value for a scale or single choice, Values for a multiple
// choice (option indexes), Text for an open question.
type AnswerInput struct {
	QuestionID uint   `json:"question_id"`
	Value      *int   `json:"value,omitempty"`
	Values     []int  `json:"values,omitempty"`
	Text       string `json:"text,omitempty"`
}

// MaxOpenResponses caps the responses one pulse's open link takes: a link passed around
// more widely than meant (or a script) cannot fill the database.
const MaxOpenResponses = 20_000

// checkAnswers validates answers against p's questions and returns the rows to store
// (without their response): one per scale value, chosen option or text.
func checkAnswers(p *Pulse, in []AnswerInput) ([]PulseAnswer, error) {
	if len(in) == 0 {
		return nil, models.Invalid("answers", "Answer at least one question")
	}
	byID := map[uint]*PulseQuestion{}
	for i := range p.Questions {
		byID[p.Questions[i].ID] = &p.Questions[i]
	}
	seen := map[uint]bool{}
	var out []PulseAnswer
	for i, a := range in {
		f := "answers." + strconv.Itoa(i)
		q := byID[a.QuestionID]
		if q == nil {
			return nil, models.Invalid(f+".question_id", "Answer %d is for a question that is not in this pulse", i+1)
		}
		if seen[q.ID] {
			return nil, models.Invalid(f+".question_id", "Question %d is answered twice", q.Position)
		}
		seen[q.ID] = true
		rows, err := answerRows(q, a, f)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	if len(out) == 0 {
		return nil, models.Invalid("answers", "Answer at least one question")
	}
	return out, nil
}

func answerRows(q *PulseQuestion, a AnswerInput, f string) ([]PulseAnswer, error) {
	row := func(v *int, text string) PulseAnswer {
		return PulseAnswer{PulseID: q.PulseID, QuestionID: q.ID, Value: v, Text: text}
	}
	switch q.Kind {
	case KindScale, KindSingle:
		if a.Value == nil {
			return nil, nil // left unanswered
		}
		if !q.accepts(*a.Value) {
			return nil, models.Invalid(f+".value", "Question %d: choose one of the answers given", q.Position)
		}
		v := *a.Value
		return []PulseAnswer{row(&v, "")}, nil
	case KindMultiple:
		var rows []PulseAnswer
		chosen := map[int]bool{}
		for _, v := range a.Values {
			if !q.accepts(v) || chosen[v] {
				return nil, models.Invalid(f+".values", "Question %d: choose each answer at most once, from those given", q.Position)
			}
			chosen[v] = true
			v := v
			rows = append(rows, row(&v, ""))
		}
		return rows, nil
	}
	text := strings.TrimSpace(a.Text)
	if utf8.RuneCountInString(text) > MaxAnswerText {
		return nil, models.Invalid(f+".text", "Question %d: your answer must be %d characters or fewer", q.Position, MaxAnswerText)
	}
	if text == "" {
		return nil, nil
	}
	return []PulseAnswer{row(nil, text)}, nil
}

// checkOpen refuses answers to a pulse that is not open, as a conflict on its times.
func checkOpen(p *Pulse, now time.Time) error {
	switch p.State(now) {
	case PulseScheduled:
		return models.Conflict("opens_at", "This pulse opens at %s", ClosingWords(p.OpensAt))
	case PulseClosed:
		return models.Conflict("closes_at", "This pulse closed at %s, so answers can no longer be given or changed", ClosingWords(p.ClosesAt))
	}
	return nil
}

// Personal is what a personal link points at: the pulse and who it was sent to.
type Personal struct {
	Pulse     *Pulse
	Recipient campaigns.CampaignRecipient
	JobRole   string // the contact's, at the time of answering
}

// LookupPersonal checks a personal link's token: its recipient row, the HMAC under that
// row's campaign key, and that the campaign carries a pulse. Anything else is not found.
func (s *Store) LookupPersonal(ctx context.Context, token string) (*Personal, error) {
	notFound := models.NotFound("pulse link")
	id, ok := campaigns.CheckPulseToken(token)
	if !ok {
		return nil, notFound
	}
	db := s.DB.WithContext(ctx)
	var t Personal
	if err := db.First(&t.Recipient, id).Error; err != nil {
		return nil, models.OrNotFound(err, "pulse link")
	}
	var c campaigns.Campaign
	if err := db.First(&c, t.Recipient.CampaignID).Error; err != nil {
		return nil, models.OrNotFound(err, "pulse link")
	}
	if c.PulseID == nil || !campaigns.PulseTokenValid(c.UnsubKey, id, token) {
		return nil, notFound
	}
	p, err := s.GetPulse(ctx, *c.PulseID)
	if err != nil {
		return nil, notFound
	}
	t.Pulse = p
	var roles []string
	if err := db.Model(&models.Contact{}).Where("id = ?", t.Recipient.ContactID).Pluck("job_role", &roles).Error; err != nil {
		return nil, err
	}
	if len(roles) > 0 {
		t.JobRole = roles[0]
	}
	return &t, nil
}

// PersonalAnswers are the answers the link's contact gave, or none.
func (s *Store) PersonalAnswers(ctx context.Context, t *Personal) ([]PulseAnswer, error) {
	var out []PulseAnswer
	err := s.DB.WithContext(ctx).Where("response_id IN (?)",
		s.DB.Model(&PulseResponse{}).Select("id").Where("pulse_id = ? AND contact_id = ?", t.Pulse.ID, t.Recipient.ContactID)).
		Order("question_id, value").Find(&out).Error
	return out, err
}

// SavePersonal stores the link's contact's answers: their one response to the pulse,
// made or (until it closes) replaced whole in one transaction. Two answers sent at once
// through the same link leave one response: the unique index on (pulse, contact) refuses
// the second insert, which is then tried again as a replacement.
func (s *Store) SavePersonal(ctx context.Context, t *Personal, in []AnswerInput) error {
	if err := checkOpen(t.Pulse, time.Now()); err != nil {
		return err
	}
	rows, err := checkAnswers(t.Pulse, in)
	if err != nil {
		return err
	}
	save := func() error {
		return s.Tx(ctx, func(tx *gorm.DB) error { return savePersonalTx(tx, t, rows) })
	}
	err = save()
	if models.IsDuplicate(err) {
		err = save()
	}
	return err
}

// savePersonalTx replaces the contact's response or makes it. The replacement starts with
// an UPDATE of the response row, which holds that row's lock to the end of the
// transaction, so on PostgreSQL a second answer through the link waits, then deletes
// the answers the first one stored (each statement reads what has committed).
func savePersonalTx(tx *gorm.DB, t *Personal, rows []PulseAnswer) error {
	contact, recipient := t.Recipient.ContactID, t.Recipient.ID
	now := time.Now().UTC()
	r := PulseResponse{PulseID: t.Pulse.ID, Source: SourcePersonal, ContactID: &contact, CampaignRecipientID: &recipient,
		OrganisationID: t.Recipient.OrganisationID, StaffGroup: t.Recipient.StaffGroup, JobRole: t.JobRole}
	res := tx.Model(&PulseResponse{}).Where("pulse_id = ? AND contact_id = ?", t.Pulse.ID, contact).Updates(map[string]any{
		"campaign_recipient_id": recipient, "organisation_id": r.OrganisationID, "staff_group": r.StaffGroup,
		"job_role": r.JobRole, "updated_at": now})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return insertAnswers(tx, r.ID, rows)
	}
	if err := tx.Model(&PulseResponse{}).Where("pulse_id = ? AND contact_id = ?", t.Pulse.ID, contact).
		Pluck("id", &r.ID).Error; err != nil {
		return err
	}
	if err := tx.Where("response_id = ?", r.ID).Delete(&PulseAnswer{}).Error; err != nil {
		return err
	}
	return insertAnswers(tx, r.ID, rows)
}

func insertAnswers(tx *gorm.DB, responseID uint, rows []PulseAnswer) error {
	for i := range rows {
		rows[i].ID, rows[i].ResponseID = 0, responseID
	}
	return tx.Create(&rows).Error
}

// LookupOpen finds the pulse whose open link has token; a wrong or replaced token is not found.
func (s *Store) LookupOpen(ctx context.Context, token string) (*Pulse, error) {
	if token == "" || len(token) > 200 {
		return nil, models.NotFound("pulse link")
	}
	var ids []uint
	err := s.DB.WithContext(ctx).Model(&Pulse{}).Where("open_token_hash = ? AND open_token_hash <> ''", models.HashSecret(token)).
		Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, models.NotFound("pulse link")
	}
	return s.GetPulse(ctx, ids[0])
}

// OpenInput is a response through the open link: who the person says they are, and answers.
type OpenInput struct {
	OrganisationID *uint
	StaffGroup     string
	JobRole        string
	Answers        []AnswerInput
}

// SaveOpen stores a response through the open link, self-declared, up to MaxOpenResponses
// per pulse. Every such response is new: nothing ties two of them to one person.
func (s *Store) SaveOpen(ctx context.Context, p *Pulse, in OpenInput) error {
	if err := checkOpen(p, time.Now()); err != nil {
		return err
	}
	if in.OrganisationID == nil || *in.OrganisationID == 0 {
		return models.Invalid("organisation_id", "Select your organisation")
	}
	if strings.TrimSpace(in.StaffGroup) == "" {
		return models.Invalid("staff_group", "Select your staff group")
	}
	role := strings.TrimSpace(in.JobRole)
	if utf8.RuneCountInString(role) > 200 {
		return models.Invalid("job_role", "Your job role must be 200 characters or fewer")
	}
	rows, err := checkAnswers(p, in.Answers)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *gorm.DB) error {
		a, err := models.ParseAttribution(tx, in.OrganisationID, in.StaffGroup)
		if err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&PulseResponse{}).Where("pulse_id = ? AND source = ?", p.ID, SourceOpen).Count(&n).Error; err != nil {
			return err
		}
		if n >= MaxOpenResponses {
			return models.Conflict("pulse", "This pulse has taken all the answers its open link can take. Ask whoever sent you the link for your own link")
		}
		r := PulseResponse{PulseID: p.ID, Source: SourceOpen, OrganisationID: a.OrganisationID, StaffGroup: a.StaffGroup, JobRole: role}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return insertAnswers(tx, r.ID, rows)
	})
}
