package people_test

import (
	"context"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

func TestEmailsAreUniqueCaseInsensitively(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	a, b := "Jo.Bloggs@Trust.example", "jo.bloggs@trust.EXAMPLE"
	name := "Jo"
	if _, err := people.Of(s).CreatePerson(ctx, people.PersonInput{Email: &a, Name: &name}); err != nil {
		t.Fatal(err)
	}
	_, err := people.Of(s).CreatePerson(ctx, people.PersonInput{Email: &b, Name: &name})
	if models.ErrorCode(err) != models.ECONFLICT || models.ErrorField(err) != "email" {
		t.Fatalf("duplicate email: %v", err)
	}
}
