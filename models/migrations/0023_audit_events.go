package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// m0023AuditEvents adds the audit trail: one append-only row per privileged action, each
// carrying the SHA-256 of the row before it (models/trail.go writes and verifies the
// chain). Ids are given by the writer under its lock (last id + 1), not by a sequence, so
// a gap in the ids always means a deleted row. The rows hold no personal data: a person is
// named by their id (actor) or by models.SubjectKey (subject), so erasing someone never
// edits the chain.
func m0023AuditEvents() *gormigrate.Migration {
	type AuditEvent struct {
		ID         uint64    `gorm:"primaryKey;autoIncrement:false"`
		At         time.Time `gorm:"not null;index"`
		ActorID    *uint     `gorm:"index"`
		ActorRole  string    `gorm:"size:20;not null;default:''"`
		Action     string    `gorm:"size:100;not null;index"`
		ObjectKind string    `gorm:"size:40;not null;default:'';index:idx_audit_events_object,priority:1"`
		ObjectID   string    `gorm:"size:100;not null;default:'';index:idx_audit_events_object,priority:2"`
		Summary    string    `gorm:"size:1000;not null;default:''"`
		SubjectKey string    `gorm:"size:64;not null;default:'';index"`
		RequestID  string    `gorm:"size:100;not null;default:''"`
		Status     int       `gorm:"not null;default:0"`
		PrevHash   string    `gorm:"size:64;not null;default:''"`
		Hash       string    `gorm:"size:64;not null"`
	}
	return &gormigrate.Migration{
		ID: "0023_audit_events",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(&AuditEvent{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("audit_events")
		},
	}
}
