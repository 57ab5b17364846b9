package models

import (
	"errors"

	"gorm.io/gorm"
)

func Deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// OrNotFound turns a missing record into a domain not-found error naming what was missing.
func OrNotFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return NotFound(what)
	}
	return err
}

func isForeignKey(err error) bool { return errors.Is(err, gorm.ErrForeignKeyViolated) }
