package decisions

import (
	"encoding/xml"
	"time"

	"github.com/gofiber/fiber/v2"

	decisionmodel "github.com/confer-nhs/confer/models/decisions"
)

// The register's feeds, for people who follow the programme in a feed reader: the newest
// published decisions in RSS 2.0 and in Atom 1.0, written with encoding/xml (no feed
// library is a dependency). Each entry links to the public decision page; its text is
// what was decided. Both are checked with a separate parser in decisions_feed_test.go.

// feedSize is how many decisions a feed carries.
const feedSize = 50

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Self        atomLink  `xml:"atom:link"`
	LastBuild   string    `xml:"lastBuildDate,omitempty"`
	Items       []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	Description string  `xml:"description"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Summary   string   `xml:"summary"`
}

// feedDecisions is the newest published decisions.
func (s *Area) feedDecisions(c *fiber.Ctx) ([]decisionmodel.Decision, error) {
	list, _, err := s.db.ListDecisions(c.UserContext(), decisionmodel.Filter{PublishedOnly: true,
		Page: pageOne(feedSize)})
	return list, err
}

func (s *Area) feedTitle() string { return "Decisions: " + s.Cfg.Site.Programme }

func (s *Area) rssFeed(c *fiber.Ctx) error {
	list, err := s.feedDecisions(c)
	if err != nil {
		return err
	}
	base := s.Cfg.BaseURL
	ch := rssChannel{Title: s.feedTitle(), Link: base + "/decisions", Language: "en-gb",
		Description: "What the programme decided, why, and what informed each decision.",
		Self:        atomLink{Href: base + "/api/v1/public/decisions.rss", Rel: "self", Type: "application/rss+xml"},
		Items:       []rssItem{}}
	for _, d := range list {
		link := base + publicPath(d.ID)
		ch.Items = append(ch.Items, rssItem{Title: d.Title, Link: link, Description: d.Decided,
			GUID: rssGUID{IsPermaLink: "true", Value: link}, PubDate: d.PublishedAt.UTC().Format(time.RFC1123Z)})
	}
	if len(list) > 0 {
		ch.LastBuild = list[0].PublishedAt.UTC().Format(time.RFC1123Z)
	}
	return s.sendXML(c, "application/rss+xml; charset=utf-8",
		rss{Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", Channel: ch})
}

func (s *Area) atomFeed(c *fiber.Ctx) error {
	list, err := s.feedDecisions(c)
	if err != nil {
		return err
	}
	base := s.Cfg.BaseURL
	f := atomFeed{ID: base + "/decisions", Title: s.feedTitle(), Author: atomAuthor{Name: s.Cfg.Site.Programme},
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Links: []atomLink{{Href: base + "/api/v1/public/decisions.atom", Rel: "self", Type: "application/atom+xml"},
			{Href: base + "/decisions", Rel: "alternate", Type: "text/html"}},
		Entries: []atomEntry{}}
	var newest time.Time
	for _, d := range list {
		link := base + publicPath(d.ID)
		updated := d.UpdatedAt.UTC()
		if updated.After(newest) {
			newest = updated
		}
		f.Entries = append(f.Entries, atomEntry{ID: link, Title: d.Title, Updated: updated.Format(time.RFC3339),
			Published: d.PublishedAt.UTC().Format(time.RFC3339), Link: atomLink{Href: link, Rel: "alternate", Type: "text/html"},
			Summary: d.Decided})
	}
	if !newest.IsZero() {
		f.Updated = newest.Format(time.RFC3339)
	}
	return s.sendXML(c, "application/atom+xml; charset=utf-8", f)
}

func (s *Area) sendXML(c *fiber.Ctx, contentType string, v any) error {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(append([]byte(xml.Header), body...))
}
