package models

import "time"

// Contact is someone a comms campaign can reach: imported from an organisation's staff list
// and matched by email across imports. The people area (models/people) imports and lists
// contacts; campaigns read them, so the struct is shared.
type Contact struct {
	ID          uint `gorm:"primaryKey"`
	Email       string
	Name        string
	Attribution `gorm:"embedded"`
	JobRole     string
	// AreaOfWork and ExternalID (the employee or assignment number) come from the staff
	// record the contact was imported from.
	AreaOfWork string
	ExternalID string `gorm:"column:external_id"`
	// UnsubscribedAt is set when the contact unsubscribed from newsletters.
	UnsubscribedAt *time.Time
	// Suppressed is "bounced" or "spam_reported": no campaign of any kind reaches them.
	Suppressed   string
	SuppressedAt *time.Time
	// LeftAt is when a re-import of their staff list no longer named them (nil while
	// they are on it); the retention job removes leavers some time after.
	LeftAt    *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}
