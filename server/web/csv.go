package web

import (
	"encoding/csv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// CSVSafe guards a cell against formula injection: spreadsheet programs run a cell that
// starts with =, +, -, @, tab or carriage return as a formula, so such a cell gets a
// leading apostrophe (OWASP's advice), which the programs show as text.
func CSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// CSVTime writes a time as RFC 3339 in UTC, or nothing.
func CSVTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// CSVDownload answers with a CSV attachment named name, written by write.
func CSVDownload(c *fiber.Ctx, name string, write func(w *csv.Writer) error) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := write(w); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return c.SendString(b.String())
}

// SafeRow guards every cell of a row (CSVSafe).
func SafeRow(cells ...string) []string {
	for i := range cells {
		cells[i] = CSVSafe(cells[i])
	}
	return cells
}
