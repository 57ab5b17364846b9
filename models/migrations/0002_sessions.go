package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0002Sessions adds engagement sessions, their slots and bookings. The invariants that
// matter live here: one active booking per person per session (a partial unique index),
// and the counters on slots that the booking code changes only by conditional updates.
func m0002Sessions() *gormigrate.Migration {
	type EngagementSession struct {
		ID                      uint   `gorm:"primaryKey"`
		Title                   string `gorm:"size:200;not null"`
		Description             string `gorm:"type:text;not null;default:''"`
		Category                string `gorm:"size:20;not null;index"`
		Format                  string `gorm:"size:20;not null"`
		Location                string `gorm:"size:500;not null;default:''"`
		MeetingURL              string `gorm:"size:1000;not null;default:''"`
		StaffGroups             string `gorm:"type:text;not null;default:'[]'"`
		RestrictToOrganisations bool   `gorm:"not null;default:false"`
		CreatedByID             *uint  `gorm:"index"`
		CreatedAt               time.Time
		UpdatedAt               time.Time
	}
	type EngagementSessionOrganisation struct {
		EngagementSessionID uint `gorm:"primaryKey;autoIncrement:false"`
		OrganisationID      uint `gorm:"primaryKey;autoIncrement:false;index"`
	}
	type Slot struct {
		ID                  uint      `gorm:"primaryKey"`
		EngagementSessionID uint      `gorm:"not null;index"`
		StartsAt            time.Time `gorm:"not null;index"`
		EndsAt              time.Time `gorm:"not null"`
		Capacity            int       `gorm:"not null"`
		Confirmed           int       `gorm:"not null;default:0"`
		Waitlisted          int       `gorm:"not null;default:0"`
		WaitlistSeq         int       `gorm:"not null;default:0"` // positions handed out so far
		CancelledAt         *time.Time
		CreatedAt           time.Time
		UpdatedAt           time.Time
	}
	type Booking struct {
		ID                  uint      `gorm:"primaryKey"`
		SlotID              uint      `gorm:"not null;index:idx_bookings_slot_status,priority:1"`
		EngagementSessionID uint      `gorm:"not null;index"`
		Name                string    `gorm:"size:200;not null"`
		Email               string    `gorm:"size:320;not null;index"`
		OrganisationID      *uint     `gorm:"index"`
		StaffGroup          string    `gorm:"size:60;not null;default:'';index"`
		JobRole             string    `gorm:"size:200;not null;default:''"`
		Status              string    `gorm:"size:20;not null;index:idx_bookings_slot_status,priority:2"`
		QueueSeq            int       `gorm:"not null;default:0"`
		Attendance          string    `gorm:"size:20;not null;default:''"`
		ManageHash          string    `gorm:"size:64;not null;uniqueIndex"`
		CalendarUID         string    `gorm:"size:200;not null;uniqueIndex"`
		CalendarSeq         int       `gorm:"not null;default:0"`
		StartsAt            time.Time `gorm:"not null"`
		EndsAt              time.Time `gorm:"not null"`
		ReminderSentAt      *time.Time
		CancelledAt         *time.Time
		CreatedAt           time.Time
		UpdatedAt           time.Time
	}
	tables := []any{&EngagementSession{}, &EngagementSessionOrganisation{}, &Slot{}, &Booking{}}
	return &gormigrate.Migration{
		ID: "0002_sessions",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(tables...); err != nil {
				return err
			}
			// Both SQLite and Postgres support partial unique indexes: a person holds at most
			// one confirmed or waitlisted booking per session, whatever the requests race.
			return tx.Exec(`CREATE UNIQUE INDEX idx_bookings_active_person ON bookings (engagement_session_id, email) ` +
				`WHERE status IN ('confirmed', 'waitlisted')`).Error
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
