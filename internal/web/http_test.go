package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"clinic"
)

func TestCachedPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	first := s.get(t, "/blog/pilates-for-back-pain")
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || etag == "" {
		t.Fatalf("status %d, ETag %q", first.StatusCode, etag)
	}
	if got := first.Header.Get("Cache-Control"); got != "public, max-age=0, must-revalidate" {
		t.Errorf("Cache-Control = %q", got)
	}
	t.Run("a known ETag gets 304 with no body", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/blog/pilates-for-back-pain", nil)
		req.Header.Set("If-None-Match", etag)
		r := s.do(t, req)
		if r.StatusCode != http.StatusNotModified || r.body != "" {
			t.Errorf("status %d, body %d bytes; want 304 and none", r.StatusCode, len(r.body))
		}
	})
	t.Run("a client that takes gzip gets the same page gzipped", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/blog/pilates-for-back-pain", nil)
		req.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
		r := s.do(t, req)
		if r.Header.Get("Content-Encoding") != "gzip" || r.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Content-Encoding %q, Vary %q", r.Header.Get("Content-Encoding"), r.Header.Get("Vary"))
		}
		if got := gunzip(t, r.body); got != first.body {
			t.Errorf("gzipped body differs from the plain one")
		}
	})
	t.Run("gzip;q=0 means no gzip", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/blog/pilates-for-back-pain", nil)
		req.Header.Set("Accept-Encoding", "gzip;q=0")
		if r := s.do(t, req); r.Header.Get("Content-Encoding") != "" {
			t.Errorf("got Content-Encoding %q", r.Header.Get("Content-Encoding"))
		}
	})
	t.Run("a content write shows at once", func(t *testing.T) {
		b, err := s.db.Export(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range b.Posts {
			if p.Slug == "pilates-for-back-pain" {
				p.Title = "Pilates and your back: a new look"
			}
		}
		if _, err := s.db.Import(t.Context(), b); err != nil {
			t.Fatal(err)
		}
		v, err := s.db.Version(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		s.srv.SetVersion(v)
		r := s.get(t, "/blog/pilates-for-back-pain")
		if !strings.Contains(r.text(t, "h1"), "a new look") || r.Header.Get("ETag") == etag {
			t.Errorf("h1 %q, ETag %q: want the new title and a new ETag", r.text(t, "h1"), r.Header.Get("ETag"))
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, path := range []string{"/", "/no-such-page", "/search?q=x"} {
		r := s.get(t, path)
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, h, got, want)
			}
		}
		if n := len(r.all(t, "script:not([src]):not([type])")); n != 0 {
			t.Errorf("GET %s: %d inline scripts; the CSP would block them", path, n)
		}
	}
}

func TestStaticFilesAreHashedAndCachedForAYear(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	home := s.get(t, "/")
	for _, sel := range []string{`link[rel=stylesheet]`, `script[src]`} {
		n := home.all(t, sel)[0]
		u := attr(n, "href") + attr(n, "src")
		r := s.get(t, u)
		if r.StatusCode != 200 || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s = %d, Cache-Control %q", u, r.StatusCode, r.Header.Get("Cache-Control"))
		}
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct{ from, to string }{
		{"/2020/06/22/acupuncture-for-chronic-back-pain/", "/blog/acupuncture-for-chronic-back-pain"},
		{"/2020/06/22/acupuncture-for-chronic-back-pain", "/blog/acupuncture-for-chronic-back-pain"},
		{"/about-us/", "/about"},
		{"/doctors/", "/doctors"},
		{"/blog/pilates-for-back-pain/", "/blog/pilates-for-back-pain"},
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			r := s.get(t, tt.from)
			if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != tt.to {
				t.Fatalf("GET %s = %d to %q, want 301 to %s", tt.from, r.StatusCode, r.Header.Get("Location"), tt.to)
			}
			if r := s.get(t, tt.to); r.StatusCode != 200 {
				t.Errorf("GET %s = %d", tt.to, r.StatusCode)
			}
		})
	}
	if r := s.get(t, "//evil.example/"); r.StatusCode == http.StatusMovedPermanently && strings.HasPrefix(r.Header.Get("Location"), "//") {
		t.Errorf("//evil.example/ redirects off the site to %q", r.Header.Get("Location"))
	}
}

func TestHostileSearchQueries(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, q := range []string{
		`"`, `""""`, `back"pain`, `NEAR(back pain)`, `back AND OR NOT`, `*`, `-back`, `title:back`, `^back`,
		`(((`, `back) OR (1=1`, `'; DROP TABLE posts; --`, `<script>alert(1)</script>`, "\xff\xfe", "nul\x00byte",
		strings.Repeat("spine ", 2000), strings.Repeat("x", 10240), "%", "%%25", "\u202e", "😀 back",
	} {
		t.Run(q[:min(len(q), 20)], func(t *testing.T) {
			r := s.get(t, "/search?q="+url.QueryEscape(q))
			if r.StatusCode != 200 && r.StatusCode != 400 {
				t.Fatalf("status %d for %q", r.StatusCode, q)
			}
			if strings.Contains(r.body, "<script>alert(1)") {
				t.Errorf("the query is echoed unescaped")
			}
		})
	}
}

func FuzzSearchQuery(f *testing.F) {
	for _, q := range []string{"back pain", `"`, "NEAR(a b)", "a*", "\xff", "col:x", "-x OR y"} {
		f.Add(q)
	}
	s := newSite(f)
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest("GET", "/search", nil)
		req.URL.RawQuery = "q=" + url.QueryEscape(q)
		if r := s.do(t, req); r.StatusCode >= 500 {
			t.Fatalf("status %d for %q", r.StatusCode, q)
		}
	})
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	req := httptest.NewRequest("POST", "/contact", strings.NewReader("name=A&email=a%40example.com&message=hi"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := s.do(t, req); r.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403", r.StatusCode)
	}
	msgs, err := s.db.OutboxPending(context.Background(), 10)
	if err != nil || len(msgs) != 0 {
		t.Errorf("outbox has %d messages (err %v), want none", len(msgs), err)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := s.get(t, p); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s = %d", p, r.StatusCode)
		}
	}
	s.db.Close()
	if r := s.get(t, "/readyz"); r.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz with the database closed = %d, want 503", r.StatusCode)
	}
}

func TestFeeds(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	type atom struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	type rss struct {
		Items []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
		} `xml:"channel>item"`
	}
	for _, path := range []string{"/blog/feed.atom", "/blog/tag/chronic-pain/feed.atom", "/blog/category/back-pain/feed.atom"} {
		r := s.get(t, path)
		var f atom
		if err := xml.Unmarshal([]byte(r.body), &f); err != nil || r.StatusCode != 200 {
			t.Fatalf("GET %s = %d: %v", path, r.StatusCode, err)
		}
		if len(f.Entries) == 0 || !strings.HasPrefix(f.Entries[0].Link.Href, testBase+"/blog/") {
			t.Errorf("GET %s: %d entries, first link %+v", path, len(f.Entries), f.Entries)
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
			t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/blog/feed.rss", "/blog/tag/chronic-pain/feed.rss", "/blog/category/back-pain/feed.rss"} {
		r := s.get(t, path)
		var f rss
		if err := xml.Unmarshal([]byte(r.body), &f); err != nil || len(f.Items) == 0 {
			t.Fatalf("GET %s: %d items: %v", path, len(f.Items), err)
		}
	}
}

func TestSitemapAndRobots(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := s.get(t, "/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(r.body), &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) < 50 {
		t.Fatalf("sitemap has %d URLs", len(sm.URLs))
	}
	for _, u := range sm.URLs {
		path := strings.TrimPrefix(u.Loc, testBase)
		if got := s.get(t, path); got.StatusCode != 200 {
			t.Errorf("sitemap lists %s, which answers %d", u.Loc, got.StatusCode)
		}
		if strings.HasPrefix(path, "/blog/") && !strings.Contains(path, "/category/") && u.LastMod == "" {
			t.Errorf("%s has no lastmod", u.Loc)
		}
	}
	robots := s.get(t, "/robots.txt").body
	if !strings.Contains(robots, "Sitemap: "+testBase+"/sitemap.xml") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}

func TestServerErrorPageWhenTheDatabaseIsDown(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.get(t, "/") // the server has seen the settings once
	s.db.Close()
	r := s.get(t, "/doctors")
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q; want 503 with a time to try again", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if got := r.text(t, "h1"); got != "Back in a moment" {
		t.Errorf("h1 %q", got)
	}
	if len(r.all(t, `main a[href^="tel:"]`)) != 1 || len(r.all(t, `main form[action="/search"]`)) != 1 {
		t.Errorf("the 503 page should offer the phone number and search")
	}
	if strings.Contains(r.body, "sql") || strings.Contains(r.body, "closed") {
		t.Errorf("the 503 page leaks the internal error")
	}
}

func TestOldQueryLinksRedirect(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	if _, err := s.db.Import(context.Background(), &clinic.Bundle{Redirects: []*clinic.Redirect{{From: "/?p=10", To: "/blog/pilates-for-back-pain"}}}); err != nil {
		t.Fatal(err)
	}
	s.syncVersion(t)
	cases := map[string]int{"/?p=10": 301, "/?p=11": 200, "/?p=x'--": 200, "/?page_id=10": 200, "/?utm_source=x": 200}
	for target, want := range cases {
		if res := s.get(t, target); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", target, res.StatusCode, want)
		}
	}
}
