package models_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/storetest"
)

// TestBusyDatabaseIsUnavailableNotInternal holds a write lock in one transaction while
// another writes: SQLite's "database is locked" (after a short busy timeout) and a
// Postgres lock timeout both come out as EUNAVAILABLE, which the server answers 503.
func TestBusyDatabaseIsUnavailableNotInternal(t *testing.T) {
	t.Parallel()
	s := storetest.OpenWith(t, func(o *models.OpenOptions) { o.BusyTimeout = 50 * time.Millisecond })
	ctx := context.Background()
	name, code, kind := "Busy Trust", "RBZ", "acute"
	org, err := s.CreateOrganisation(ctx, models.OrganisationInput{Name: &name, Code: &code, Kind: &kind})
	if err != nil {
		t.Fatal(err)
	}
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.Tx(ctx, func(tx *gorm.DB) error {
			// Takes the write lock on SQLite (BEGIN IMMEDIATE) and the row lock on Postgres.
			if err := tx.Exec("UPDATE organisations SET name = ? WHERE id = ?", "Held", org.ID).Error; err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if s.IsPostgres() {
			if err := tx.Exec("SET LOCAL lock_timeout = '50ms'").Error; err != nil {
				return err
			}
		}
		return tx.Exec("UPDATE organisations SET name = ? WHERE id = ?", "Blocked", org.ID).Error
	})
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err == nil {
		t.Fatal("the second writer was not blocked")
	}
	if got := models.ErrorCode(err); got != models.EUNAVAILABLE {
		t.Fatalf("busy error %v has code %q, want %q", err, got, models.EUNAVAILABLE)
	}
	if msg := models.ErrorMessage(err); msg == "internal error" {
		t.Fatalf("busy error shown as %q", msg)
	}
}
