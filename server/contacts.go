package server

import (
	"bytes"
	"io"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
)

// maxImportBody caps a CSV import (about 100,000 staff-list lines).
const maxImportBody = 10 << 20

func (s *Server) registerContactRoutes(r fiber.Router) {
	s.route(r, fiber.MethodPost, "/contacts/import", CommsTeam, s.importContacts)
	s.route(r, fiber.MethodGet, "/contacts", CommsTeam, s.listContacts)
	s.route(r, fiber.MethodPost, "/contacts/count", CommsTeam, s.countAudience)
}

type contactResponse struct {
	ID             uint       `json:"id"`
	Email          string     `json:"email"`
	Name           string     `json:"name"`
	OrganisationID *uint      `json:"organisation_id"`
	StaffGroup     string     `json:"staff_group"`
	JobRole        string     `json:"job_role"`
	UnsubscribedAt *time.Time `json:"unsubscribed_at"`
	Suppressed     string     `json:"suppressed"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func toContact(c *models.Contact) contactResponse {
	return contactResponse{ID: c.ID, Email: c.Email, Name: c.Name, OrganisationID: c.OrganisationID,
		StaffGroup: c.StaffGroup, JobRole: c.JobRole, UnsubscribedAt: c.UnsubscribedAt,
		Suppressed: c.Suppressed, UpdatedAt: c.UpdatedAt}
}

type importResponse struct {
	Created  int                `json:"created"`
	Updated  int                `json:"updated"`
	Rejected []models.Rejection `json:"rejected"`
}

// importContacts takes a CSV staff list as the raw body (text/csv) or as the "file" part
// of a multipart form, and upserts its contacts by email.
func (s *Server) importContacts(c *fiber.Ctx) error {
	data, err := csvBody(c)
	if err != nil {
		return err
	}
	res, err := s.store.ImportContacts(c.UserContext(), data)
	if err != nil {
		return err
	}
	if res.Rejected == nil {
		res.Rejected = []models.Rejection{}
	}
	return c.JSON(importResponse{Created: res.Created, Updated: res.Updated, Rejected: res.Rejected})
}

func csvBody(c *fiber.Ctx) ([]byte, error) {
	tooBig := models.Invalid("file", "the CSV file is larger than %d MB; split it", maxImportBody>>20)
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, models.Invalid("file", "attach the CSV file as the form field \"file\"")
		}
		if fh.Size > maxImportBody {
			return nil, tooBig
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, maxImportBody))
	}
	body := c.Body()
	if len(body) > maxImportBody {
		return nil, tooBig
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, models.Invalid("file", "send the CSV file as the request body (Content-Type: text/csv) or as the multipart field \"file\"")
	}
	return bytes.Clone(body), nil // Fiber reuses the body buffer after the handler
}

func (s *Server) listContacts(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	org, err := queryUint(c, "organisation_id")
	if err != nil {
		return err
	}
	group, err := models.ParseStaffGroup("staff_group", c.Query("staff_group"))
	if err != nil {
		return err
	}
	f := models.ContactFilter{OrganisationID: org, StaffGroup: group, Query: strings.Clone(c.Query("q"))}
	items, total, err := s.store.ListContacts(c.UserContext(), f, page)
	if err != nil {
		return err
	}
	out := make([]contactResponse, len(items))
	for i := range items {
		out[i] = toContact(&items[i])
	}
	return c.JSON(fiber.Map{"items": out, "total": total, "page": page.Page, "per_page": page.PerPage})
}

type audienceRequest struct {
	Kind     string           `json:"kind"`
	Audience *models.Audience `json:"audience"`
}

type orgCount struct {
	OrganisationID *uint `json:"organisation_id"`
	Recipients     int64 `json:"recipients"`
}

type audienceCountResponse struct {
	Recipients     int64      `json:"recipients"`
	ByOrganisation []orgCount `json:"by_organisation"`
}

func toAudienceCount(a *models.AudienceCount) audienceCountResponse {
	out := audienceCountResponse{Recipients: a.Total, ByOrganisation: []orgCount{}}
	for org, n := range a.ByOrganisation {
		oc := orgCount{Recipients: n}
		if org != 0 {
			id := org
			oc.OrganisationID = &id
		}
		out.ByOrganisation = append(out.ByOrganisation, oc)
	}
	return out
}

// countAudience is the live count the editor shows while the audience is chosen.
func (s *Server) countAudience(c *fiber.Ctx) error {
	var req audienceRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Kind != "" && req.Kind != models.KindNewsletter && req.Kind != models.KindNotice {
		return models.Invalid("kind", "kind must be newsletter or notice")
	}
	var a models.Audience
	if req.Audience != nil {
		a = *req.Audience
	}
	n, err := s.store.CountAudience(c.UserContext(), a, req.Kind)
	if err != nil {
		return err
	}
	return c.JSON(toAudienceCount(n))
}
