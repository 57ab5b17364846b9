package web

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// NoticesConfig is what the public privacy notice and accessibility statement say about
// the organisation that runs Confer. The words around it follow the ICO's guidance on
// privacy notices and GOV.UK's model accessibility statement; these settings fill in who.
type NoticesConfig struct {
	// Controller is the organisation responsible for the personal data (CONFER_CONTROLLER_NAME;
	// default the ICS name, then the programme).
	Controller string `json:"controller"`
	// DPOEmail reaches the controller's data protection officer (CONFER_DPO_EMAIL).
	DPOEmail string `json:"dpo_email"`
	// DPOAddress is a postal address for the data protection officer (CONFER_DPO_ADDRESS).
	DPOAddress string `json:"dpo_address"`
	// AccessibilityEmail takes reports of accessibility problems (CONFER_ACCESSIBILITY_EMAIL;
	// default the DPO's address).
	AccessibilityEmail string `json:"accessibility_email"`
	// KnownIssues are the accessibility problems the organisation knows of
	// (CONFER_ACCESSIBILITY_ISSUES, separated by "|").
	KnownIssues []string `json:"known_issues"`
	// TestedOn is when the organisation last tested the service's accessibility
	// (CONFER_ACCESSIBILITY_TESTED, YYYY-MM-DD); empty when it has not recorded a test, and
	// then the statement cannot claim full compliance.
	TestedOn string `json:"tested_on"`
	// TestedBy says who carried out that test (CONFER_ACCESSIBILITY_TESTED_BY).
	TestedBy string `json:"tested_by"`
	// NoticeUpdated is when the privacy notice was last reviewed (CONFER_PRIVACY_UPDATED,
	// YYYY-MM-DD).
	NoticeUpdated string `json:"notice_updated"`
}

// loadNoticesConfig reads the notices' settings; a bad value names its variable.
func loadNoticesConfig(get func(k, def string) string, site SiteConfig) (NoticesConfig, error) {
	n := NoticesConfig{
		Controller:         get("CONFER_CONTROLLER_NAME", ""),
		DPOEmail:           get("CONFER_DPO_EMAIL", ""),
		DPOAddress:         get("CONFER_DPO_ADDRESS", ""),
		AccessibilityEmail: get("CONFER_ACCESSIBILITY_EMAIL", ""),
		TestedOn:           get("CONFER_ACCESSIBILITY_TESTED", ""),
		TestedBy:           get("CONFER_ACCESSIBILITY_TESTED_BY", ""),
		NoticeUpdated:      get("CONFER_PRIVACY_UPDATED", ""),
		KnownIssues:        []string{},
	}
	if n.Controller == "" {
		n.Controller = site.ICS
	}
	if n.Controller == "" {
		n.Controller = site.Programme
	}
	for _, f := range []struct{ name, v string }{{"CONFER_DPO_EMAIL", n.DPOEmail}, {"CONFER_ACCESSIBILITY_EMAIL", n.AccessibilityEmail}} {
		if f.v == "" {
			continue
		}
		if a, err := mail.ParseAddress(f.v); err != nil || a.Address != f.v {
			return n, fmt.Errorf("%s must be a bare email address such as dpo@example.nhs.uk", f.name)
		}
	}
	if n.AccessibilityEmail == "" {
		n.AccessibilityEmail = n.DPOEmail
	}
	for _, f := range []struct{ name, v string }{{"CONFER_ACCESSIBILITY_TESTED", n.TestedOn}, {"CONFER_PRIVACY_UPDATED", n.NoticeUpdated}} {
		if f.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, f.v); err != nil {
			return n, fmt.Errorf("%s must be a date such as 2026-12-07", f.name)
		}
	}
	for _, issue := range strings.Split(get("CONFER_ACCESSIBILITY_ISSUES", ""), "|") {
		if issue = strings.TrimSpace(issue); issue != "" {
			n.KnownIssues = append(n.KnownIssues, issue)
		}
	}
	for name, v := range map[string]string{"CONFER_CONTROLLER_NAME": n.Controller, "CONFER_DPO_ADDRESS": n.DPOAddress,
		"CONFER_ACCESSIBILITY_TESTED_BY": n.TestedBy} {
		if len(v) > 200 {
			return n, fmt.Errorf("%s must be at most 200 characters", name)
		}
	}
	if len(n.KnownIssues) > 50 {
		return n, fmt.Errorf("CONFER_ACCESSIBILITY_ISSUES lists at most 50 issues")
	}
	for _, issue := range n.KnownIssues {
		if len(issue) > 500 {
			return n, fmt.Errorf("CONFER_ACCESSIBILITY_ISSUES: each issue must be at most 500 characters")
		}
	}
	return n, nil
}
