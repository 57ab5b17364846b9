package notifications

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/confer-nhs/confer/models/campaigns"
)

// markdownText renders a campaign's Markdown as the plain-text part of its email: what a
// reader of the HTML part sees, without the markup. Emphasis and headings become their
// words, a link "its text (its address)", lists "- " or "1. " items, quotes and code are
// indented, and each line break the author typed is kept (as the HTML part keeps it).
func markdownText(src []byte) string {
	doc := markdown.Parser().Parse(text.NewReader(src))
	w := &textWriter{src: src}
	w.blocks(doc, "")
	return strings.TrimSpace(w.b.String())
}

// textWriter writes blocks separated by blank lines; prefix indents the lines of a block
// inside a list item or quote.
type textWriter struct {
	src []byte
	b   strings.Builder
}

func (w *textWriter) blocks(parent ast.Node, prefix string) {
	first := true
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		if _, skip := n.(*ast.HTMLBlock); skip {
			continue // raw HTML is left out of the HTML part too
		}
		if !first {
			w.b.WriteString("\n")
			if !isTight(parent) {
				w.b.WriteString(prefix + "\n")
			}
		}
		first = false
		w.block(n, prefix)
	}
}

// isTight reports whether parent's blocks sit on consecutive lines (a tight list's items).
func isTight(parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.List:
		return p.IsTight
	case *ast.ListItem:
		if l, ok := p.Parent().(*ast.List); ok {
			return l.IsTight
		}
	}
	return false
}

func (w *textWriter) block(n ast.Node, prefix string) {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		w.lines(w.inline(n), prefix)
	case *ast.List:
		w.list(n, prefix)
	case *ast.Blockquote:
		w.b.WriteString("    ")
		w.blocks(n, prefix+"    ")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var code strings.Builder
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			code.Write(seg.Value(w.src))
		}
		w.b.WriteString("    ")
		w.lines(strings.TrimRight(code.String(), "\n"), prefix+"    ")
	case *ast.ThematicBreak:
		w.b.WriteString("----------")
	case *east.Table:
		w.table(n, prefix)
	default:
		w.blocks(n, prefix)
	}
}

// lines writes s, indenting each line after the first by prefix.
func (w *textWriter) lines(s, prefix string) {
	w.b.WriteString(strings.ReplaceAll(s, "\n", "\n"+prefix))
}

func (w *textWriter) list(l *ast.List, prefix string) {
	i := 0
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		if i > 0 {
			w.b.WriteString("\n")
			if !l.IsTight {
				w.b.WriteString(prefix + "\n")
			}
		}
		marker := "- "
		if l.IsOrdered() {
			marker = strconv.Itoa(l.Start+i) + ". "
		}
		w.b.WriteString(prefix + marker)
		w.blocks(item, prefix+strings.Repeat(" ", len(marker)))
		i++
	}
	// A list's own prefix was written by its parent for the first item.
}

// table writes each row on a line, its cells joined by " | ", without the rule row.
func (w *textWriter) table(t *east.Table, prefix string) {
	first := true
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, w.inline(cell))
		}
		if !first {
			w.b.WriteString("\n" + prefix)
		}
		first = false
		w.b.WriteString(strings.Join(cells, " | "))
	}
}

// inline is the text of n's inline children.
func (w *textWriter) inline(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.inlineNode(&b, c)
	}
	return strings.TrimRight(b.String(), " \n")
}

func (w *textWriter) inlineNode(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(w.src)
		if !n.IsRaw() {
			v = unescape(v)
		}
		b.Write(v)
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteString("\n")
		}
	case *ast.String:
		b.Write(n.Value)
	case *ast.RawHTML:
		// left out, as in the HTML part
	case *ast.AutoLink:
		b.Write(n.URL(w.src))
	case *ast.Link:
		label, dest := w.inline(n), string(n.Destination)
		if !safeURL(dest) && !isFieldURL(dest) { // as the HTML part drops it
			b.WriteString(label)
		} else if label == "" || label == dest || "mailto:"+label == dest {
			b.WriteString(dest)
		} else {
			b.WriteString(label + " (" + dest + ")")
		}
	case *ast.Image:
		b.WriteString(w.inline(n)) // its alt text
	default:
		b.WriteString(w.inline(n))
	}
}

// unescape turns Markdown's backslash escapes and character references into characters.
func unescape(v []byte) []byte {
	v = util.ResolveNumericReferences(util.ResolveEntityNames(v))
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	return v
}

// isFieldURL reports whether a link's address is a personal field that becomes a web
// link per recipient ({{pulse_link}}).
func isFieldURL(u string) bool { return u == "{{"+campaigns.PulseLinkField+"}}" }

// safeURL reports whether a link's address may be shown: web, mail and phone links only.
func safeURL(u string) bool {
	l := strings.ToLower(u)
	for _, p := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}
