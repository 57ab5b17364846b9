package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0029ReadinessPulses adds readiness pulses (issue 17): an asynchronous survey open for a
// period, with questions of the poll kinds (scale, single, multiple, open text), sent
// through a campaign (campaigns.pulse_id: the campaign's {{pulse_link}} is each
// recipient's own link) and, optionally, answered through one open link by staff not in
// the contact list. A response records who answered as coverage counts people
// (organisation and staff group, plus job role), and where it came from: a personal link
// (one response per contact, changed in place until the pulse closes) or the open link
// (self-declared, shown apart). A question with ready_values is the pulse's headline
// ("feel ready" is an answer among those values), which the readiness board and the trend
// across pulses read.
func m0029ReadinessPulses() *gormigrate.Migration {
	type Pulse struct {
		ID            uint   `gorm:"primaryKey"`
		Title         string `gorm:"not null"`
		Intro         string `gorm:"type:text;not null;default:''"`
		MilestoneID   *uint  `gorm:"index"`
		OpensAt       time.Time
		ClosesAt      time.Time
		OpenTokenHash string `gorm:"size:64;not null;default:'';index"` // '' when there is no open link
		CreatedByID   *uint
		CreatedAt     time.Time
		UpdatedAt     time.Time
	}
	type PulseQuestion struct {
		ID          uint   `gorm:"primaryKey"`
		PulseID     uint   `gorm:"not null;index"`
		Position    int    `gorm:"not null"`
		Kind        string `gorm:"size:20;not null"`
		Prompt      string `gorm:"not null"`
		Options     string `gorm:"type:text;not null;default:'[]'"` // JSON list of strings
		Min         int    `gorm:"not null;default:0"`
		Max         int    `gorm:"not null;default:0"`
		ReadyValues string `gorm:"type:text;not null;default:'[]'"` // JSON list of ints: scale values or option indexes
	}
	type PulseResponse struct {
		ID                  uint   `gorm:"primaryKey"`
		PulseID             uint   `gorm:"not null"`
		Source              string `gorm:"size:10;not null"` // personal or open
		ContactID           *uint
		CampaignRecipientID *uint
		OrganisationID      *uint
		StaffGroup          string `gorm:"size:60;not null;default:''"`
		JobRole             string `gorm:"not null;default:''"`
		CreatedAt           time.Time
		UpdatedAt           time.Time
	}
	type PulseAnswer struct {
		ID         uint   `gorm:"primaryKey"`
		PulseID    uint   `gorm:"not null"`
		ResponseID uint   `gorm:"not null;index"`
		QuestionID uint   `gorm:"not null"`
		Value      *int   // a scale value or an option index (one row per option chosen)
		Text       string `gorm:"type:text;not null;default:''"`
	}
	type Campaign struct {
		PulseID *uint
	}
	return &gormigrate.Migration{
		ID: "0029_readiness_pulses",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&Pulse{}, &PulseQuestion{}, &PulseResponse{}, &PulseAnswer{}); err != nil {
				return err
			}
			if err := tx.Migrator().AddColumn(&Campaign{}, "PulseID"); err != nil {
				return err
			}
			for _, q := range []string{
				// one response per contact per pulse: a second answer through the link changes it
				"CREATE UNIQUE INDEX idx_pulse_responses_contact ON pulse_responses (pulse_id, contact_id) WHERE contact_id IS NOT NULL",
				"CREATE INDEX idx_pulse_responses_cell ON pulse_responses (pulse_id, organisation_id, staff_group)",
				"CREATE INDEX idx_pulse_answers_question ON pulse_answers (question_id, value)",
				"CREATE INDEX idx_campaigns_pulse_id ON campaigns (pulse_id) WHERE pulse_id IS NOT NULL",
			} {
				if err := tx.Exec(q).Error; err != nil {
					return err
				}
			}
			return nil
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Exec("DROP INDEX IF EXISTS idx_campaigns_pulse_id").Error; err != nil {
				return err
			}
			if err := dropColumns(tx, "campaigns", "pulse_id"); err != nil {
				return err
			}
			return tx.Migrator().DropTable("pulse_answers", "pulse_responses", "pulse_questions", "pulses")
		},
	}
}
