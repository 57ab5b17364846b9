package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/people"
)

var (
	firstNames = []string{"Aisha", "Ben", "Chloe", "David", "Emeka", "Fatima", "George", "Hannah", "Imran",
		"Jess", "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Qasim", "Rachel", "Sam",
		"Tomasz", "Uma", "Victoria", "Wei", "Yusuf", "Zoe", "Aled", "Bronwen", "Callum", "Deepa", "Eilidh"}
	lastNames = []string{"Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fernandes", "Green", "Hughes",
		"Iqbal", "Jones", "Khan", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Roberts", "Singh",
		"Taylor", "Walker", "Wilson", "Wright", "Okafor", "Chen", "Murphy"}
	// jobRoles by staff group, for realistic filters and segments.
	jobRoles = map[string][]string{
		"Nursing and Midwifery Registered": {"Staff Nurse", "Ward Sister", "Midwife", "Matron", "District Nurse"},
		"Medical and Dental":               {"Consultant", "Registrar", "Foundation Doctor", "GP"},
		"Allied Health Professionals":      {"Physiotherapist", "Occupational Therapist", "Paramedic", "Radiographer"},
		"Administrative and Clerical":      {"Ward Clerk", "Medical Secretary", "Records Officer", "Service Manager"},
		"Additional Clinical Services":     {"Healthcare Assistant", "Nursing Associate", "Emergency Care Assistant"},
		"Add Prof Scientific and Technic":  {"Pharmacist", "Clinical Psychologist", "Pharmacy Technician"},
		"Healthcare Scientists":            {"Biomedical Scientist", "Clinical Physiologist"},
		"Estates and Ancillary":            {"Porter", "Estates Officer", "Domestic Supervisor"},
		"Students":                         {"Student Nurse", "Medical Student"},
		"Social Care":                      {"Social Worker", "Care Coordinator"},
		"Voluntary and Community Sector":   {"Volunteer Coordinator", "Community Link Worker"},
		"Other":                            {"Digital Lead", "Clinical Safety Officer"},
	}
	nhsGroups = []string{"Nursing and Midwifery Registered", "Nursing and Midwifery Registered",
		"Medical and Dental", "Allied Health Professionals", "Administrative and Clerical",
		"Administrative and Clerical", "Additional Clinical Services", "Add Prof Scientific and Technic",
		"Healthcare Scientists", "Estates and Ancillary", "Students"}
)

// groupFor picks a staff group that fits the kind of organisation.
func groupFor(kind string, rng *rand.Rand) string {
	switch kind {
	case "local_authority":
		return []string{"Social Care", "Social Care", "Administrative and Clerical", "Other"}[rng.IntN(4)]
	case "voluntary":
		return []string{"Voluntary and Community Sector", "Voluntary and Community Sector", "Other"}[rng.IntN(3)]
	case "icb":
		return []string{"Administrative and Clerical", "Medical and Dental", "Nursing and Midwifery Registered", "Other"}[rng.IntN(4)]
	}
	return nhsGroups[rng.IntN(len(nhsGroups))]
}

func seedPeople(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	icb, err := store.GetOrganisationByCode(ctx, icbCode)
	if err != nil {
		return err
	}
	users := []struct{ email, name, role, group, job string }{
		{AdminEmail, "Alex Admin", models.RoleAdmin, "Administrative and Clerical", "EPR Programme Manager"},
		{CommsEmail, "Casey Comms", models.RoleComms, "Administrative and Clerical", "Communications Lead"},
		{FacilitatorEmail, "Frankie Facilitator", models.RoleFacilitator, "Nursing and Midwifery Registered", "Chief Nursing Information Officer"},
	}
	for _, u := range users {
		if _, err := people.Of(store).CreatePerson(ctx, people.PersonInput{Email: &u.email, Name: &u.name,
			Role: &u.role, OrganisationID: &icb.ID, StaffGroup: &u.group, JobRole: &u.job}); err != nil {
			return fmt.Errorf("demo user %s: %w", u.email, err)
		}
	}
	seen := map[string]bool{}
	for _, o := range organisations {
		for i := 0; i < o.staff; i++ {
			first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
			local := strings.ToLower(first + "." + strings.ReplaceAll(last, "'", ""))
			email := local + "@" + o.domain
			for n := 2; seen[email]; n++ {
				email = fmt.Sprintf("%s%d@%s", local, n, o.domain)
			}
			seen[email] = true
			name := first + " " + last
			group := groupFor(o.kind, rng)
			roles := jobRoles[group]
			job := roles[rng.IntN(len(roles))]
			if _, err := people.Of(store).CreatePerson(ctx, people.PersonInput{Email: &email, Name: &name,
				StaffGroup: &group, JobRole: &job}); err != nil {
				return fmt.Errorf("demo person %s: %w", email, err)
			}
		}
	}
	return nil
}
