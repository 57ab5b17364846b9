package server

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

// icsProp is one content line of an invite, unfolded, its parameters decoded (RFC 6868)
// and, for text properties, its value unescaped.
type icsProp struct {
	Name   string
	Params map[string]string
	Value  string
	// RawParams is the line's parameters as written, to count what they escape.
	RawParams string
}

// icsEvent is the VEVENT of an invite and its calendar's METHOD.
type icsEvent struct {
	Method string
	Props  map[string]icsProp // the VEVENT's own, by name
	TZIDs  []string
	Raw    []byte
}

func (e icsEvent) get(name string) string { return e.Props[name].Value }

// inviteOf checks that a booking mail carries its invite both ways (an invite.ics
// attachment, and the same calendar as a text/calendar alternative with the method) and
// parses it strictly.
func inviteOf(t *testing.T, m models.OutboxMessage) icsEvent {
	t.Helper()
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "invite.ics" || m.Attachments[0].ContentType != "text/calendar" {
		t.Fatalf("mail %q has no invite attachment: %+v", m.Subject, m.Attachments)
	}
	ev := parseICS(t, m.Attachments[0].Content)
	if len(m.Alternatives) != 1 || m.Alternatives[0].ContentType != "text/calendar; method="+ev.Method ||
		m.Alternatives[0].Content != string(m.Attachments[0].Content) {
		t.Fatalf("mail %q lacks the text/calendar alternative matching its attachment: %+v", m.Subject, m.Alternatives)
	}
	return ev
}

// parseICS reads an invite as strictly as RFC 5545 and RFC 6868 allow: every line ends in
// CRLF, no line is longer than 75 octets, folds never split a UTF-8 sequence, parameter
// values are plain or DQUOTE-quoted (RFC 5545 has no backslash escapes there, so a
// backslash is read as itself). It fails the test otherwise.
func parseICS(t *testing.T, raw []byte) icsEvent {
	t.Helper()
	if !bytes.HasSuffix(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Fatalf("invite lines do not all end in CRLF:\n%q", raw)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Fatalf("line of %d octets (valid UTF-8: %v): %q", len(l), utf8.ValidString(l), l)
		}
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
		} else {
			lines = append(lines, l)
		}
	}
	ev := icsEvent{Props: map[string]icsProp{}, Raw: raw}
	var stack []string
	for _, l := range lines {
		p := parseContentLine(t, l)
		switch {
		case p.Name == "BEGIN":
			stack = append(stack, p.Value)
		case p.Name == "END":
			if len(stack) == 0 || stack[len(stack)-1] != p.Value {
				t.Fatalf("END:%s does not close %v", p.Value, stack)
			}
			stack = stack[:len(stack)-1]
		case p.Name == "METHOD" && len(stack) == 1:
			ev.Method = p.Value
		case p.Name == "TZID":
			ev.TZIDs = append(ev.TZIDs, p.Value)
		case len(stack) == 2 && stack[1] == "VEVENT":
			if _, dup := ev.Props[p.Name]; dup {
				t.Fatalf("VEVENT has %s twice", p.Name)
			}
			ev.Props[p.Name] = p
		}
	}
	if len(stack) != 0 || len(ev.Props) == 0 {
		t.Fatalf("invite is not one whole VCALENDAR with a VEVENT:\n%s", raw)
	}
	return ev
}

// parseContentLine splits name *(";" param) ":" value (RFC 5545 §3.1).
func parseContentLine(t *testing.T, l string) icsProp {
	t.Helper()
	p := icsProp{Params: map[string]string{}}
	i := strings.IndexAny(l, ";:")
	if i <= 0 {
		t.Fatalf("no property name: %q", l)
	}
	p.Name, l = l[:i], l[i:]
	whole := l
	for strings.HasPrefix(l, ";") {
		eq := strings.IndexByte(l, '=')
		if eq < 0 {
			t.Fatalf("parameter without a value: %q", l)
		}
		name, rest := l[1:eq], l[eq+1:]
		var v string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				t.Fatalf("unterminated quoted value: %q", rest)
			}
			v, l = rest[1:end+1], rest[end+2:]
		} else {
			end := strings.IndexAny(rest, ";:,\"")
			if end < 0 {
				t.Fatalf("parameter runs to the end of the line: %q", rest)
			}
			v, l = rest[:end], rest[end:]
		}
		if _, dup := p.Params[name]; dup {
			t.Fatalf("parameter %s given twice", name)
		}
		p.Params[name] = strings.NewReplacer("^n", "\n", "^'", `"`, "^^", "^").Replace(v)
	}
	if !strings.HasPrefix(l, ":") {
		t.Fatalf("expected ':' before the value, have %q", l)
	}
	p.Value, p.RawParams = l[1:], whole[:len(whole)-len(l)]
	switch p.Name {
	case "SUMMARY", "DESCRIPTION", "LOCATION", "UID", "X-WR-TIMEZONE":
		p.Value = strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n").Replace(p.Value)
	}
	return p
}
