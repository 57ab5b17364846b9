package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/confer-nhs/confer/models"
	"github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/models/people"
)

type sessionSeed struct {
	title, description, category, format, place string
	groups                                      []string
	orgCodes                                    []string // target organisations
	restrict                                    bool
}

var demoSessions = []sessionSeed{
	{"Clinical safety and the new EPR: nurses and midwives", "How the new electronic patient record changes observations, handover and medicines rounds, and how clinical safety is assured.", "clinical", "virtual", "https://teams.example/l/meetup-join/epr-nursing", []string{"Nursing and Midwifery Registered", "Additional Clinical Services"}, nil, false},
	{"Prescribing and medicines on the EPR", "Electronic prescribing, allergies and the pharmacy workflow.", "clinical", "in_person", "Education Centre, Room 2, Moorside General Hospital", []string{"Medical and Dental", "Add Prof Scientific and Technic"}, []string{"RMT"}, true},
	{"Results and orders for allied health professionals", "", "clinical", "virtual", "https://teams.example/l/meetup-join/epr-ahp", []string{"Allied Health Professionals"}, nil, false},
	{"Mental health records: what changes for community teams", "", "clinical", "in_person", "Moor and Dales HQ, Training Suite", nil, []string{"RMD", "RNC"}, false},
	{"Ward clerks and the new patient administration system", "Admissions, transfers and discharges step by step.", "operational", "in_person", "Riverbank Hospital, Lecture Theatre 1", []string{"Administrative and Clerical"}, []string{"RRB"}, false},
	{"Go-live weekend: what to expect on your ward", "The cut-over plan, downtime procedures and where to get help.", "operational", "virtual", "https://teams.example/l/meetup-join/go-live", nil, nil, false},
	{"Discharge planning with social care", "Joint working between wards and the council's hospital social work team.", "operational", "virtual", "https://teams.example/l/meetup-join/discharge", []string{"Social Care", "Nursing and Midwifery Registered"}, []string{"NMC", "RMT", "RRB"}, false},
	{"Ambulance handover and the shared care record", "", "operational", "in_person", "NEMAS Headquarters, Conference Room", []string{"Allied Health Professionals", "Additional Clinical Services"}, []string{"RNA"}, false},
	{"Smartcards, single sign-on and devices", "Getting set up: smartcards, tap-and-go and the new ward devices.", "technical", "virtual", "https://teams.example/l/meetup-join/devices", nil, nil, false},
	{"Integrations for GP practices", "How GP systems exchange data with the trusts after go-live.", "technical", "virtual", "https://teams.example/l/meetup-join/gp-integration", []string{"Medical and Dental", "Administrative and Clerical"}, []string{"U83021"}, false},
	{"Reporting and data quality for analysts", "", "technical", "in_person", "ICB Offices, Floor 3", []string{"Administrative and Clerical", "Other"}, []string{"QNM"}, false},
	{"Super-user training: troubleshooting the EPR", "For digital champions who support colleagues on the floor.", "technical", "in_person", "Moorside General Hospital, IT Training Room", nil, nil, false},
}

// seedSessions publishes a dozen sessions with slots over the next three weeks, and books
// demo people into some of them (a few slots full, with a waiting list).
func seedSessions(ctx context.Context, store *models.Store, rng *rand.Rand) error {
	facilitator, err := store.GetPersonByEmail(ctx, FacilitatorEmail)
	if err != nil {
		return err
	}
	people, _, err := people.Of(store).ListPeople(ctx, people.PersonFilter{Page: models.Page{PerPage: 500}})
	if err != nil {
		return err
	}
	day := time.Now().In(models.London()).Truncate(24 * time.Hour)
	next := 0
	for i, sd := range demoSessions {
		sess, err := createDemoSession(ctx, store, sd, facilitator.ID)
		if err != nil {
			return fmt.Errorf("demo session %q: %w", sd.title, err)
		}
		if sd.title == reservedDemoSession {
			if err := holdDemoSeats(ctx, store, sess.ID, day); err != nil {
				return err
			}
		}
		for j := range 2 + rng.IntN(3) {
			d := day.AddDate(0, 0, 1+rng.IntN(20))
			start := time.Date(d.Year(), d.Month(), d.Day(), []int{9, 10, 12, 14, 16}[(i+j)%5], []int{0, 30}[j%2], 0, 0, models.London()).UTC()
			capacity := []int{8, 12, 20, 30}[rng.IntN(4)]
			slot, err := booking.Of(store).CreateSlot(ctx, sess.ID, booking.SlotInput{StartsAt: &start, EndsAt: ptr(start.Add(45 * time.Minute)), Capacity: &capacity})
			if err != nil {
				return err
			}
			want := rng.IntN(capacity + 3)
			for k := 0; k < want && next < len(people); k++ {
				p := people[next]
				next++
				if p.Role != "" || p.StaffGroup == "" {
					continue
				}
				_, _, err := booking.Of(store).Book(ctx, slot.ID, booking.BookingInput{Name: p.Name, Email: p.Email, StaffGroup: p.StaffGroup,
					JobRole: p.JobRole, OrganisationID: p.OrganisationID, Waitlist: true})
				if err != nil && models.ErrorCode(err) != models.ECONFLICT && models.ErrorCode(err) != models.EINVALID {
					return fmt.Errorf("demo booking: %w", err)
				}
			}
		}
	}
	return nil
}

func createDemoSession(ctx context.Context, store *models.Store, sd sessionSeed, by uint) (*booking.EngagementSession, error) {
	var orgIDs []uint
	for _, code := range sd.orgCodes {
		o, err := store.GetOrganisationByCode(ctx, code)
		if err != nil {
			return nil, err
		}
		orgIDs = append(orgIDs, o.ID)
	}
	in := booking.SessionInput{Title: &sd.title, Description: &sd.description, Category: &sd.category, Format: &sd.format,
		OrganisationIDs: &orgIDs, StaffGroups: &sd.groups, RestrictToOrganisations: &sd.restrict}
	if sd.format == "virtual" {
		in.MeetingURL = &sd.place
	} else {
		in.Location = &sd.place
	}
	return booking.Of(store).CreateEngagementSession(ctx, in, by)
}

// reservedDemoSession holds a quarter of its seats for North Moor Community Health staff,
// the kind of gap the coverage page finds, until ten days from now.
const reservedDemoSession = "Smartcards, single sign-on and devices"

func holdDemoSeats(ctx context.Context, store *models.Store, sessionID uint, day time.Time) error {
	org, err := store.GetOrganisationByCode(ctx, "RNC")
	if err != nil {
		return err
	}
	share, until, orgs := 25, ptr(day.AddDate(0, 0, 10).UTC()), []uint{org.ID}
	_, _, err = booking.Of(store).UpdateEngagementSession(ctx, sessionID, booking.SessionInput{ReservedShare: &share,
		ReservedUntil: &until, ReservedOrganisationIDs: &orgs})
	return err
}
