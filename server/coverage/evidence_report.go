package coverage

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"strconv"

	coveragemodel "github.com/confer-nhs/confer/models/coverage"
)

var (
	//go:embed templates/evidence_report.html
	evidenceHTML string
	//go:embed templates/evidence_report.css
	evidenceCSS string

	evidenceTemplate = template.Must(template.New("evidence").
				Funcs(template.FuncMap{"inc": func(i int) int { return i + 1 }}).Parse(evidenceHTML))
	// evidenceCSP lets the report's one inline style block run and nothing else: the
	// report carries user text (feedback), so no script may ever run in it.
	evidenceCSP = func() string {
		sum := sha256.Sum256([]byte(evidenceCSS))
		return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
			"'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	}()
)

var stageLabels = map[string]string{
	coveragemodel.StageReached: "Reached", coveragemodel.StageBooked: "Booked", coveragemodel.StageAttended: "Attended",
	coveragemodel.StageContributed: "Contributed", coveragemodel.StageAnswered: "Answered",
}

// evidenceView is the pack as the report and the CSV files show it: every number already
// through the small-number rule, so the two cannot disagree.
type evidenceView struct {
	CSS         template.CSS
	Period      string
	Generated   string
	Activity    []coveragemodel.EvidenceMeasure
	Headcount   string
	Funnel      []labelValue
	StageLabels []string
	SplitLabels []string // the split's columns: "Contributed, verified", …
	Cells       []evidenceCell
	Gaps        []evidenceGap
	Themes      []coveragemodel.EvidenceTheme
	YouSaid     []evidenceYouSaid
	Gunning     []coveragemodel.GunningPrinciple
	GoLives     []evidenceGoLive // readiness for go-live (issue 17): milestones in the period
}

type labelValue struct{ Label, Value string }

type evidenceCell struct {
	Organisation, StaffGroup, Headcount string
	Values                              []string // per stage: "12 (20%)", "fewer than 5", "0"
	Counts                              []string // per stage: the count alone
	Percents                            []string // per stage: the share alone, "" when hidden
	Split                               []string // per verified stage: verified, then self-declared
	Flagged                             bool
	GapTexts                            []string
}

type evidenceGap struct {
	Organisation, StaffGroup, Stage, Category, Text, JudgedOn string
	Actions                                                   []string
}

type evidenceYouSaid struct{ Channel, YouSaid, WeDid, When string }

func periodWords(e *coveragemodel.Evidence) string {
	switch {
	case e.From != nil && e.To != nil:
		return coveragemodel.LondonDate(*e.From) + " to " + coveragemodel.LondonDate(e.To.Add(-1))
	case e.From != nil:
		return "From " + coveragemodel.LondonDate(*e.From)
	case e.To != nil:
		return "Up to " + coveragemodel.LondonDate(e.To.Add(-1))
	}
	return "All recorded activity"
}

func shareWords(c coveragemodel.CoverageCell, st string) string {
	if p, ok := coveragemodel.CoverageShare(c.Counts[st], c.Hide[st], c.Headcount, c.Hide[coveragemodel.HeadcountKey]); ok {
		return strconv.FormatFloat(p, 'f', -1, 64) + "%"
	}
	return ""
}

func newEvidenceView(e *coveragemodel.Evidence) evidenceView {
	cov := e.Coverage
	v := evidenceView{CSS: template.CSS(evidenceCSS), Period: periodWords(e),
		Generated: e.GeneratedAt.In(coveragemodel.LondonZone).Format("2 January 2006 at 15:04"),
		Activity:  e.Activity, Headcount: coveragemodel.ShowCount(cov.Headcount, cov.HeadcountHide), Themes: e.Themes, Gunning: e.Gunning}
	for _, st := range coveragemodel.CoverageStages {
		v.StageLabels = append(v.StageLabels, stageLabels[st])
		v.Funnel = append(v.Funnel, labelValue{stageLabels[st], coveragemodel.ShowCount(cov.Totals[st], cov.TotalsHide[st])})
		if coveragemodel.VerifiedStage(st) {
			v.SplitLabels = append(v.SplitLabels, stageLabels[st]+", verified", stageLabels[st]+", self-declared")
		}
	}
	for _, c := range cov.Cells {
		ec := evidenceCell{Organisation: cov.Organisations[c.OrganisationID], StaffGroup: c.StaffGroup,
			Headcount: coveragemodel.ShowCount(c.Headcount, c.Hide[coveragemodel.HeadcountKey]), Flagged: c.Flagged()}
		for _, st := range coveragemodel.CoverageStages {
			n, share := coveragemodel.ShowCount(c.Counts[st], c.Hide[st]), shareWords(c, st)
			ec.Counts, ec.Percents = append(ec.Counts, n), append(ec.Percents, share)
			if share != "" {
				n += " (" + share + ")"
			}
			ec.Values = append(ec.Values, n)
			if coveragemodel.VerifiedStage(st) {
				ec.Split = append(ec.Split, coveragemodel.ShowCount(c.Verified(st), c.Hide[st+coveragemodel.VerifiedSuffix]),
					coveragemodel.ShowCount(c.SelfDeclared(st), c.Hide[st+coveragemodel.SelfDeclaredSuffix]))
			}
		}
		for _, g := range c.Flags {
			ec.GapTexts = append(ec.GapTexts, g.Text)
		}
		v.Cells = append(v.Cells, ec)
	}
	for _, g := range cov.Gaps {
		eg := evidenceGap{Organisation: cov.Organisations[g.OrganisationID], StaffGroup: g.StaffGroup,
			Stage: g.Stage, Category: g.Category, Text: g.Text, JudgedOn: "all people"}
		if g.Verified {
			eg.JudgedOn = "verified people"
		}
		for _, a := range e.ActionsFor(g.OrganisationID, g.StaffGroup) {
			eg.Actions = append(eg.Actions, actionWords(a))
		}
		v.Gaps = append(v.Gaps, eg)
	}
	for _, y := range e.YouSaid {
		v.YouSaid = append(v.YouSaid, evidenceYouSaid{y.Channel, y.YouSaid, y.WeDid, coveragemodel.LondonDate(y.ActionedAt)})
	}
	return v
}

func actionWords(a coveragemodel.GapAction) string {
	what := "Action recorded"
	if a.CampaignID != nil {
		what = fmt.Sprintf("Campaign draft %d started", *a.CampaignID)
	}
	return what + " on " + coveragemodel.LondonDate(a.CreatedAt)
}

func renderEvidenceHTML(v evidenceView) ([]byte, error) {
	var buf bytes.Buffer
	err := evidenceTemplate.Execute(&buf, v)
	return buf.Bytes(), err
}
