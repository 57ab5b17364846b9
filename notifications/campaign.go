package notifications

import (
	"bytes"
	"html"
	htmltemplate "html/template"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/confer-nhs/confer/models/campaigns"
)

// Substitution keys. SendGrid replaces each key per personalization wherever it appears
// (subject, text, HTML). The HTML body uses the ".html" keys, whose values we escape, and
// the subject and text use the plain keys, so a name like "<b>Jo</b>" stays text in both.
const (
	keyPrefix         = "-confer."
	keyUnsubscribeURL = "-confer.unsubscribe_url-"
)

func textKey(field string) string { return keyPrefix + field + "-" }
func htmlKey(field string) string { return keyPrefix + field + ".html-" }

// CampaignMail is a campaign rendered once, with substitution keys where each recipient's
// personal fields go.
type CampaignMail struct {
	Subject, Text, HTML string
	Newsletter          bool
}

// campaignData is the data of the "campaign" email template.
type campaignData struct {
	HTMLSubject    string
	HTML           htmltemplate.HTML
	Text           string
	Newsletter     bool
	UnsubscribeURL string
}

var (
	// markdown keeps each line break the author typed (WithHardWraps): comms write
	// addresses and sign-offs line by line and expect them to arrive that way.
	markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithRendererOptions(gmhtml.WithHardWraps()))
	// sanitise keeps what user-generated content needs (headings, lists, links, tables)
	// and nothing that could run or track: no scripts, styles, forms or event handlers.
	sanitise = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(false)
		p.AddTargetBlankToFullyQualifiedLinks(true)
		return p
	})
)

// Campaign renders a campaign's Markdown once into a branded HTML email and its plain-text
// twin (readable text made from the Markdown), with substitution keys for {{first_name}},
// {{organisation}} and {{staff_group}} (and the unsubscribe link of a newsletter).
func (r Renderer) Campaign(c *campaigns.Campaign) (*CampaignMail, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(c.BodyMarkdown), &buf); err != nil {
		return nil, err
	}
	body := sanitise().Sanitize(buf.String())
	newsletter := c.Kind != campaigns.KindNotice
	data := campaignData{
		HTMLSubject:    withKeys(c.Subject, htmlKey),
		HTML:           htmltemplate.HTML(withKeys(body, htmlKey)), // sanitised above
		Text:           withKeys(markdownText([]byte(c.BodyMarkdown)), textKey),
		Newsletter:     newsletter,
		UnsubscribeURL: keyUnsubscribeURL,
	}
	text, htmlBody, err := r.Render("campaign", data)
	if err != nil {
		return nil, err
	}
	return &CampaignMail{Subject: withKeys(c.Subject, textKey), Text: text, HTML: htmlBody, Newsletter: newsletter}, nil
}

// withKeys replaces each {{field}} (already normalised when the campaign was saved) with
// its substitution key.
func withKeys(s string, key func(string) string) string {
	pairs := make([]string, 0, 4*len(campaigns.AllTemplateFields))
	for _, f := range campaigns.AllTemplateFields {
		// the second form is a field in a Markdown link's address, which the HTML escapes
		pairs = append(pairs, "{{"+f+"}}", key(f), "%7B%7B"+f+"%7D%7D", key(f))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// PersonalFields are one recipient's values for the template fields. PulseURL is their
// own link to the campaign's readiness pulse ({{pulse_link}}), when it has one.
type PersonalFields struct {
	Name, Organisation, StaffGroup, UnsubscribeURL, PulseURL string
}

// FirstName is the first word of a name, or "colleague" when there is none.
func FirstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return "colleague"
}

// Substitutions are the per-recipient values for every key: plain for subject and text,
// HTML-escaped for the HTML part.
func (p PersonalFields) Substitutions(newsletter bool) map[string]string {
	vals := map[string]string{"first_name": FirstName(p.Name), "organisation": p.Organisation, "staff_group": p.StaffGroup}
	if p.PulseURL != "" { // only a pulse's campaign holds the key
		vals[campaigns.PulseLinkField] = p.PulseURL
	}
	subs := make(map[string]string, 2*len(vals)+1)
	for f, v := range vals {
		subs[textKey(f)] = v
		subs[htmlKey(f)] = html.EscapeString(v)
	}
	if newsletter {
		subs[keyUnsubscribeURL] = p.UnsubscribeURL
	}
	return subs
}

// Personalise applies one recipient's values to the rendered mail, as SendGrid would: for
// previews and test sends.
func (m *CampaignMail) Personalise(p PersonalFields) (subject, text, htmlBody string) {
	sub := substituter(p.Substitutions(m.Newsletter))
	return sub(m.Subject), sub(m.Text), sub(m.HTML)
}

// UnsubscribeHeaders are the RFC 8058 one-click unsubscribe headers for a newsletter.
func UnsubscribeHeaders(url string) map[string]string {
	return map[string]string{"List-Unsubscribe": "<" + url + ">", "List-Unsubscribe-Post": oneClick}
}

// oneClick is the List-Unsubscribe-Post value; a batch sets it once for everyone.
const oneClick = "List-Unsubscribe=One-Click"
