package server

import (
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/confer-nhs/confer/"

// readers may import other areas: they read across areas (coverage, the home page,
// privacy: retention and subject access reach every area's personal data; decisions:
// what informed a decision, and coverage's disclosure control for what it heard;
// readiness: milestones, training attended, contacts and the campaigns pulses go out in).
var readers = []string{"coverage", "home", "privacy", "decisions", "readiness"}

// layoutPackage is what `go list -json` says of a package.
type layoutPackage struct {
	ImportPath string
	Imports    []string
	GoFiles    []string
}

// area names the area a package belongs to ("server/polls" and "models/polls" are both
// "polls"), or "" for a shared package.
func area(path string) string {
	rest, ok := strings.CutPrefix(path, module)
	if !ok {
		return ""
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || (parts[0] != "server" && parts[0] != "models") {
		return ""
	}
	switch parts[1] {
	case "web", "migrations", "storetest", "demo", "coveragetest":
		return "" // shared: the kit, the schema, test and demo fixtures
	}
	return parts[1]
}

// TestAreasDoNotImportEachOther keeps the layout from rotting (docs/ARCHITECTURE.md): an
// area's packages import what is shared (models, server/web, notifications) and their own
// area only, except coverage and the home page, which read the others; server/web imports
// no area; and only this package (the wiring), main and scripts import the areas' handlers.
// The shared models package holds no file named for an area: an area's models live in
// models/<area>.
func TestAreasDoNotImportEachOther(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports,GoFiles", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []layoutPackage
	for {
		var p layoutPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	areas := map[string]bool{}
	for _, p := range pkgs {
		if a := area(p.ImportPath); a != "" {
			areas[a] = true
		}
	}
	if len(areas) < 6 {
		t.Fatalf("found the areas %v; the layout this test checks is not there", areas)
	}
	for _, p := range pkgs {
		if p.ImportPath == module+"models" {
			for _, f := range p.GoFiles {
				for a := range areas {
					if strings.HasPrefix(f, a) || strings.HasPrefix(f, strings.TrimSuffix(a, "s")+"_") {
						t.Errorf("models/%s is named for the %s area: move it to models/%s", f, a, a)
					}
				}
			}
		}
		from := area(p.ImportPath)
		for _, imp := range p.Imports {
			to := area(imp)
			switch {
			case p.ImportPath == module+"server/web" && strings.HasPrefix(imp, module+"server/"):
				t.Errorf("server/web imports %s: the kit knows no area", imp)
			case from != "" && to != "" && from != to && !slices.Contains(readers, from):
				t.Errorf("%s (area %s) imports %s (area %s): areas do not import each other", p.ImportPath, from, imp, to)
			}
		}
	}
}
