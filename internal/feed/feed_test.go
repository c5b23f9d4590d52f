package feed_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"clinic/internal/feed"

	"github.com/google/go-cmp/cmp"
)

// The structs below read the produced XML back. Elements are matched by
// namespace where the format has one, so a wrong namespace fails the test.

type atomDoc struct {
	XMLName  xml.Name       `xml:"http://www.w3.org/2005/Atom feed"`
	Title    string         `xml:"http://www.w3.org/2005/Atom title"`
	Subtitle string         `xml:"http://www.w3.org/2005/Atom subtitle"`
	ID       string         `xml:"http://www.w3.org/2005/Atom id"`
	Updated  string         `xml:"http://www.w3.org/2005/Atom updated"`
	Links    []linkDoc      `xml:"http://www.w3.org/2005/Atom link"`
	Author   string         `xml:"http://www.w3.org/2005/Atom author>name"`
	Entries  []atomEntryDoc `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomEntryDoc struct {
	Title      string    `xml:"http://www.w3.org/2005/Atom title"`
	Links      []linkDoc `xml:"http://www.w3.org/2005/Atom link"`
	ID         string    `xml:"http://www.w3.org/2005/Atom id"`
	Published  string    `xml:"http://www.w3.org/2005/Atom published"`
	Updated    string    `xml:"http://www.w3.org/2005/Atom updated"`
	Author     string    `xml:"http://www.w3.org/2005/Atom author>name"`
	Categories []termDoc `xml:"http://www.w3.org/2005/Atom category"`
	Summary    string    `xml:"http://www.w3.org/2005/Atom summary"`
	Content    textDoc   `xml:"http://www.w3.org/2005/Atom content"`
}

type textDoc struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type guidDoc struct {
	PermaLink string `xml:"isPermaLink,attr"`
	Value     string `xml:",chardata"`
}

type linkDoc struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type termDoc struct {
	Term string `xml:"term,attr"`
}

type rssDocT struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title         string       `xml:"title"`
		Links         []anyLinkDoc `xml:"link"`
		Description   string       `xml:"description"`
		LastBuildDate string       `xml:"lastBuildDate"`
		Items         []rssItemDoc `xml:"item"`
	} `xml:"channel"`
}

// anyLinkDoc is a channel's link element, RSS's own or Atom's: a field
// for unnamespaced "link" would match both, so both are read here and told
// apart by namespace.
type anyLinkDoc struct {
	XMLName xml.Name
	linkDoc
	Body string `xml:",chardata"`
}

// links returns the channel's RSS link and its atom:link.
func (d *rssDocT) links(t *testing.T) (page string, self linkDoc) {
	t.Helper()
	for _, l := range d.Channel.Links {
		switch l.XMLName.Space {
		case "":
			page = l.Body
		case "http://www.w3.org/2005/Atom":
			self = l.linkDoc
		default:
			t.Errorf("link element in unexpected namespace %q", l.XMLName.Space)
		}
	}
	return page, self
}

type rssItemDoc struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        guidDoc  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
	Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sampleFeed has two entries: one with a tag: id and its own author, one
// identified by its URL and written by the feed's author. Its times are in
// Seattle's zone so that the UTC conversion shows.
func sampleFeed(t *testing.T) feed.Feed {
	seattle := mustLoad(t, "America/Los_Angeles")
	return feed.Feed{
		Title:    "Spine blog",
		Subtitle: "Notes on back and neck pain",
		SelfURL:  "https://clinic.example/blog/feed.atom",
		PageURL:  "https://clinic.example/blog",
		Updated:  time.Date(2024, 3, 6, 9, 0, 0, 0, seattle),
		Author:   "Example Spine Institute",
		Entries: []feed.Entry{{
			Title:       "Can a torn disc heal?",
			URL:         "https://clinic.example/blog/can-a-torn-disc-heal",
			ID:          "tag:clinic.example,2024:post/can-a-torn-disc-heal",
			Published:   time.Date(2024, 3, 5, 9, 30, 0, 0, seattle),
			Updated:     time.Date(2024, 3, 6, 8, 0, 0, 0, seattle),
			Author:      "Dr. Ada Rivera",
			Summary:     "What the research says.",
			ContentHTML: "<p>Often, <em>yes</em>.</p>",
			Categories:  []string{"Conditions", "Discs"},
		}, {
			Title:     "Posture at the desk",
			URL:       "https://clinic.example/blog/posture",
			Published: time.Date(2024, 7, 1, 12, 0, 0, 0, seattle),
		}},
	}
}

func TestAtom(t *testing.T) {
	t.Run("a feed with entries reads back with its fields in UTC", func(t *testing.T) {
		out, err := feed.Atom(sampleFeed(t))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(out, []byte(xml.Header)) {
			t.Errorf("output does not start with the XML declaration: %.60q", out)
		}
		var got atomDoc
		if err := xml.Unmarshal(out, &got); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		want := atomDoc{
			XMLName:  xml.Name{Space: "http://www.w3.org/2005/Atom", Local: "feed"},
			Title:    "Spine blog",
			Subtitle: "Notes on back and neck pain",
			ID:       "https://clinic.example/blog/feed.atom",
			Updated:  "2024-03-06T17:00:00Z",
			Links: []linkDoc{
				{Rel: "self", Type: "application/atom+xml", Href: "https://clinic.example/blog/feed.atom"},
				{Rel: "alternate", Type: "text/html", Href: "https://clinic.example/blog"},
			},
			Author: "Example Spine Institute",
			Entries: []atomEntryDoc{{
				Title:      "Can a torn disc heal?",
				Links:      []linkDoc{{Rel: "alternate", Type: "text/html", Href: "https://clinic.example/blog/can-a-torn-disc-heal"}},
				ID:         "tag:clinic.example,2024:post/can-a-torn-disc-heal",
				Published:  "2024-03-05T17:30:00Z",
				Updated:    "2024-03-06T16:00:00Z",
				Author:     "Dr. Ada Rivera",
				Categories: []termDoc{{Term: "Conditions"}, {Term: "Discs"}},
				Summary:    "What the research says.",
				Content:    textDoc{Type: "html", Body: "<p>Often, <em>yes</em>.</p>"},
			}, {
				Title:     "Posture at the desk",
				Links:     []linkDoc{{Rel: "alternate", Type: "text/html", Href: "https://clinic.example/blog/posture"}},
				ID:        "https://clinic.example/blog/posture",
				Published: "2024-07-01T19:00:00Z",
				Updated:   "2024-07-01T19:00:00Z",
			}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Atom mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("a feed without its own time takes the newest entry's", func(t *testing.T) {
		f := sampleFeed(t)
		f.Updated = time.Time{}
		var got atomDoc
		mustUnmarshal(t, mustAtom(t, f), &got)
		if want := "2024-07-01T19:00:00Z"; got.Updated != want {
			t.Errorf("updated = %q, want %q", got.Updated, want)
		}
	})
}

func TestAtomRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(*feed.Feed)
		want   string
	}{
		{"a feed without a self URL", func(f *feed.Feed) { f.SelfURL = "" }, "no self URL"},
		{"an entry with neither id nor URL", func(f *feed.Feed) {
			f.Entries[1].URL = ""
		}, "neither id nor URL"},
		{"an entry without an author when the feed has none", func(f *feed.Feed) {
			f.Author = ""
		}, "no author"},
		{"an entry with an id but neither URL nor content", func(f *feed.Feed) {
			f.Entries[1].ID, f.Entries[1].URL = "tag:clinic.example,2024:post/posture", ""
		}, "neither URL nor content"},
		{"an entry without any time", func(f *feed.Feed) {
			f.Entries[1].Published = time.Time{}
		}, "has no time"},
		{"a feed with no time and no entries", func(f *feed.Feed) {
			f.Updated, f.Entries = time.Time{}, nil
		}, "no updated time"},
	}
	for _, tt := range tests {
		t.Run("it rejects "+tt.name, func(t *testing.T) {
			f := sampleFeed(t)
			tt.change(&f)
			_, err := feed.Atom(f)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func mustAtom(t *testing.T, f feed.Feed) []byte {
	t.Helper()
	out, err := feed.Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustRSS(t *testing.T, f feed.Feed) []byte {
	t.Helper()
	out, err := feed.RSS(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
}
