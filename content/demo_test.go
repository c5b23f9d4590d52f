package content

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"clinic"
)

func TestDemoHasTheWholeClinic(t *testing.T) {
	b, err := Read(Demo())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		what     string
		got, min int
	}{
		{"pages", len(b.Pages), 7},
		{"treatments", len(b.Treatments), 16},
		{"doctors", len(b.Doctors), 7},
		{"locations", len(b.Locations), 10},
		{"categories", len(b.Categories), 2},
		{"posts", len(b.Posts), 7},
		{"video answers", len(b.VideoFAQs), 3},
		{"publications", len(b.Publications), 3},
		{"redirects", len(b.Redirects), 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("the demo has at least %d %s", tt.min, tt.what), func(t *testing.T) {
			if tt.got < tt.min {
				t.Errorf("the demo has %d %s, want at least %d", tt.got, tt.what, tt.min)
			}
		})
	}
	if b.Settings.ClinicName == "" || b.Settings.TimeZone == "" {
		t.Errorf("the demo settings lack a name or time zone: %+v", b.Settings)
	}
}

func TestDemoHasThePagesTheSiteLinksTo(t *testing.T) {
	b, err := Read(Demo())
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]bool{}
	for _, p := range b.Pages {
		pages[p.Slug] = true
	}
	for _, slug := range []string{"about", "facilities", "training", "research", "outcomes", "privacy-policy", "terms-of-use"} {
		if !pages[slug] {
			t.Errorf("the demo has no page %q", slug)
		}
	}
}

func TestDemoReferencesResolve(t *testing.T) {
	b, err := Read(Demo())
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteIndex(b)
	for _, p := range b.Posts {
		s.want(t, "post "+p.Slug+" author", s.doctors, p.Author)
		s.want(t, "post "+p.Slug+" category", s.categories, p.Category)
	}
	for _, tr := range b.Treatments {
		if !tr.IsCategory() {
			s.want(t, "treatment "+tr.Slug+" parent", s.treatments, tr.Parent)
		}
		for _, r := range tr.Related {
			s.want(t, "treatment "+tr.Slug+" related", s.treatments, r)
		}
	}
	for _, d := range b.Doctors {
		for _, l := range d.Locations {
			s.want(t, "doctor "+d.Slug+" location", s.locations, l)
		}
		for _, tr := range d.Treatments {
			s.want(t, "doctor "+d.Slug+" treatment", s.treatments, tr)
		}
	}
}

func TestDemoLinksGoToPagesThatExist(t *testing.T) {
	b, err := Read(Demo())
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteIndex(b)
	for where, body := range demoBodies(b) {
		for _, m := range regexp.MustCompile(`\]\((/[^)\s]*)`).FindAllStringSubmatch(body, -1) {
			if !s.resolves(m[1]) {
				t.Errorf("%s links to %s, which is no page of the site", where, m[1])
			}
		}
	}
	for _, r := range b.Redirects {
		if s.resolves(r.From) {
			t.Errorf("redirect from %s hides a page of the site", r.From)
		}
		if isPath(r.To) && !s.resolves(r.To) {
			t.Errorf("redirect from %s goes to %s, which is no page of the site", r.From, r.To)
		}
	}
}

func demoBodies(b *clinic.Bundle) map[string]string {
	bodies := map[string]string{}
	for _, p := range b.Pages {
		bodies["pages/"+p.Slug] = p.Body
	}
	for _, t := range b.Treatments {
		bodies["treatments/"+t.Slug] = t.Body + "\n" + t.Summary
	}
	for _, d := range b.Doctors {
		bodies["doctors/"+d.Slug] = d.Body + "\n" + d.Summary
	}
	for _, l := range b.Locations {
		bodies["locations/"+l.Slug] = l.Body + "\n" + l.Summary
	}
	for _, p := range b.Posts {
		bodies["posts/"+p.Slug] = p.Body
	}
	for _, v := range b.VideoFAQs {
		bodies["videos/"+v.Slug] = v.Answer
	}
	for _, p := range b.Publications {
		bodies["publications/"+p.Slug] = p.Summary
	}
	return bodies
}

// siteIndex knows the slugs of a bundle and the public URL scheme.
type siteIndex struct {
	pages, treatments, doctors, locations, categories, posts, tags map[string]bool
}

func newSiteIndex(b *clinic.Bundle) *siteIndex {
	s := &siteIndex{tags: map[string]bool{}}
	s.pages = slugSet(b.Pages, func(p *clinic.Page) string { return p.Slug })
	s.treatments = slugSet(b.Treatments, func(t *clinic.Treatment) string { return t.Slug })
	s.doctors = slugSet(b.Doctors, func(d *clinic.Doctor) string { return d.Slug })
	s.locations = slugSet(b.Locations, func(l *clinic.Location) string { return l.Slug })
	s.categories = slugSet(b.Categories, func(c *clinic.Category) string { return c.Slug })
	s.posts = slugSet(b.Posts, func(p *clinic.Post) string { return p.Slug })
	for _, p := range b.Posts {
		for _, tag := range p.Tags {
			s.tags[clinic.Slugify(tag)] = true
		}
	}
	return s
}

func (s *siteIndex) want(t *testing.T, what string, set map[string]bool, slug string) {
	t.Helper()
	if !set[slug] {
		t.Errorf("%s %q does not exist", what, slug)
	}
}

// resolves reports whether a site path, with any query or fragment, names
// a page of the public URL scheme that the bundle fills.
func (s *siteIndex) resolves(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	fixed := []string{"/", "/treatments", "/doctors", "/locations", "/blog", "/blog/feed.atom",
		"/blog/feed.rss", "/videos", "/contact", "/search", "/sitemap.xml", "/robots.txt",
		"/appointments", "/mri-review", "/diagnose-my-pain", "/diagnose", "/portal", "/portal/sign-in"}
	for _, f := range fixed {
		if u.Path == f {
			return true
		}
	}
	parts := strings.Split(strings.TrimPrefix(u.Path, "/"), "/")
	switch {
	case len(parts) == 1:
		return s.pages[parts[0]]
	case len(parts) == 2 && parts[0] == "treatments":
		return s.treatments[parts[1]]
	case len(parts) == 2 && parts[0] == "doctors":
		return s.doctors[parts[1]]
	case len(parts) == 2 && parts[0] == "locations":
		return s.locations[parts[1]]
	case len(parts) == 2 && parts[0] == "blog":
		return s.posts[parts[1]]
	case len(parts) >= 3 && parts[0] == "blog":
		return s.blogList(parts[1:])
	}
	return false
}

// blogList resolves /blog/page/{n}, /blog/tag/{slug}, /blog/category/{slug},
// /blog/author/{slug} and the feeds of tags and categories.
func (s *siteIndex) blogList(parts []string) bool {
	feed := len(parts) == 3 && (parts[2] == "feed.atom" || parts[2] == "feed.rss")
	if len(parts) != 2 && !feed {
		return false
	}
	switch parts[0] {
	case "page":
		return !feed && regexp.MustCompile(`^[1-9][0-9]*$`).MatchString(parts[1])
	case "tag":
		return s.tags[parts[1]]
	case "category":
		return s.categories[parts[1]]
	case "author":
		return !feed && s.doctors[parts[1]]
	}
	return false
}

func TestSiteIndexKnowsTheURLScheme(t *testing.T) {
	s := newSiteIndex(richBundle())
	tests := []struct {
		link string
		want bool
	}{
		{"/", true},
		{"/about", true},
		{"/about/", false},
		{"/nope", false},
		{"/treatments/fusion#risks", true},
		{"/treatments/knee", false},
		{"/doctors/dr-a", true},
		{"/locations/kent?x=1", true},
		{"/locations/tacoma", false},
		{"/blog/pilates", true},
		{"/blog/nope", false},
		{"/blog/page/2", true},
		{"/blog/page/0", false},
		{"/blog/tag/chronic-pain", true},
		{"/blog/tag/chronic-pain/feed.rss", true},
		{"/blog/tag/knees", false},
		{"/blog/category/news/feed.atom", true},
		{"/blog/author/dr-b", true},
		{"/blog/author/dr-b/feed.atom", false},
		{"/appointments", true},
		{"/search?q=disc", true},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			if got := s.resolves(tt.link); got != tt.want {
				t.Errorf("resolves(%q) = %v, want %v", tt.link, got, tt.want)
			}
		})
	}
}

// The demo offices list the hours their clinicians can be booked: a
// patient who reads "Saturday" finds a Saturday to book.
func TestDemoHoursAgreeWithTheDemoSchedule(t *testing.T) {
	b, err := Read(Demo())
	if err != nil {
		t.Fatal(err)
	}
	var week []*clinic.AvailabilityWindow
	for _, ws := range DemoWeek(b.Doctors) {
		week = append(week, ws...)
	}
	for _, l := range b.Locations {
		for _, problem := range clinic.HoursDisagreements(l, week) {
			t.Error(problem)
		}
	}
}
