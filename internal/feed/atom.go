package feed

import (
	"encoding/xml"
	"fmt"
	"time"
)

// atomNS is the namespace of Atom 1.0 (RFC 4287).
const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   *atomPerson `xml:"author,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	ID         string         `xml:"id"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

// Atom writes f as an Atom 1.0 feed (RFC 4287). Times are written in UTC.
// The feed's id is its SelfURL. Atom requires an author for every entry
// and an updated time, and an entry needs a link or content, so a feed
// without an author whose entries lack one, a feed with no time at all or
// an entry with neither URL nor content is an error.
func Atom(f Feed) ([]byte, error) {
	if err := checkAtom(&f); err != nil {
		return nil, fmt.Errorf("feed: atom: %w", err)
	}
	doc := atomFeed{
		Title:   atomText{Type: "text", Body: f.Title},
		ID:      f.SelfURL,
		Updated: atomTime(f.updated()),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.SelfURL},
			{Rel: "alternate", Type: "text/html", Href: f.PageURL},
		},
		Author: atomAuthor(f.Author),
	}
	if f.Subtitle != "" {
		doc.Subtitle = &atomText{Type: "text", Body: f.Subtitle}
	}
	for i := range f.Entries {
		doc.Entries = append(doc.Entries, newAtomEntry(&f.Entries[i]))
	}
	out, err := marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("feed: atom: %w", err)
	}
	return out, nil
}

// checkAtom reports what Atom requires that f lacks.
func checkAtom(f *Feed) error {
	if err := f.check(); err != nil {
		return err
	}
	if f.updated().IsZero() {
		return fmt.Errorf("no updated time in the feed or its entries")
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		if e.updated().IsZero() {
			return fmt.Errorf("entry %q has no time", e.id())
		}
		if e.URL == "" && e.ContentHTML == "" {
			return fmt.Errorf("entry %q has neither URL nor content", e.id())
		}
		if e.Author == "" && f.Author == "" {
			return fmt.Errorf("entry %q has no author and the feed has none", e.id())
		}
	}
	return nil
}

func newAtomEntry(e *Entry) atomEntry {
	a := atomEntry{
		Title:   atomText{Type: "text", Body: e.Title},
		ID:      e.id(),
		Updated: atomTime(e.updated()),
		Author:  atomAuthor(e.Author),
	}
	if e.URL != "" {
		a.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: e.URL}}
	}
	if !e.Published.IsZero() {
		a.Published = atomTime(e.Published)
	}
	for _, c := range e.Categories {
		a.Categories = append(a.Categories, atomCategory{Term: c})
	}
	if e.Summary != "" {
		a.Summary = &atomText{Type: "text", Body: e.Summary}
	}
	if e.ContentHTML != "" {
		a.Content = &atomText{Type: "html", Body: e.ContentHTML}
	}
	return a
}

func atomAuthor(name string) *atomPerson {
	if name == "" {
		return nil
	}
	return &atomPerson{Name: name}
}

// atomTime formats t as an RFC 3339 date-time in UTC.
func atomTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
