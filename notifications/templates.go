package notifications

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	"sync"
	texttemplate "text/template"
)

// templateFS holds every email: NAME.txt (defines "subject" and "content") and NAME.html
// (defines "content"), wrapped by layout.txt and layout.html.
//
//go:embed templates/*.txt templates/*.html
var templateFS embed.FS

// SigninData is the data of the "signin" email.
type SigninData struct {
	Name    string // may be empty
	Link    string // the one-time sign-in URL
	Minutes int    // how long the link stays valid
}

// emailTemplate is one email's parsed templates, each already wrapped in its layout.
type emailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// loadTemplates parses the embedded templates once, on first use. They are compiled into
// the binary, so this is a cache of constants, not configuration; a parse error (a bug)
// is returned by every Render rather than panicking at start-up.
var loadTemplates = sync.OnceValues(parseTemplates)

// templateFuncs are available to both text and HTML templates.
var templateFuncs = map[string]any{
	// button makes the argument of the layout's "button" template: a call-to-action link.
	"button": func(href, label string) struct{ Href, Label string } {
		return struct{ Href, Label string }{href, label}
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
}

// Site names who sends every email: the programme and its integrated care system, shown
// in each email's header and footer so staff know whose programme is writing to them.
type Site struct {
	Programme string // CONFER_PROGRAMME_NAME
	ICS       string // CONFER_ICS_NAME; empty leaves it out
}

// Name is the programme's name, or "Confer" when none is set.
func (s Site) Name() string {
	if s.Programme == "" {
		return "Confer"
	}
	return s.Programme
}

// SentBy is the footer line naming the sender.
func (s Site) SentBy() string {
	if s.ICS == "" {
		return "This email is from " + s.Name() + "."
	}
	return "This email is from " + s.Name() + ", " + s.ICS + "."
}

// Renderer renders emails for one site. The server builds it once from its settings and
// hands it to whatever composes mail (handlers, the campaign dispatcher): no package
// state, so tests can render for different sites side by side.
type Renderer struct {
	Site Site
}

// NewRenderer returns a renderer whose emails name site.
func NewRenderer(site Site) Renderer { return Renderer{Site: site} }

// layoutData is what layout.txt and layout.html receive; NAME's blocks receive Data.
type layoutData struct {
	Subject string
	Site    Site
	Data    any
}

// Render renders email name with data as plain text and as HTML. HTML values are escaped
// by html/template, so a name like "<script>" arrives as text, and a link is checked to
// be a safe URL.
func (r Renderer) Render(name string, data any) (text, html string, err error) {
	_, text, html, err = r.render(name, data)
	return text, html, err
}

// render renders an email's subject, text and HTML, the subject once.
func (r Renderer) render(name string, data any) (subject, text, html string, err error) {
	t, err := lookupTemplate(name)
	if err != nil {
		return "", "", "", err
	}
	if subject, err = renderSubject(t, data); err != nil {
		return "", "", "", err
	}
	layout := layoutData{Subject: subject, Site: r.Site, Data: data}
	if text, err = execText(t.text, "layout.txt", layout); err != nil {
		return "", "", "", err
	}
	var b strings.Builder
	if err := t.html.ExecuteTemplate(&b, "layout.html", layout); err != nil {
		return "", "", "", fmt.Errorf("render %s.html: %w", name, err)
	}
	return subject, strings.TrimSpace(text) + "\n", b.String(), nil
}

// Subject renders the subject line of email name (the "subject" block of NAME.txt).
func (r Renderer) Subject(name string, data any) (string, error) {
	t, err := lookupTemplate(name)
	if err != nil {
		return "", err
	}
	return renderSubject(t, data)
}

// renderSubject folds the subject block onto one line, so template layout (or a value
// with a line break) can never produce a multi-line header.
func renderSubject(t *emailTemplate, data any) (string, error) {
	s, err := execText(t.text, "subject", data)
	return strings.Join(strings.Fields(s), " "), err
}

// NewMessage renders email name into a message to one recipient, ready for a Sender.
func (r Renderer) NewMessage(name, to, toName string, data any) (*Message, error) {
	subject, text, html, err := r.render(name, data)
	if err != nil {
		return nil, err
	}
	return &Message{To: to, ToName: toName, Subject: subject, Text: text, HTML: html}, nil
}

func lookupTemplate(name string) (*emailTemplate, error) {
	all, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	t, ok := all[name]
	if !ok {
		return nil, fmt.Errorf("notifications: no email template %q", name)
	}
	return t, nil
}

func execText(t *texttemplate.Template, name string, data any) (string, error) {
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return b.String(), nil
}

// parseTemplates parses each NAME.txt/NAME.html pair on a fresh clone of its layout, so
// every email's "content" block is its own.
func parseTemplates() (map[string]*emailTemplate, error) {
	textBase, err := texttemplate.New("layout.txt").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.txt")
	if err != nil {
		return nil, err
	}
	htmlBase, err := htmltemplate.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.txt")
	if err != nil {
		return nil, err
	}
	out := make(map[string]*emailTemplate)
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".txt")
		if name == "layout" {
			continue
		}
		t, err := parsePair(textBase, htmlBase, name)
		if err != nil {
			return nil, fmt.Errorf("email template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func parsePair(textBase *texttemplate.Template, htmlBase *htmltemplate.Template, name string) (*emailTemplate, error) {
	textClone, err := textBase.Clone()
	if err != nil {
		return nil, err
	}
	text, err := textClone.ParseFS(templateFS, "templates/"+name+".txt")
	if err != nil {
		return nil, err
	}
	htmlClone, err := htmlBase.Clone()
	if err != nil {
		return nil, err
	}
	html, err := htmlClone.ParseFS(templateFS, "templates/"+name+".html")
	if err != nil {
		return nil, err
	}
	for _, block := range []string{"subject", "content"} {
		if text.Lookup(block) == nil {
			return nil, fmt.Errorf("%s.txt does not define %q", name, block)
		}
	}
	if html.Lookup("content") == nil {
		return nil, fmt.Errorf("%s.html does not define \"content\"", name)
	}
	return &emailTemplate{text: text, html: html}, nil
}

// FeedbackReplyData is the data of the "feedback_reply" email, sent to a named poster
// when the programme replies to their post.
type FeedbackReplyData struct {
	Name    string // the poster's name
	Channel string // the channel's name
	Post    string // what they posted
	Reply   string // the programme's reply
	Public  bool   // whether the reply is shown publicly too
	Link    string // a follow-up link to read every reply and answer back
}
