package server

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/confer-nhs/confer/models"
)

// wellFormed reads every token of an XML document with a strict decoder: a feed reader
// refuses a document that is not well-formed, whatever else it holds.
func wellFormed(t *testing.T, name string, body []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, body)
		}
	}
}

// TestDecisionFeeds (issue 16, item 4): the register's RSS 2.0 and Atom 1.0 feeds list
// published decisions only, newest first, each linking to its public page, with text
// escaped and dates in each format's own form. They are read back with structs of this
// test's own (not the ones that wrote them) and checked against what each format requires.
func TestDecisionFeeds(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	comms := e.tokenFor(models.RoleComms)
	first := e.newDecision(comms, map[string]any{"title": "Alerts <b>& order sets</b>"})
	second := e.newDecision(comms, map[string]any{"title": "Falls \"review\" at night"})
	e.newDecision(comms, map[string]any{"title": "Not published yet"})
	for _, d := range []testDecision{first, second} {
		e.decide(comms, d.ID)
		e.publishDecision(comms, d.ID)
		time.Sleep(1100 * time.Millisecond) // RSS dates are to the second: keep their order visible
	}

	r := e.do("GET", "/api/v1/public/decisions.rss", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/rss+xml") {
		t.Fatalf("rss: %s %s", r.Header.Get("Content-Type"), r)
	}
	wellFormed(t, "the RSS feed", r.Body)
	var feed struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Channel struct {
			Title string `xml:"title"`
			Links []struct {
				XMLName xml.Name
				Href    string `xml:"href,attr"`
				Rel     string `xml:"rel,attr"`
				Value   string `xml:",chardata"`
			} `xml:"link"` // RSS's own link, and atom:link rel="self"
			Description string `xml:"description"`
			Items       []struct {
				Title       string `xml:"title"`
				Link        string `xml:"link"`
				Description string `xml:"description"`
				PubDate     string `xml:"pubDate"`
				GUID        string `xml:"guid"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(r.Body, &feed); err != nil {
		t.Fatal(err)
	}
	ch := feed.Channel
	var link, self string
	for _, l := range ch.Links {
		switch l.XMLName.Space {
		case "":
			link = l.Value
		case "http://www.w3.org/2005/Atom":
			self = l.Href
		}
	}
	if feed.Version != "2.0" || ch.Title == "" || link != e.URL+"/decisions" || ch.Description == "" {
		t.Errorf("rss channel %+v lacks what RSS 2.0 requires", ch)
	}
	if self != e.URL+"/api/v1/public/decisions.rss" {
		t.Errorf("rss atom:link self %q", self)
	}
	if len(ch.Items) != 2 || ch.Items[0].Title != `Falls "review" at night` || ch.Items[1].Title != "Alerts <b>& order sets</b>" {
		t.Fatalf("rss items %+v, want the two published decisions, newest first, titles intact", ch.Items)
	}
	for _, it := range ch.Items {
		if _, err := mail.ParseDate(it.PubDate); err != nil { // RSS 2.0 dates are RFC 822
			t.Errorf("pubDate %q: %v", it.PubDate, err)
		}
		if !strings.HasPrefix(it.Link, e.URL+"/decisions/") || it.GUID != it.Link || it.Description == "" {
			t.Errorf("rss item %+v", it)
		}
	}
	if ch.Items[0].Link != fmt.Sprintf("%s/decisions/%d", e.URL, second.ID) {
		t.Errorf("newest item links %s", ch.Items[0].Link)
	}

	r = e.do("GET", "/api/v1/public/decisions.atom", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("atom: %s %s", r.Header.Get("Content-Type"), r)
	}
	wellFormed(t, "the Atom feed", r.Body)
	var atom struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"http://www.w3.org/2005/Atom id"`
		Title   string   `xml:"http://www.w3.org/2005/Atom title"`
		Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
		Author  struct {
			Name string `xml:"http://www.w3.org/2005/Atom name"`
		} `xml:"http://www.w3.org/2005/Atom author"`
		Entries []struct {
			ID      string `xml:"http://www.w3.org/2005/Atom id"`
			Title   string `xml:"http://www.w3.org/2005/Atom title"`
			Updated string `xml:"http://www.w3.org/2005/Atom updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(r.Body, &atom); err != nil {
		t.Fatal(err)
	}
	if atom.ID == "" || atom.Title == "" || atom.Author.Name == "" {
		t.Errorf("atom feed %+v lacks id, title or author", atom)
	}
	if _, err := time.Parse(time.RFC3339, atom.Updated); err != nil {
		t.Errorf("feed updated %q: %v", atom.Updated, err)
	}
	if len(atom.Entries) != 2 || atom.Entries[1].Title != "Alerts <b>& order sets</b>" {
		t.Fatalf("atom entries %+v", atom.Entries)
	}
	for _, en := range atom.Entries {
		if _, err := time.Parse(time.RFC3339, en.Updated); err != nil || en.ID == "" || en.Link.Href != en.ID {
			t.Errorf("atom entry %+v (%v)", en, err)
		}
	}
	if strings.Contains(string(r.Body), "Not published yet") {
		t.Error("an unpublished decision is in the Atom feed")
	}
	atomBody := r.Body

	// And as a feed reader we did not write reads them: Python's feedparser.
	for _, f := range []struct {
		path, version string
		body          []byte
	}{{"/api/v1/public/decisions.rss", "rss20", e.do("GET", "/api/v1/public/decisions.rss", nil).Body}, {"/api/v1/public/decisions.atom", "atom10", atomBody}} {
		got := readWithFeedparser(t, f.body)
		if got.Bozo || got.Version != f.version || got.Title == "" {
			t.Errorf("feedparser on %s: bozo %v (%s), version %q, title %q", f.path, got.Bozo, got.Exception, got.Version, got.Title)
		}
		if len(got.Entries) != 2 || got.Entries[0].Title != `Falls "review" at night` || got.Entries[1].Title != "Alerts <b>& order sets</b>" {
			t.Errorf("feedparser on %s read entries %+v", f.path, got.Entries)
			continue
		}
		for _, en := range got.Entries {
			if en.Link == "" || en.ID == "" || !en.Published || !strings.HasPrefix(en.Link, e.URL+"/decisions/") {
				t.Errorf("feedparser on %s: entry %+v lacks a link, id or date", f.path, en)
			}
		}
	}
}
