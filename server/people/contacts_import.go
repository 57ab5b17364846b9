package people

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	peoplemodel "github.com/confer-nhs/confer/models/people"
	"github.com/confer-nhs/confer/server/web"
)

type ImportResponse struct {
	Created  int                     `json:"created"`
	Updated  int                     `json:"updated"`
	Rejected []peoplemodel.Rejection `json:"rejected"`
	// UnusedColumns names the file's columns the import did not read.
	UnusedColumns []string `json:"unused_columns"`
	// MarkedLeft is how many contacts missing from the file were marked as left.
	MarkedLeft int `json:"marked_left"`
}

// importContacts takes a CSV staff list as the raw body (text/csv) or as the "file" part
// of a multipart form, and upserts its contacts by email. An optional column mapping (see
// importMapping) overrides what the headers say, as chosen in the preview.
func (s *Area) importContacts(c *fiber.Ctx) error {
	data, mapping, err := importRequest(c)
	if err != nil {
		return err
	}
	opts, err := importOptions(c)
	if err != nil {
		return err
	}
	res, err := s.db.ImportContactsWith(c.UserContext(), data, mapping, opts)
	if err != nil {
		return err
	}
	return c.JSON(ImportResponse{Created: res.Created, Updated: res.Updated,
		Rejected: orEmpty(res.Rejected), UnusedColumns: orEmpty(res.Unused), MarkedLeft: res.MarkedLeft})
}

// importOptions reads "mark_missing_left" (true or false) from the multipart form or,
// for a raw CSV body, the query.
func importOptions(c *fiber.Ctx) (peoplemodel.ImportOptions, error) {
	raw := c.FormValue("mark_missing_left")
	if raw == "" {
		raw = c.Query("mark_missing_left")
	}
	var opts peoplemodel.ImportOptions
	if raw == "" {
		return opts, nil
	}
	v, err := strconv.ParseBool(raw)
	if err != nil {
		return opts, models.Invalid("mark_missing_left", "mark_missing_left must be true or false")
	}
	opts.MarkMissingLeft = v
	return opts, nil
}

// importRequest reads the CSV file and the column mapping of an import or preview.
func importRequest(c *fiber.Ctx) ([]byte, peoplemodel.ColumnMapping, error) {
	data, err := csvBody(c)
	if err != nil {
		return nil, nil, err
	}
	mapping, err := importMapping(c)
	return data, mapping, err
}

// importMapping reads the column mapping from the multipart field "mapping" or, for a raw
// CSV body, the query parameter of that name: a JSON object from column index (from 0,
// as a string) to field, "" leaving the column out, e.g. {"3":"email","7":""}.
func importMapping(c *fiber.Ctx) (peoplemodel.ColumnMapping, error) {
	raw := c.FormValue("mapping")
	if raw == "" {
		raw = c.Query("mapping")
	}
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var byKey map[string]string
	if err := json.Unmarshal([]byte(raw), &byKey); err != nil {
		return nil, models.Invalid("mapping", `mapping must be a JSON object from column index to field, such as {"0":"email"}`)
	}
	out := make(peoplemodel.ColumnMapping, len(byKey))
	for k, f := range byKey {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 {
			return nil, models.Invalid("mapping", "mapping key %q is not a column index (0 is the first column)", k)
		}
		out[i] = f
	}
	return out, nil
}

func csvBody(c *fiber.Ctx) ([]byte, error) {
	tooBig := models.Invalid("file", "the CSV file is larger than %d MB; split it", web.MaxImportBody>>20)
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		fh, err := c.FormFile("file")
		if err != nil {
			return nil, models.Invalid("file", "attach the CSV file as the form field \"file\"")
		}
		if fh.Size > web.MaxImportBody {
			return nil, tooBig
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, web.MaxImportBody))
	}
	body := c.Body()
	if len(body) > web.MaxImportBody {
		return nil, tooBig
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, models.Invalid("file", "send the CSV file as the request body (Content-Type: text/csv) or as the multipart field \"file\"")
	}
	return bytes.Clone(body), nil // Fiber reuses the body buffer after the handler
}

// orEmpty makes a nil list encode as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
