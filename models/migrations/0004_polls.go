package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0004Polls adds live workshops: polls, anonymous participants, one vote row per
// participant per poll (the unique key is the one-vote rule), and audience Q&A.
func m0004Polls() *gormigrate.Migration {
	type Workshop struct {
		ID            uint   `gorm:"primaryKey"`
		Title         string `gorm:"size:200;not null"`
		SessionID     *uint  `gorm:"index"` // an engagement session; no foreign key yet
		JoinCode      string `gorm:"size:12;not null;uniqueIndex"`
		CurrentPollID *uint
		CreatedByID   uint `gorm:"not null;index"`
		CreatedAt     time.Time
		UpdatedAt     time.Time
	}
	type Poll struct {
		ID         uint `gorm:"primaryKey"`
		WorkshopID uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Workshop   *Workshop
		Position   int    `gorm:"not null;default:0"`
		Kind       string `gorm:"size:20;not null"`
		Question   string `gorm:"size:500;not null"`
		Options    string `gorm:"type:text;not null;default:'[]'"`
		Min        int    `gorm:"not null;default:0"`
		Max        int    `gorm:"not null;default:0"`
		MinLabel   string `gorm:"size:100;not null;default:''"`
		MaxLabel   string `gorm:"size:100;not null;default:''"`
		State      string `gorm:"size:10;not null;default:'draft'"`
		Revealed   bool   `gorm:"not null;default:false"`
		CreatedAt  time.Time
		UpdatedAt  time.Time
	}
	type PollParticipant struct {
		ID             uint `gorm:"primaryKey"`
		WorkshopID     uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Workshop       *Workshop
		TokenHash      string `gorm:"size:64;not null;uniqueIndex"`
		DisplayName    string `gorm:"size:100;not null;default:''"`
		OrganisationID *uint  `gorm:"index"`
		StaffGroup     string `gorm:"size:60;not null;default:'';index"`
		CreatedAt      time.Time
	}
	type PollVote struct {
		ID            uint `gorm:"primaryKey"`
		PollID        uint `gorm:"not null;uniqueIndex:idx_poll_votes_one,priority:1;constraint:OnDelete:CASCADE"`
		Poll          *Poll
		ParticipantID uint   `gorm:"not null;uniqueIndex:idx_poll_votes_one,priority:2;index"`
		Choices       string `gorm:"size:400;not null;default:''"`
		Value         *int
		Text          string `gorm:"size:500;not null;default:''"`
		ClientVoteID  string `gorm:"size:64;not null;default:''"`
		Seq           int64  `gorm:"not null;default:0"` // when the server received the vote (ns): the newest wins
		CreatedAt     time.Time
		UpdatedAt     time.Time
	}
	type PollQuestion struct {
		ID            uint `gorm:"primaryKey"`
		WorkshopID    uint `gorm:"not null;index;constraint:OnDelete:CASCADE"`
		Workshop      *Workshop
		ParticipantID *uint  `gorm:"index"`
		Name          string `gorm:"size:100;not null;default:''"`
		Text          string `gorm:"size:500;not null"`
		Status        string `gorm:"size:10;not null;default:'pending'"`
		Highlighted   bool   `gorm:"not null;default:false"`
		Answered      bool   `gorm:"not null;default:false"`
		Upvotes       int    `gorm:"not null;default:0"`
		CreatedAt     time.Time
		UpdatedAt     time.Time
	}
	type PollQuestionVote struct {
		QuestionID    uint `gorm:"primaryKey;autoIncrement:false;constraint:OnDelete:CASCADE"`
		Question      *PollQuestion
		ParticipantID uint `gorm:"primaryKey;autoIncrement:false"`
		CreatedAt     time.Time
	}
	tables := []any{&Workshop{}, &Poll{}, &PollParticipant{}, &PollVote{}, &PollQuestion{}, &PollQuestionVote{}}
	return &gormigrate.Migration{
		ID: "0004_polls",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(tables...)
		},
		Rollback: func(tx *gorm.DB) error {
			for i := len(tables) - 1; i >= 0; i-- {
				if err := tx.Migrator().DropTable(tables[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
