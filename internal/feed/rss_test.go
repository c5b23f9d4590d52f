package feed_test

import (
	"bytes"
	"testing"
	"time"

	"clinic/internal/feed"

	"github.com/google/go-cmp/cmp"
)

func TestRSS(t *testing.T) {
	t.Run("a feed with entries reads back with guids, dates and categories", func(t *testing.T) {
		f := sampleFeed(t)
		f.SelfURL = "https://clinic.example/blog/feed.rss"
		f.Entries[1].Summary = "Sit tall & take breaks <often>."
		var got rssDocT
		mustUnmarshal(t, mustRSS(t, f), &got)

		if got.Version != "2.0" {
			t.Errorf("version = %q, want 2.0", got.Version)
		}
		ch := got.Channel
		page, self := got.links(t)
		wantHead := []string{"Spine blog", "https://clinic.example/blog", "Notes on back and neck pain", "Wed, 06 Mar 2024 17:00:00 +0000"}
		if diff := cmp.Diff(wantHead, []string{ch.Title, page, ch.Description, ch.LastBuildDate}); diff != "" {
			t.Errorf("channel mismatch (-want +got):\n%s", diff)
		}
		wantSelf := linkDoc{Rel: "self", Type: "application/rss+xml", Href: "https://clinic.example/blog/feed.rss"}
		if diff := cmp.Diff(wantSelf, self); diff != "" {
			t.Errorf("atom:link mismatch (-want +got):\n%s", diff)
		}
		want := []rssItemDoc{{
			Title:       "Can a torn disc heal?",
			Link:        "https://clinic.example/blog/can-a-torn-disc-heal",
			GUID:        guidDoc{PermaLink: "false", Value: "tag:clinic.example,2024:post/can-a-torn-disc-heal"},
			PubDate:     "Tue, 05 Mar 2024 17:30:00 +0000",
			Creator:     "Dr. Ada Rivera",
			Categories:  []string{"Conditions", "Discs"},
			Description: "What the research says.",
			Content:     "<p>Often, <em>yes</em>.</p>",
		}, {
			Title:       "Posture at the desk",
			Link:        "https://clinic.example/blog/posture",
			GUID:        guidDoc{PermaLink: "true", Value: "https://clinic.example/blog/posture"},
			PubDate:     "Mon, 01 Jul 2024 19:00:00 +0000",
			Creator:     "Example Spine Institute",
			Description: "Sit tall &amp; take breaks &lt;often&gt;.",
		}}
		if diff := cmp.Diff(want, ch.Items); diff != "" {
			t.Errorf("items mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("a channel without a subtitle describes itself by its title", func(t *testing.T) {
		f := sampleFeed(t)
		f.Subtitle = ""
		var got rssDocT
		mustUnmarshal(t, mustRSS(t, f), &got)
		if got.Channel.Description != f.Title {
			t.Errorf("description = %q, want %q", got.Channel.Description, f.Title)
		}
	})

	t.Run("it rejects an entry with neither id nor URL", func(t *testing.T) {
		f := sampleFeed(t)
		f.Entries[0].ID, f.Entries[0].URL = "", ""
		if _, err := feed.RSS(f); err == nil {
			t.Error("RSS accepted an entry without id or URL")
		}
	})
}

func TestEmptyFeed(t *testing.T) {
	f := feed.Feed{
		Title:   "Posts tagged posture",
		SelfURL: "https://clinic.example/blog/tag/posture/feed.atom",
		PageURL: "https://clinic.example/blog/tag/posture",
		Updated: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Author:  "Example Spine Institute",
	}
	t.Run("an Atom feed with no entries has its required elements", func(t *testing.T) {
		out := mustAtom(t, f)
		var got atomDoc
		mustUnmarshal(t, out, &got)
		if got.ID == "" || got.Title == "" || got.Updated != "2024-01-02T03:04:05Z" || got.Author == "" {
			t.Errorf("missing required elements: %+v", got)
		}
		if len(got.Entries) != 0 || bytes.Contains(out, []byte("<entry")) {
			t.Errorf("got entries in an empty feed:\n%s", out)
		}
	})
	t.Run("an RSS feed with no entries has a channel and no items", func(t *testing.T) {
		out := mustRSS(t, f)
		var got rssDocT
		mustUnmarshal(t, out, &got)
		page, self := got.links(t)
		if got.Channel.Title == "" || page == "" || self.Href == "" || got.Channel.Description == "" {
			t.Errorf("channel lacks title, link or description: %+v", got.Channel)
		}
		if len(got.Channel.Items) != 0 || bytes.Contains(out, []byte("<item")) {
			t.Errorf("got items in an empty feed:\n%s", out)
		}
	})
	t.Run("an RSS feed with no time at all leaves out lastBuildDate", func(t *testing.T) {
		g := f
		g.Updated = time.Time{}
		out := mustRSS(t, g)
		if bytes.Contains(out, []byte("lastBuildDate")) {
			t.Errorf("lastBuildDate written without a time:\n%s", out)
		}
	})
}

func TestHostileText(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"a script tag", `<script>alert("x")</script>`, `<script>alert("x")</script>`},
		{"ampersands and entities", `Fish & chips &amp; &lt;b&gt;`, `Fish & chips &amp; &lt;b&gt;`},
		{"both kinds of quotes", `"double" and 'single'`, `"double" and 'single'`},
		{"non-ASCII letters and symbols", "Café naïve – 日本 ✓ 🦴", "Café naïve – 日本 ✓ 🦴"},
		{"a CDATA terminator", "a ]]> b", "a ]]> b"},
		{"a control character XML cannot hold", "bell\x07", "bell\uFFFD"},
	}
	for _, tt := range tests {
		f := sampleFeed(t)
		f.Title = tt.text
		f.Entries[0].Title = tt.text
		f.Entries[0].ContentHTML = tt.text
		f.Entries[0].Categories = []string{tt.text}
		t.Run("Atom keeps "+tt.name+" as text", func(t *testing.T) {
			out := mustAtom(t, f)
			if bytes.Contains(out, []byte("<script")) {
				t.Errorf("raw <script in output:\n%s", out)
			}
			var got atomDoc
			mustUnmarshal(t, out, &got)
			e := got.Entries[0]
			gotText := []string{got.Title, e.Title, e.Content.Body, e.Categories[0].Term}
			if diff := cmp.Diff([]string{tt.want, tt.want, tt.want, tt.want}, gotText); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
		t.Run("RSS keeps "+tt.name+" as text", func(t *testing.T) {
			out := mustRSS(t, f)
			if bytes.Contains(out, []byte("<script")) {
				t.Errorf("raw <script in output:\n%s", out)
			}
			var got rssDocT
			mustUnmarshal(t, out, &got)
			it := got.Channel.Items[0]
			gotText := []string{got.Channel.Title, it.Title, it.Content, it.Categories[0]}
			if diff := cmp.Diff([]string{tt.want, tt.want, tt.want, tt.want}, gotText); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}
