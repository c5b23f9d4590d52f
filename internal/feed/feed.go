// Package feed writes the files the site offers to feed readers and
// crawlers: Atom and RSS feeds of posts, the sitemap and robots.txt. It
// turns values into bytes; it does no I/O and reads no clock.
package feed

import (
	"encoding/xml"
	"fmt"
	"time"
)

// Feed is a list of posts as a feed reader sees it.
type Feed struct {
	Title    string
	Subtitle string
	SelfURL  string    // absolute URL of the feed itself; also the Atom feed id
	PageURL  string    // absolute URL of the HTML page the feed mirrors
	Updated  time.Time // last change; when zero, the newest entry's time
	Author   string    // name; entries without an author inherit it
	Entries  []Entry
}

// Entry is one post of a feed.
type Entry struct {
	Title       string
	URL         string    // absolute URL of the post's page
	ID          string    // stable identifier: a tag: URI or the URL; when empty, URL
	Published   time.Time // first publication
	Updated     time.Time // last change; when zero, Published
	Author      string    // name; when empty, the feed's author
	Summary     string    // plain text
	ContentHTML string    // the post's body as HTML that is already sanitised
	Categories  []string  // category and tag names
}

// id returns the entry's stable identifier.
func (e *Entry) id() string {
	if e.ID != "" {
		return e.ID
	}
	return e.URL
}

// updated returns the time the entry last changed.
func (e *Entry) updated() time.Time {
	if !e.Updated.IsZero() {
		return e.Updated
	}
	return e.Published
}

// updated returns the time the feed last changed: its own Updated or, when
// that is zero, the newest time of its entries.
func (f *Feed) updated() time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var newest time.Time
	for i := range f.Entries {
		if t := f.Entries[i].updated(); t.After(newest) {
			newest = t
		}
	}
	return newest
}

// check reports what makes f unfit for either format.
func (f *Feed) check() error {
	if f.SelfURL == "" {
		return fmt.Errorf("no self URL")
	}
	for i := range f.Entries {
		if f.Entries[i].id() == "" {
			return fmt.Errorf("entry %d (%q) has neither id nor URL", i, f.Entries[i].Title)
		}
	}
	return nil
}

// marshal writes v as an indented XML document with its declaration.
func marshal(v any) ([]byte, error) {
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(xml.Header)+len(body)+1)
	out = append(out, xml.Header...)
	out = append(out, body...)
	return append(out, '\n'), nil
}
