// Package demo seeds a fictional integrated care system so a fresh `make run` has something
// to look at. Each area adds its own seeder to the list in Seed. Seeding is idempotent: it
// does nothing when the demo ICB already exists.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/confer-nhs/confer/models"
)

// Demo users, signed in through the outbox.
const (
	AdminEmail       = "admin@confer.example"
	CommsEmail       = "comms@confer.example"
	FacilitatorEmail = "facilitator@confer.example"
)

// seeder adds one area's demo data; rng is shared so the whole data set is reproducible.
type seeder func(ctx context.Context, store *models.Store, rng *rand.Rand) error

// Seed fills an empty database with the demo ICS.
func Seed(ctx context.Context, store *models.Store) error {
	if _, err := store.GetOrganisationByCode(ctx, icbCode); err == nil {
		return nil
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	for _, s := range []seeder{seedOrganisations, seedPeople, seedFeedback, seedSessions, seedCampaigns, seedPolls, seedCoverage, seedDecisions, seedReadiness} {
		if err := s(ctx, store, rng); err != nil {
			return err
		}
	}
	return nil
}

const icbCode = "QNM"

type orgSeed struct {
	name, code, kind, domain string
	staff                    int
}

var organisations = []orgSeed{
	{"NHS North Moor Integrated Care Board", icbCode, "icb", "northmoor-icb.nhs.example", 20},
	{"Moorside Teaching Hospitals NHS Foundation Trust", "RMT", "acute", "moorside.nhs.example", 70},
	{"Riverbank Hospitals NHS Trust", "RRB", "acute", "riverbank.nhs.example", 55},
	{"North Moor Community Health NHS Foundation Trust", "RNC", "community", "nmch.nhs.example", 40},
	{"Moor and Dales Mental Health NHS Foundation Trust", "RMD", "mental_health", "mdmh.nhs.example", 35},
	{"North East Moor Ambulance Service NHS Foundation Trust", "RNA", "ambulance", "nemas.nhs.example", 25},
	{"Moorside Central Primary Care Network", "U83021", "primary_care", "moorside-pcn.nhs.example", 20},
	{"North Moor Council", "NMC", "local_authority", "northmoor.gov.example", 20},
	{"Moor Voluntary Action", "MVA", "voluntary", "moorva.org.example", 15},
}

func seedOrganisations(ctx context.Context, store *models.Store, _ *rand.Rand) error {
	for _, o := range organisations {
		domains := []string{o.domain}
		if _, err := store.CreateOrganisation(ctx, models.OrganisationInput{
			Name: &o.name, Code: &o.code, Kind: &o.kind, EmailDomains: &domains,
		}); err != nil {
			return fmt.Errorf("organisation %s: %w", o.code, err)
		}
	}
	return nil
}

// ptr returns a pointer to a copy of v, for the optional fields of store inputs.
func ptr[T any](v T) *T { return &v }
