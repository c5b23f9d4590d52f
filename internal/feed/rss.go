package feed

import (
	"encoding/xml"
	"fmt"
	"html"
	"time"
)

// The prefixed element names below ("atom:link") are written as they are;
// the root element declares the prefixes.
type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	AtomNS    string     `xml:"xmlns:atom,attr"`
	ContentNS string     `xml:"xmlns:content,attr"`
	DCNS      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	AtomLink      atomLink  `xml:"atom:link"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link,omitempty"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate,omitempty"`
	Creator     string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description,omitempty"`
	Content     string   `xml:"content:encoded,omitempty"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// RSS writes f as an RSS 2.0 feed. Dates are RFC 1123 with a numeric zone,
// in UTC. An entry's guid is a permalink when its id is its URL. The item
// description is the summary, escaped as HTML because feed readers read it
// as HTML; the full content goes in content:encoded and the author's name in
// dc:creator, since RSS's own author element wants an email address.
func RSS(f Feed) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("feed: rss: %w", err)
	}
	ch := rssChannel{
		Title:       f.Title,
		Link:        f.PageURL,
		Description: f.Subtitle,
		AtomLink:    atomLink{Rel: "self", Type: "application/rss+xml", Href: f.SelfURL},
	}
	if ch.Description == "" {
		ch.Description = f.Title
	}
	if t := f.updated(); !t.IsZero() {
		ch.LastBuildDate = rssTime(t)
	}
	for i := range f.Entries {
		ch.Items = append(ch.Items, newRSSItem(&f.Entries[i], f.Author))
	}
	out, err := marshal(rssDoc{
		Version:   "2.0",
		AtomNS:    atomNS,
		ContentNS: "http://purl.org/rss/1.0/modules/content/",
		DCNS:      "http://purl.org/dc/elements/1.1/",
		Channel:   ch,
	})
	if err != nil {
		return nil, fmt.Errorf("feed: rss: %w", err)
	}
	return out, nil
}

func newRSSItem(e *Entry, feedAuthor string) rssItem {
	it := rssItem{
		Title:      e.Title,
		Link:       e.URL,
		GUID:       rssGUID{IsPermaLink: e.id() == e.URL, Value: e.id()},
		Creator:    e.Author,
		Categories: e.Categories,
		Content:    e.ContentHTML,
	}
	if it.Creator == "" {
		it.Creator = feedAuthor
	}
	if !e.Published.IsZero() {
		it.PubDate = rssTime(e.Published)
	}
	if e.Summary != "" {
		it.Description = html.EscapeString(e.Summary)
	}
	return it
}

// rssTime formats t as RFC 1123 with a numeric zone, in UTC.
func rssTime(t time.Time) string {
	return t.UTC().Format(time.RFC1123Z)
}
