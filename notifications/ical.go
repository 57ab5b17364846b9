package notifications

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxLineOctets is RFC 5545 §3.1's limit on a content line, not counting its CRLF.
const maxLineOctets = 75

// calParam is one property parameter, such as CN=Jane Smith. Its value is plain text:
// calWriter encodes it (paramValue).
type calParam struct{ name, value string }

// calWriter writes iCalendar content lines (RFC 5545 §3.1). It is our own because
// golang-ical, which wrote the invites before, backslash-escapes , " ; : \ ' inside
// parameter values (RFC 5545 has no escapes there, so O'Brien arrived as O\'Brien and a
// crafted name could add parameters) and ends lines with the OS newline, not CRLF.
type calWriter struct{ b bytes.Buffer }

// prop writes one property whose value is already in its value type's syntax (a date,
// a number, a URI); text values go through text.
func (w *calWriter) prop(name, value string, params ...calParam) {
	var line strings.Builder
	line.WriteString(name)
	for _, p := range params {
		line.WriteString(";" + p.name + "=" + paramValue(p.value))
	}
	line.WriteString(":" + value)
	w.b.WriteString(fold(line.String()))
}

// text writes a property of value type TEXT (RFC 5545 §3.3.11).
func (w *calWriter) text(name, value string, params ...calParam) {
	w.prop(name, textValue(value), params...)
}

// bytes returns everything written.
func (w *calWriter) bytes() []byte { return w.b.Bytes() }

// paramValue encodes a parameter value (RFC 5545 §3.2 with RFC 6868): ^ becomes ^^, a
// line break ^n and a double quote ^', other control characters are dropped, and a value
// holding , ; or : is put in double quotes, inside which those three are plain text. No
// character can therefore end the value early or start another parameter.
func paramValue(v string) string {
	var b strings.Builder
	v = strings.ReplaceAll(v, "\r\n", "\n")
	for _, r := range v {
		switch {
		case r == '^':
			b.WriteString("^^")
		case r == '\n' || r == '\r':
			b.WriteString("^n")
		case r == '"':
			b.WriteString("^'")
		case isControl(r):
		default:
			b.WriteRune(r)
		}
	}
	s := b.String()
	if strings.ContainsAny(s, ",;:") {
		return `"` + s + `"`
	}
	return s
}

// textValue escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a
// backslash, a line break becomes \n, and other control characters are dropped.
func textValue(v string) string {
	var b strings.Builder
	v = strings.ReplaceAll(v, "\r\n", "\n")
	for _, r := range v {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteRune('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case isControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isControl is RFC 5545's CONTROL: the C0 controls except horizontal tab, and DEL.
func isControl(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }

// fold ends a content line with CRLF, first breaking it so that no line is longer than 75
// octets (RFC 5545 §3.1): each continuation starts with one space, and a break never
// falls inside a UTF-8 sequence, so a name like Zoë is never split into invalid bytes.
func fold(line string) string {
	var b strings.Builder
	limit := maxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut] + "\r\n ")
		line = line[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	b.WriteString(line + "\r\n")
	return b.String()
}

// calAddress is a CAL-ADDRESS value (a mailto URI, RFC 6068): characters a URI may not
// hold, and , ; which some parsers read as separators, are percent-encoded.
func calAddress(email string) string {
	var b strings.Builder
	b.WriteString("mailto:")
	for i := 0; i < len(email); i++ {
		c := email[i]
		if uriSafe(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// uriValue is a URI value with control characters and spaces dropped: a meeting link
// cannot end its content line early.
func uriValue(u string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, u)
}

// uriSafe is RFC 3986's unreserved characters and the sub-delims a mailto address keeps
// (without , and ;), plus @.
func uriSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+=@", c) >= 0
}
