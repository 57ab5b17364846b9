package people

import (
	"github.com/gofiber/fiber/v2"

	peoplemodel "github.com/confer-nhs/confer/models/people"
)

// Preview bounds: enough rows to see the columns were understood, and enough refused
// lines to fix a file, without sending a 100,000-line report to the page.
const (
	previewRows     = 10
	previewRejected = 200
)

type importPreviewRow struct {
	Line           int    `json:"line"`
	Email          string `json:"email"`
	Name           string `json:"name"`
	OrganisationID *uint  `json:"organisation_id"`
	Organisation   string `json:"organisation"`
	StaffGroup     string `json:"staff_group"`
	JobRole        string `json:"job_role"`
	AreaOfWork     string `json:"area_of_work"`
	ExternalID     string `json:"external_id"`
}

type ImportPreviewResponse struct {
	Delimiter string                     `json:"delimiter"`
	Columns   []peoplemodel.CSVColumn    `json:"columns"`
	Fields    []peoplemodel.ContactField `json:"fields"`
	// Problem says why the file cannot be imported as mapped (no email column); the
	// columns are still listed so the mapping can be chosen.
	Problem       string                  `json:"problem"`
	Rows          []importPreviewRow      `json:"rows"`
	Accepted      int                     `json:"accepted"`
	Created       int                     `json:"created"`
	Updated       int                     `json:"updated"`
	Rejected      []peoplemodel.Rejection `json:"rejected"`
	RejectedTotal int                     `json:"rejected_total"`
	UnusedColumns []string                `json:"unused_columns"`
}

// previewContacts reads a staff list exactly as importContacts would (same body, same
// mapping) and says what it would do, writing nothing: the columns as understood, the
// first rows, and the lines it would refuse.
func (s *Area) previewContacts(c *fiber.Ctx) error {
	data, mapping, err := importRequest(c)
	if err != nil {
		return err
	}
	p, err := s.db.PreviewContacts(c.UserContext(), data, mapping)
	if err != nil {
		return err
	}
	return c.JSON(toPreview(p))
}

func toPreview(p *peoplemodel.ContactPreview) ImportPreviewResponse {
	out := ImportPreviewResponse{Delimiter: p.Delimiter, Columns: p.Header, Fields: peoplemodel.ContactFields, Problem: p.Problem,
		Rows: []importPreviewRow{}, Accepted: len(p.Rows), Created: p.Created, Updated: p.Updated,
		Rejected: orEmpty(p.Rejected[:min(len(p.Rejected), previewRejected)]), RejectedTotal: len(p.Rejected),
		UnusedColumns: orEmpty(p.Unused)}
	for _, r := range p.Rows[:min(len(p.Rows), previewRows)] {
		out.Rows = append(out.Rows, importPreviewRow{Line: r.Line, Email: r.Email, Name: r.Name,
			OrganisationID: r.Attribution.OrganisationID, Organisation: r.Organisation,
			StaffGroup: r.Attribution.StaffGroup, JobRole: r.JobRole, AreaOfWork: r.AreaOfWork, ExternalID: r.ExternalID})
	}
	return out
}
