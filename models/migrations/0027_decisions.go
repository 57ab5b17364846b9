package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0027Decisions adds the decision register (issue 16): decisions, the versions a
// published decision kept when it changed, and the links to what informed each (posts,
// themes, polls, questions, sessions). It also adds the two opt-ins that let publishing
// reach people who took part without a post: a workshop participant's notify_email
// (null unless they gave one, with consent) and a booking's hear_outcomes (false unless
// the booker asked). Both are nullable or defaulted, so older rows read as "not asked".
func m0027Decisions() *gormigrate.Migration {
	type Decision struct {
		ID              uint   `gorm:"primaryKey"`
		Title           string `gorm:"size:200;not null"`
		Question        string `gorm:"type:text;not null"`
		Options         string `gorm:"type:text;not null"` // JSON list of strings
		Decided         string `gorm:"type:text;not null"`
		Rationale       string `gorm:"type:text;not null"`
		DecidedBy       string `gorm:"size:200;not null"`
		DecidedOn       string `gorm:"size:10;not null"` // YYYY-MM-DD, Europe/London
		Status          string `gorm:"size:20;not null;index"`
		SupersededByID  *uint
		EPRRef          string     `gorm:"column:epr_ref;size:200;not null"`
		OrganisationIDs string     `gorm:"type:text;not null"` // JSON list of ids
		Themes          string     `gorm:"type:text;not null"` // JSON list of tags
		Quotes          string     `gorm:"type:text;not null"` // JSON list of {text, source_kind, source_id}
		Version         int        `gorm:"not null"`
		PublishedAt     *time.Time `gorm:"index"`
		CreatedByID     *uint
		CreatedAt       time.Time
		UpdatedAt       time.Time
	}
	type DecisionVersion struct {
		ID          uint   `gorm:"primaryKey"`
		DecisionID  uint   `gorm:"not null;uniqueIndex:idx_decision_versions_version,priority:1"`
		Version     int    `gorm:"not null;uniqueIndex:idx_decision_versions_version,priority:2"`
		Snapshot    string `gorm:"type:text;not null"`
		ChangedByID *uint
		ChangedBy   string    `gorm:"size:200;not null"`
		ChangedAt   time.Time `gorm:"not null"`
		Note        string    `gorm:"size:500;not null"`
	}
	type DecisionLink struct {
		ID         uint   `gorm:"primaryKey"`
		DecisionID uint   `gorm:"not null;uniqueIndex:idx_decision_links_target,priority:1"`
		Kind       string `gorm:"size:20;not null;uniqueIndex:idx_decision_links_target,priority:2;index:idx_decision_links_kind,priority:1"`
		TargetID   uint   `gorm:"not null;uniqueIndex:idx_decision_links_target,priority:3;index:idx_decision_links_kind,priority:2"`
		Theme      string `gorm:"size:100;not null;uniqueIndex:idx_decision_links_target,priority:4;index:idx_decision_links_kind,priority:3"`
		CreatedAt  time.Time
	}
	type PollParticipant struct {
		NotifyEmail *string `gorm:"size:320"`
	}
	type Booking struct {
		HearOutcomes bool `gorm:"not null;default:false"`
	}
	return &gormigrate.Migration{
		ID: "0027_decisions",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&Decision{}, &DecisionVersion{}, &DecisionLink{}); err != nil {
				return err
			}
			if err := tx.Migrator().AddColumn(&PollParticipant{}, "NotifyEmail"); err != nil {
				return err
			}
			return tx.Migrator().AddColumn(&Booking{}, "HearOutcomes")
		},
		Rollback: func(tx *gorm.DB) error {
			if err := dropColumns(tx, "bookings", "hear_outcomes"); err != nil {
				return err
			}
			if err := dropColumns(tx, "poll_participants", "notify_email"); err != nil {
				return err
			}
			return tx.Migrator().DropTable("decision_links", "decision_versions", "decisions")
		},
	}
}
