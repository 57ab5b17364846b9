package notifications

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestParamValue: RFC 5545 §3.2 has no backslash escapes in parameter values; , ; : are
// safe only inside DQUOTEs, and " ^ and line breaks are written as RFC 6868 says.
func TestParamValue(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Jane Smith":      "Jane Smith",
		"Zoë O'Brien":     "Zoë O'Brien",
		"Smith, Jane":     `"Smith, Jane"`,
		`Jane "JJ" Smith`: "Jane ^'JJ^' Smith",
		"Jo;ROLE=CHAIR;RSVP=TRUE:mailto:x@evil.example": `"Jo;ROLE=CHAIR;RSVP=TRUE:mailto:x@evil.example"`,
		`Back\slash`:   `Back\slash`,
		"a^b":          "a^^b",
		"^n stays":     "^^n stays",
		"two\r\nlines": "two^nlines",
		"bell\a\x7f":   "bell",
		"tab\there":    "tab\there",
		`"A, B"`:       `"^'A, B^'"`,
	} {
		if got := paramValue(in); got != want {
			t.Errorf("paramValue(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestTextValue(t *testing.T) {
	t.Parallel()
	if got := textValue("a\\b;c,d\r\ne\nf:\"g\"\x00"); got != `a\\b\;c\,d\ne\nf:"g"` {
		t.Errorf("textValue = %s", got)
	}
}

// TestFold: lines end in CRLF, no line is over 75 octets, continuations start with one
// space, no multi-byte character is split, and unfolding gives the line back.
func TestFold(t *testing.T) {
	t.Parallel()
	for _, line := range []string{"SHORT:x", strings.Repeat("a", 75), strings.Repeat("a", 76),
		"ATTENDEE;CN=" + strings.Repeat("Zoë 🙂 Ọláwálé ", 20) + ":mailto:z@x.example", strings.Repeat("é", 200)} {
		folded := fold(line)
		if !strings.HasSuffix(folded, "\r\n") {
			t.Fatalf("no CRLF: %q", folded)
		}
		parts := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
		var back strings.Builder
		for i, p := range parts {
			if len(p) > maxLineOctets || !utf8.ValidString(p) || (i > 0 && !strings.HasPrefix(p, " ")) {
				t.Fatalf("line %d of %q: %d octets, valid %v: %q", i, line[:10], len(p), utf8.ValidString(p), p)
			}
			if i > 0 {
				p = p[1:]
			}
			back.WriteString(p)
		}
		if back.String() != line {
			t.Fatalf("unfolded %q, want %q", back.String(), line)
		}
	}
}

func TestCalAddress(t *testing.T) {
	t.Parallel()
	if got := calAddress("o'neill+x@ward.example.org"); got != "mailto:o'neill+x@ward.example.org" {
		t.Errorf("calAddress = %s", got)
	}
	if got := calAddress(`"a;b, c"@x.example`); got != "mailto:%22a%3Bb%2C%20c%22@x.example" {
		t.Errorf("calAddress = %s", got)
	}
}
