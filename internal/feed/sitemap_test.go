package feed_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"clinic/internal/feed"

	"github.com/google/go-cmp/cmp"
)

type urlSetDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func TestSitemap(t *testing.T) {
	t.Run("URLs read back with lastmod in UTC or left out", func(t *testing.T) {
		seattle := mustLoad(t, "America/Los_Angeles")
		out, err := feed.Sitemap([]feed.URL{
			{Loc: "https://clinic.example/", LastMod: time.Date(2024, 5, 1, 8, 15, 0, 0, seattle)},
			{Loc: "https://clinic.example/search?q=disc&page=2"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out, []byte("q=disc&amp;page=2")) {
			t.Errorf("ampersand in loc not escaped:\n%s", out)
		}
		var got urlSetDoc
		mustUnmarshal(t, out, &got)
		var pairs [][2]string
		for _, u := range got.URLs {
			pairs = append(pairs, [2]string{u.Loc, u.LastMod})
		}
		want := [][2]string{
			{"https://clinic.example/", "2024-05-01T15:15:00Z"},
			{"https://clinic.example/search?q=disc&page=2", ""},
		}
		if diff := cmp.Diff(want, pairs); diff != "" {
			t.Errorf("sitemap mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("an empty sitemap is a urlset with no URLs", func(t *testing.T) {
		out, err := feed.Sitemap(nil)
		if err != nil {
			t.Fatal(err)
		}
		var got urlSetDoc
		mustUnmarshal(t, out, &got)
		if len(got.URLs) != 0 {
			t.Errorf("got %d URLs, want none", len(got.URLs))
		}
	})
}

func TestSitemapLimits(t *testing.T) {
	many := func(n int) []feed.URL {
		urls := make([]feed.URL, n)
		for i := range urls {
			urls[i].Loc = fmt.Sprintf("https://clinic.example/blog/post-%d", i)
		}
		return urls
	}
	t.Run("50,000 URLs fit in one sitemap", func(t *testing.T) {
		out, err := feed.Sitemap(many(feed.MaxSitemapURLs))
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(out, []byte("<url>")); n != feed.MaxSitemapURLs {
			t.Errorf("got %d URLs, want %d", n, feed.MaxSitemapURLs)
		}
	})
	tests := []struct {
		name string
		urls []feed.URL
	}{
		{"50,001 URLs", many(feed.MaxSitemapURLs + 1)},
		{"a relative URL", []feed.URL{{Loc: "/blog"}}},
		{"a URL of another scheme", []feed.URL{{Loc: "ftp://clinic.example/file"}}},
		{"a URL over 2,048 characters", []feed.URL{{Loc: "https://clinic.example/" + strings.Repeat("a", 2048)}}},
	}
	for _, tt := range tests {
		t.Run("it rejects "+tt.name, func(t *testing.T) {
			if _, err := feed.Sitemap(tt.urls); err == nil {
				t.Error("Sitemap returned no error")
			}
		})
	}
}

func TestRobots(t *testing.T) {
	tests := []struct {
		name     string
		base     string
		disallow []string
		want     string
	}{
		{
			"with nothing to hide it allows everything and names the sitemap",
			"https://clinic.example", nil,
			"User-agent: *\nDisallow:\n\nSitemap: https://clinic.example/sitemap.xml\n",
		},
		{
			"it disallows each path and trims the base URL's slash",
			"https://clinic.example/", []string{"/portal", "/admin/", "search"},
			"User-agent: *\nDisallow: /portal\nDisallow: /admin/\nDisallow: /search\n\nSitemap: https://clinic.example/sitemap.xml\n",
		},
		{
			"a path with a newline cannot add a line",
			"https://clinic.example", []string{"/portal\nAllow: /portal", "  ", "\r\n"},
			"User-agent: *\nDisallow: /portalAllow: /portal\n\nSitemap: https://clinic.example/sitemap.xml\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(feed.Robots(tt.base, tt.disallow))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("robots.txt mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
