package coverage

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
)

// loadEvidence reads ?from=&to= and gathers the pack.
func (s *Area) loadEvidence(c *fiber.Ctx) (evidenceView, error) {
	from, to, err := coveragemodel.ParsePeriod(c.Query("from"), c.Query("to"))
	if err != nil {
		return evidenceView{}, err
	}
	now := time.Now()
	e, err := s.db.Evidence(c.UserContext(), from, to, now)
	if err != nil {
		return evidenceView{}, err
	}
	v := newEvidenceView(e)
	v.GoLives, err = s.goLiveEvidence(c.UserContext(), from, to, now)
	return v, err
}

// getEvidenceReport is the pack's HTML report on its own, to read or print in the browser.
func (s *Area) getEvidenceReport(c *fiber.Ctx) error {
	v, err := s.loadEvidence(c)
	if err != nil {
		return err
	}
	page, err := renderEvidenceHTML(v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentSecurityPolicy, evidenceCSP)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	return c.Send(page)
}

// getEvidencePack is the zip: the report plus one CSV per table in it.
func (s *Area) getEvidencePack(c *fiber.Ctx) error {
	v, err := s.loadEvidence(c)
	if err != nil {
		return err
	}
	data, err := evidenceZip(v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="evidence-pack.zip"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("zip")
	return c.Send(data)
}

func evidenceZip(v evidenceView) ([]byte, error) {
	page, err := renderEvidenceHTML(v)
	if err != nil {
		return nil, err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"report.html", page},
		{"activity.csv", csvBytes(activityRows(v))},
		{"coverage.csv", csvBytes(coverageRows(v))},
		{"gaps.csv", csvBytes(gapRows(v))},
		{"readiness.csv", csvBytes(readinessRows(v))},
		{"themes.csv", csvBytes(themeRows(v))},
		{"you-said-we-did.csv", csvBytes(youSaidRows(v))},
		{"gunning-principles.csv", csvBytes(gunningRows(v))},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// evidenceCSVCell keeps a spreadsheet from reading user text as a formula.
func evidenceCSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func csvBytes(rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, row := range rows {
		for i := range row {
			row[i] = evidenceCSVCell(row[i])
		}
		_ = w.Write(row)
	}
	w.Flush()
	return buf.Bytes()
}

func activityRows(v evidenceView) [][]string {
	rows := [][]string{{"measure", "count"}}
	for _, m := range v.Activity {
		rows = append(rows, []string{m.Label, strconv.Itoa(m.Count)})
	}
	rows = append(rows, []string{"Headcount (contact list)", v.Headcount})
	for _, f := range v.Funnel {
		rows = append(rows, []string{"People " + strings.ToLower(f.Label), f.Value})
	}
	return rows
}

func coverageRows(v evidenceView) [][]string {
	head := []string{"organisation", "staff_group", "headcount"}
	for _, l := range v.StageLabels {
		head = append(head, strings.ToLower(l), strings.ToLower(l)+"_percent")
	}
	for _, l := range v.SplitLabels {
		head = append(head, strings.NewReplacer(", ", "_", "-", "_").Replace(strings.ToLower(l)))
	}
	rows := [][]string{append(head, "flagged", "gaps")}
	for _, c := range v.Cells {
		row := []string{c.Organisation, c.StaffGroup, c.Headcount}
		for i := range c.Counts {
			row = append(row, c.Counts[i], c.Percents[i])
		}
		row = append(row, c.Split...)
		rows = append(rows, append(row, strconv.FormatBool(c.Flagged), strings.Join(c.GapTexts, "; ")))
	}
	return rows
}

func gapRows(v evidenceView) [][]string {
	rows := [][]string{{"organisation", "staff_group", "stage", "category", "judged_on", "gap", "what_was_done"}}
	for _, g := range v.Gaps {
		done := strings.Join(g.Actions, "; ")
		if done == "" {
			done = "No action recorded yet"
		}
		rows = append(rows, []string{g.Organisation, g.StaffGroup, g.Stage, g.Category, g.JudgedOn, g.Text, done})
	}
	return rows
}

func themeRows(v evidenceView) [][]string {
	rows := [][]string{{"theme", "posts", "with_reply_or_action"}}
	for _, t := range v.Themes {
		rows = append(rows, []string{t.Theme, strconv.Itoa(t.Posts), strconv.Itoa(t.Responded)})
	}
	return rows
}

func youSaidRows(v evidenceView) [][]string {
	rows := [][]string{{"channel", "you_said", "we_did", "actioned_on"}}
	for _, y := range v.YouSaid {
		rows = append(rows, []string{y.Channel, y.YouSaid, y.WeDid, y.When})
	}
	return rows
}

func gunningRows(v evidenceView) [][]string {
	rows := [][]string{{"principle", "question", "evidence_recorded", "evidence"}}
	for _, p := range v.Gunning {
		rows = append(rows, []string{p.Name, p.Question, strconv.FormatBool(p.Evidenced), strings.Join(p.Evidence, " ")})
	}
	return rows
}
