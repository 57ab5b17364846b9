package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0014AnonymousQuestions unlinks anonymous workshop questions from their participants.
// Questions asked before it kept participant_id, which leads to the participant's name,
// organisation and staff group. A question with no name is the one the room saw as
// anonymous (asked anonymously, or by someone who gave no name), so each loses its
// participant_id, and every question's times drop to the minute, as polls.AskQuestion
// now stores them (an exact time, or an id between exactly timed named questions, could
// be matched to the asker's votes).
//
// Rollback cannot restore the links (that is the point) and leaves the rows as they are.
func m0014AnonymousQuestions() *gormigrate.Migration {
	type PollQuestion struct {
		ID            uint `gorm:"primaryKey"`
		ParticipantID *uint
		Name          string
		CreatedAt     time.Time
		UpdatedAt     time.Time
	}
	return &gormigrate.Migration{
		ID: "0014_anonymous_questions",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Model(&PollQuestion{}).Where("name = ''").
				UpdateColumn("participant_id", nil).Error; err != nil {
				return err
			}
			var batch []PollQuestion
			db := tx.Session(&gorm.Session{NewDB: true})
			return tx.Model(&PollQuestion{}).Order("id").FindInBatches(&batch, 500, func(*gorm.DB, int) error {
				for _, q := range batch {
					created := q.CreatedAt.UTC().Truncate(time.Minute)
					updated := q.UpdatedAt.UTC()
					if !updated.After(q.CreatedAt) {
						updated = created // never changed since it was asked: as exact as created_at
					}
					if err := db.Model(&PollQuestion{}).Where("id = ?", q.ID).
						UpdateColumns(map[string]any{"created_at": created, "updated_at": updated}).Error; err != nil {
						return err
					}
				}
				return nil
			}).Error
		},
		Rollback: func(*gorm.DB) error { return nil },
	}
}
