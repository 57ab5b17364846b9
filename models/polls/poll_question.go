package polls

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
)

// Question statuses: the facilitator approves a question before the room sees it.
const (
	QuestionPending  = "pending"
	QuestionApproved = "approved"
	QuestionHidden   = "hidden"
)

// PollQuestion is an audience question in a workshop's Q&A. An anonymous question (Name
// empty) has no ParticipantID: nothing stored ties it to the participant row, which holds
// the asker's name, organisation and staff group (see AskQuestion). Upvotes counts
// PollQuestionVote rows (one per participant).
type PollQuestion struct {
	ID            uint   `gorm:"primaryKey"`
	WorkshopID    uint   `gorm:"not null"`
	ParticipantID *uint  `gorm:""`
	Name          string `gorm:"size:100;not null"`
	Text          string `gorm:"size:500;not null"`
	Status        string `gorm:"size:10;not null"`
	Highlighted   bool   `gorm:"not null"`
	Answered      bool   `gorm:"not null"`
	Upvotes       int    `gorm:"not null"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// PollQuestionVote is one participant's upvote; its primary key allows one each.
type PollQuestionVote struct {
	QuestionID    uint `gorm:"primaryKey;autoIncrement:false"`
	ParticipantID uint `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt     time.Time
}

// MaxQuestionLength bounds a question.
const MaxQuestionLength = 500

// AskQuestion stores a participant's question, named with their display name unless they
// ask anonymously. A question with no name is anonymous whatever the box said (the room
// and the export show it so), and an anonymous question is stored unlinkable:
//
//   - no participant_id, and no key derived from the participant instead: the participant
//     row carries their name, organisation and staff group, so any value that leads back
//     to it would undo the anonymity for anyone who can read the database;
//   - no organisation or staff group either: the participant row records those per
//     workshop, so in a small room a stated pair often fits one person and would be the
//     link again (coverage counts an anonymous question in the totals only);
//   - times to the minute, for every question: an exact time, or an id between two
//     exactly timed named questions, could be matched to the participant's own votes and
//     join time.
//
// Nothing else needs the link: the asker gets the question's id in the "asked" frame, and
// frames are limited per connection.
func (s *Store) AskQuestion(ctx context.Context, p *PollParticipant, text string, anonymous bool) (*PollQuestion, error) {
	return s.AskQuestionAs(ctx, p, text, "", anonymous)
}

// MaxQuestionName bounds the name given with a question.
const MaxQuestionName = 100

// AskQuestionAs is AskQuestion with the name typed beside the question, which names it
// instead of the profile's display name (empty: the display name). An anonymous question
// ignores both and is stored as AskQuestion describes.
func (s *Store) AskQuestionAs(ctx context.Context, p *PollParticipant, text, name string, anonymous bool) (*PollQuestion, error) {
	text, name = strings.TrimSpace(text), strings.TrimSpace(name)
	if text == "" || len([]rune(text)) > MaxQuestionLength {
		return nil, models.Invalid("text", "a question must be 1 to %d characters", MaxQuestionLength)
	}
	if len([]rune(name)) > MaxQuestionName {
		return nil, models.Invalid("name", "your name must be %d characters or fewer", MaxQuestionName)
	}
	if name == "" {
		name = p.DisplayName
	}
	at := time.Now().UTC().Truncate(time.Minute)
	q := &PollQuestion{WorkshopID: p.WorkshopID, Text: text, Status: QuestionPending, CreatedAt: at, UpdatedAt: at}
	if !anonymous && name != "" {
		q.ParticipantID, q.Name = &p.ID, name
	}
	if err := s.DB.WithContext(ctx).Create(q).Error; err != nil {
		return nil, err
	}
	return q, nil
}

// UpvoteQuestion adds a participant's upvote to an approved question in their workshop;
// a second upvote from the same participant is a conflict and changes nothing.
func (s *Store) UpvoteQuestion(ctx context.Context, p *PollParticipant, questionID uint) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		var q PollQuestion
		if err := tx.Where("id = ? AND workshop_id = ? AND status = ?", questionID, p.WorkshopID, QuestionApproved).
			First(&q).Error; err != nil {
			return models.OrNotFound(err, "question")
		}
		if err := tx.Create(&PollQuestionVote{QuestionID: q.ID, ParticipantID: p.ID}).Error; err != nil {
			if models.IsDuplicate(err) {
				return models.Conflict("question_id", "you have already upvoted this question")
			}
			return err
		}
		return tx.Model(&PollQuestion{}).Where("id = ?", q.ID).Update("upvotes", gorm.Expr("upvotes + 1")).Error
	})
}

// Question moderation actions.
var QuestionActions = []string{"approve", "hide", "highlight", "unhighlight", "answer", "unanswer"}

// ModerateQuestion applies a facilitator's action to a question.
func (s *Store) ModerateQuestion(ctx context.Context, id uint, action string) (*PollQuestion, error) {
	set := map[string]map[string]any{
		"approve":     {"status": QuestionApproved},
		"hide":        {"status": QuestionHidden, "highlighted": false},
		"highlight":   {"highlighted": true, "status": QuestionApproved},
		"unhighlight": {"highlighted": false},
		"answer":      {"answered": true, "highlighted": false},
		"unanswer":    {"answered": false},
	}[action]
	if set == nil {
		return nil, models.Invalid("action", "action must be one of %s", strings.Join(QuestionActions, ", "))
	}
	var q PollQuestion
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&q, id).Error; err != nil {
			return models.OrNotFound(err, "question")
		}
		if set["highlighted"] == true {
			if err := tx.Model(&PollQuestion{}).Where("workshop_id = ? AND id <> ?", q.WorkshopID, q.ID).
				Update("highlighted", false).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&q).Updates(set).Error; err != nil {
			return err
		}
		return tx.First(&q, id).Error
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// ListQuestions returns a workshop's questions, most upvoted first; onlyApproved leaves
// out those the room may not see.
func (s *Store) ListQuestions(ctx context.Context, workshopID uint, onlyApproved bool) ([]PollQuestion, error) {
	q := s.DB.WithContext(ctx).Where("workshop_id = ?", workshopID)
	if onlyApproved {
		q = q.Where("status = ?", QuestionApproved)
	}
	var out []PollQuestion
	err := q.Order("highlighted DESC, answered ASC, upvotes DESC, id ASC").Limit(500).Find(&out).Error
	return out, err
}

// UpvotedBy lists the questions in a workshop a participant has upvoted.
func (s *Store) UpvotedBy(ctx context.Context, participantID uint) ([]uint, error) {
	var ids []uint
	err := s.DB.WithContext(ctx).Model(&PollQuestionVote{}).Where("participant_id = ?", participantID).Pluck("question_id", &ids).Error
	return ids, err
}
