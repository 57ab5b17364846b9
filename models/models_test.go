package models_test

import (
	"context"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/demo"
	"github.com/confer-nhs/confer/models/migrations"
	"github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/models/storetest"
)

func TestMigrationsAreIdempotent(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	if err := migrations.Run(s.DB); err != nil {
		t.Fatalf("second run: %v", err)
	}
	for _, table := range []string{"organisations", "organisation_domains", "people", "api_tokens",
		"sign_in_tokens", "web_sessions", "outbox_messages", "schema_migrations"} {
		if !s.DB.Migrator().HasTable(table) {
			t.Errorf("table %s missing", table)
		}
	}
}

func TestDemoSeedIsIdempotent(t *testing.T) {
	t.Parallel()
	s := storetest.Open(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := demo.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	orgs, err := s.ListOrganisations(ctx)
	if err != nil || len(orgs) < 6 {
		t.Fatalf("organisations: %d %v", len(orgs), err)
	}
	everyone, total, err := people.Of(s).ListPeople(ctx, people.PersonFilter{})
	if err != nil || total < 300 {
		t.Fatalf("people: %d %v", total, err)
	}
	groups := map[string]bool{}
	for _, p := range everyone {
		if p.OrganisationID == nil {
			t.Fatalf("%s has no organisation", p.Email)
		}
		groups[p.StaffGroup] = true
	}
	if admin, err := s.GetPersonByEmail(ctx, demo.AdminEmail); err != nil || admin.Role != models.RoleAdmin {
		t.Fatalf("demo admin: %+v %v", admin, err)
	}
	_, total, _ = people.Of(s).ListPeople(ctx, people.PersonFilter{StaffGroup: "Nursing and Midwifery Registered"})
	if total == 0 {
		t.Fatal("no nurses in the demo ICS")
	}
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"a@b.example", "A <a@b.c>", "@", "a@b", "a@@b.c", " a@b.c ", "ä@ü.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := models.ParseEmail("email", s)
		if err != nil {
			if models.ErrorField(err) != "email" {
				t.Fatalf("error without field: %v", err)
			}
			return
		}
		if got != strings.ToLower(got) || !strings.Contains(got, "@") || strings.ContainsAny(got, " <>") {
			t.Fatalf("ParseEmail(%q) = %q", s, got)
		}
	})
}
