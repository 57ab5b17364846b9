package server

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

const auditDoc = "../docs/AUDIT.md"

// TestAuditActionsAreDocumented keeps docs/AUDIT.md's list of audited actions equal to
// the route table's: a new or renamed audited route fails here until the list is
// regenerated (CONFER_UPDATE_DOCS=1 go test ./server/ -run TestAuditActionsAreDocumented).
func TestAuditActionsAreDocumented(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	var lines []string
	for _, r := range e.srv.Routes() {
		if r.Audit != "" {
			lines = append(lines, fmt.Sprintf("| `%s` | `%s %s` |", r.Audit, r.Method, r.Path))
		}
	}
	sort.Strings(lines)
	table := "| Action | Route |\n|---|---|\n" + strings.Join(lines, "\n") + "\n"
	data, err := os.ReadFile(auditDoc)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- actions:begin -->\n", "<!-- actions:end -->"
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the %q and %q markers", auditDoc, begin, end)
	}
	if doc[i+len(begin):j] == table {
		return
	}
	if os.Getenv("CONFER_UPDATE_DOCS") == "1" {
		if err := os.WriteFile(auditDoc, []byte(doc[:i+len(begin)]+table+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s's list of actions is out of date: run CONFER_UPDATE_DOCS=1 go test ./server/ -run TestAuditActionsAreDocumented", auditDoc)
}
