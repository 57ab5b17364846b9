package feedback

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/confer-nhs/confer/models"
)

// Length limits of feedback text, in characters. Bodies are plain text with line breaks:
// the SPA renders them as text, so markup in them stays literal.
const (
	MaxChannelName        = 120
	MaxChannelDescription = 2000
	MaxPostBody           = 4000
	MaxPosterName         = 200
	MaxReplyBody          = 4000
	MaxActionTaken        = 2000
	MaxTagLength          = 40
	MaxTags               = 10
	MaxModerationReason   = 1000
)

// cleanText validates free text from a request field: valid UTF-8, no control characters
// but line breaks and tabs (Postgres refuses NUL outright), CRLF folded to LF, trimmed,
// and at most max characters. Empty is allowed; callers say when it is required.
func cleanText(field, s string, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", models.Invalid(field, "%s is not valid UTF-8 text", field)
	}
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	for _, r := range s {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\uFEFF') {
			return "", models.Invalid(field, "%s contains a control character (U+%04X): remove it", field, r)
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", models.Invalid(field, "%s is %d characters long: the limit is %d", field, n, max)
	}
	return s, nil
}

// cleanLine is cleanText for one-line values (names, tags): line breaks are refused.
func cleanLine(field, s string, max int) (string, error) {
	s, err := cleanText(field, s, max)
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(s, "\n\t") {
		return "", models.Invalid(field, "%s must be a single line", field)
	}
	return s, nil
}

// requiredText is cleanText that refuses an empty result.
func requiredText(field, s string, max int) (string, error) {
	s, err := cleanText(field, s, max)
	if err == nil && s == "" {
		err = models.Invalid(field, "%s is required (at most %d characters)", field, max)
	}
	return s, err
}
