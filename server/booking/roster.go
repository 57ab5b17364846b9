package booking

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	bookingmodel "github.com/confer-nhs/confer/models/booking"
	"github.com/confer-nhs/confer/server/web"
)

// slotRosterCSV downloads a slot's roster for spreadsheets.
func (s *Area) slotRosterCSV(c *fiber.Ctx) error {
	id, err := web.IDParam(c, "id")
	if err != nil {
		return err
	}
	slot, bookings, err := s.db.SlotRoster(c.UserContext(), id)
	if err != nil {
		return err
	}
	orgs, err := s.Store.ListOrganisations(c.UserContext())
	if err != nil {
		return err
	}
	orgName := map[uint]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	data, err := rosterCSV(bookings, orgName)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("roster-slot-%d-%s.csv", slot.ID, slot.StartsAt.In(models.London()).Format("2006-01-02-1504"))
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(data)
}

// rosterCSV writes the roster with encoding/csv, every cell guarded against formula
// injection.
func rosterCSV(bookings []bookingmodel.Booking, orgName map[uint]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"Booking ID", "Name", "Email", "Organisation", "Staff group", "Job role", "Status", "Waitlist position", "Attendance", "Booked at (UTC)"}}
	for _, b := range bookings {
		org, pos := "", ""
		if b.OrganisationID != nil {
			org = orgName[*b.OrganisationID]
		}
		if b.Status == bookingmodel.StatusWaitlisted {
			pos = strconv.Itoa(b.Position)
		}
		rows = append(rows, []string{strconv.Itoa(int(b.ID)), b.Name, b.Email, org, b.StaffGroup, b.JobRole,
			b.Status, pos, b.Attendance, b.CreatedAt.UTC().Format("2006-01-02 15:04")})
	}
	for _, r := range rows {
		for i := range r {
			r[i] = web.CSVSafe(r[i])
		}
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
