package campaigns

import (
	"slices"
	"strings"
	"testing"

	"github.com/confer-nhs/confer/models"
)

// FuzzNormaliseTemplate checks that any accepted text uses only known fields, written one
// way, and that normalising twice changes nothing.
func FuzzNormaliseTemplate(f *testing.F) {
	for _, s := range []string{"Hi {{first_name}}", "{{ organisation }} {{staff_group}}", "{{x}}", "{{", "}}", "{{{first_name}}}", "a {{first_name} b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormaliseTemplate("body", s)
		if err != nil {
			if models.ErrorField(err) != "body" {
				t.Fatalf("error without field: %v", err)
			}
			return
		}
		for _, m := range fieldRe.FindAllStringSubmatch(out, -1) {
			if !slices.Contains(TemplateFields, m[1]) {
				t.Fatalf("accepted unknown field %q in %q", m[1], out)
			}
		}
		if rest := fieldRe.ReplaceAllString(out, ""); strings.Contains(rest, "{{") || strings.Contains(rest, "}}") {
			t.Fatalf("stray braces accepted: %q", out)
		}
		if again, err := NormaliseTemplate("body", out); err != nil || again != out {
			t.Fatalf("not idempotent: %q -> %q (%v)", out, again, err)
		}
	})
}
