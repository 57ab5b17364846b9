package privacy

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/confer-nhs/confer/models"
	privacymodel "github.com/confer-nhs/confer/models/privacy"
	"github.com/confer-nhs/confer/server/web"
)

// exportSubject answers with a zip of everything found: README.txt, subject.json (the
// counts), and per area with rows a JSON file (one object per row) and a CSV file, every
// cell guarded against formula injection.
func (s *Area) exportSubject(c *fiber.Ctx) error {
	sub, err := subjectQuery(c)
	if err != nil {
		return err
	}
	f, err := s.db.FindSubject(c.UserContext(), sub)
	if err != nil {
		return err
	}
	data, err := subjectZip(f, time.Now().UTC(), s.Cfg.Site.Programme)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="confer-subject-access-`+time.Now().UTC().Format("2006-01-02")+`.zip"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(data)
}

func subjectZip(f *privacymodel.Findings, now time.Time, programme string) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	put := func(name string, body []byte) error {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		_, err = w.Write(body)
		return err
	}
	if err := put("README.txt", []byte(subjectReadme(f, now, programme))); err != nil {
		return nil, err
	}
	summary, err := json.MarshalIndent(toSubject(f).summary(), "", "  ")
	if err != nil {
		return nil, err
	}
	if err := put("subject.json", summary); err != nil {
		return nil, err
	}
	for _, a := range f.Areas {
		if a.Count == 0 {
			continue
		}
		js, err := json.MarshalIndent(areaObjects(a), "", "  ")
		if err != nil {
			return nil, err
		}
		if err := put(a.Key+".json", js); err != nil {
			return nil, err
		}
		if err := put(a.Key+".csv", areaCSV(a)); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// exportSummary is subject.json: who was asked about and how many records of each kind.
type exportSummary struct {
	Email  string         `json:"email,omitempty"`
	Follow bool           `json:"follow_up_link"`
	Total  int            `json:"total"`
	Counts map[string]int `json:"counts"`
}

func (r SubjectResponse) summary() exportSummary {
	return exportSummary{Email: r.Email, Follow: r.Follow, Total: r.Total, Counts: r.Counts}
}

// areaObjects turns an area's rows into one JSON object per row, keyed by column.
func areaObjects(a *privacymodel.Area) []map[string]string {
	out := make([]map[string]string, len(a.Rows))
	for i, row := range a.Rows {
		obj := make(map[string]string, len(a.Columns))
		for j, col := range a.Columns {
			obj[col] = row[j]
		}
		out[i] = obj
	}
	return out
}

func areaCSV(a *privacymodel.Area) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(web.SafeRow(append([]string(nil), a.Columns...)...))
	for _, row := range a.Rows {
		_ = w.Write(web.SafeRow(append([]string(nil), row...)...))
	}
	w.Flush()
	return b.Bytes()
}

// subjectReadme explains the zip to the person it is about, in plain English.
func subjectReadme(f *privacymodel.Findings, now time.Time, programme string) string {
	var b strings.Builder
	if programme == "" {
		programme = "Confer"
	}
	fmt.Fprintf(&b, "What %s holds about you\n\n", programme)
	who := "the email address " + f.Subject.Email
	if f.Subject.Email == "" {
		who = "the follow-up link you gave us"
	}
	fmt.Fprintf(&b, "This is everything we found for %s on %s (times in the files are UTC).\n\n", who,
		now.In(models.London()).Format("Monday 2 January 2006"))
	b.WriteString("subject.json lists how many records of each kind we found.\n")
	b.WriteString("Each kind with records has two files with the same contents: a .json file and a .csv\n")
	b.WriteString("file that opens in a spreadsheet.\n\n")
	for _, a := range f.Areas {
		if a.Count == 0 {
			fmt.Fprintf(&b, "- %s: none\n", a.Title)
			continue
		}
		fmt.Fprintf(&b, "- %s: %s (%s.json, %s.csv)\n", a.Title, plural(a.Count, "record", "records"), a.Key, a.Key)
	}
	b.WriteString("\nWorkshop participants and posts without an email address are found by the name you gave\n")
	b.WriteString("with your address elsewhere, so some may be someone else with the same name: tell us if so.\n")
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
