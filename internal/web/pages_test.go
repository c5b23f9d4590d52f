package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestSiteMapPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		name   string
		path   string
		title  string // part of <title>
		h1     string // part of the first <h1>
		want   string // a selector that must match
		jsonld []string
	}{
		{"the home page shows the four calls to action", "/", "Evergreen Spine", "", `.hero-ctas a[href="/diagnose"]`, []string{"MedicalClinic"}},
		{"the treatments index shows the tree", "/treatments", "Treatments", "Treatments", `section a[href="/treatments/endoscopic-decompression"]`, []string{"BreadcrumbList"}},
		{"a category lists its procedures", "/treatments/minimally-invasive-spine-surgery", "Minimally invasive", "Minimally invasive", `.prose a[href="/treatments/mis-fusion"]`, []string{"BreadcrumbList"}},
		{"a procedure has its sections", "/treatments/endoscopic-decompression", "Endoscopic", "Endoscopic", `h2#who-it-is-for`, []string{"BreadcrumbList", "MedicalProcedure"}},
		{"a therapy is a MedicalTherapy", "/treatments/stem-cell-injection", "Stem cell", "Stem cell", `h2#risks`, []string{"BreadcrumbList", "MedicalTherapy"}},
		{"the doctors index lists the team", "/doctors", "Our doctors", "Our doctors", `a[href="/doctors/dr-maya-lindqvist"]`, []string{"BreadcrumbList"}},
		{"a doctor's profile lists locations", "/doctors/dr-maya-lindqvist", "Lindqvist", "Lindqvist", `.aside a[href^="/locations/"]`, []string{"BreadcrumbList", "Physician"}},
		{"the locations index lists every city", "/locations", "Locations", "Locations", `a[href="/locations/gig-harbor"]`, []string{"BreadcrumbList"}},
		{"a city page has address, phone and map", "/locations/seattle", "Seattle", "Seattle", `a[href^="https://www.openstreetmap.org/"]`, []string{"BreadcrumbList", "MedicalClinic"}},
		{"the blog lists articles", "/blog", "Articles", "Articles", `.cards a[href^="/blog/"]`, []string{"BreadcrumbList"}},
		{"the blog's second page exists", "/blog/page/2", "page 2", "Articles", `a[rel=prev][href="/blog"]`, []string{"BreadcrumbList"}},
		{"a post shows author, tags and related articles", "/blog/acupuncture-for-chronic-back-pain", "Acupuncture", "Acupuncture", `a[rel=tag]`, []string{"BreadcrumbList", "BlogPosting"}},
		{"a tag archive", "/blog/tag/chronic-pain", "Chronic pain", "Chronic pain", `.cards a[href^="/blog/"]`, []string{"BreadcrumbList"}},
		{"a category archive", "/blog/category/back-pain", "Back pain", "Back pain", `.cards a[href^="/blog/"]`, []string{"BreadcrumbList"}},
		{"an author archive", "/blog/author/dr-maya-lindqvist", "Lindqvist", "Lindqvist", `.cards`, []string{"BreadcrumbList"}},
		{"about", "/about", "About", "", `.prose p`, []string{"BreadcrumbList"}},
		{"facilities", "/facilities", "acilit", "", `.prose p`, []string{"BreadcrumbList"}},
		{"training", "/training", "raining", "", `.prose p`, []string{"BreadcrumbList"}},
		{"research lists awards, publications and talks", "/research", "esearch", "", `#papers`, []string{"BreadcrumbList"}},
		{"outcomes", "/outcomes", "utcomes", "", `.prose p`, []string{"BreadcrumbList"}},
		{"privacy policy", "/privacy-policy", "rivacy", "rivacy", `.prose p`, []string{"BreadcrumbList"}},
		{"terms of use", "/terms-of-use", "erms", "erms", `.prose p`, []string{"BreadcrumbList"}},
		{"the video FAQ has answers", "/videos", "Video FAQ", "Video FAQ", `.video details .prose p`, []string{"BreadcrumbList", "FAQPage", "VideoObject"}},
		{"the contact page has a labelled form", "/contact", "ontact", "Contact", `form[action="/contact"] label[for=f-email]`, []string{"BreadcrumbList"}},
		{"search finds articles", "/search?q=back+pain", "back pain", "back pain", `.results a[href^="/blog/"]`, []string{"BreadcrumbList"}},
		{"appointments offers the types of visit to book", "/appointments", "", "", `form.booking-choice input[name=type][value=new-consultation]`, []string{"BreadcrumbList"}},
		{"MRI review starts with a labelled form", "/mri-review", "MRI review", "MRI review", `form[action="/mri-review"] label[for=f-birth_date]`, []string{"BreadcrumbList"}},
		{"diagnose my pain", "/diagnose-my-pain", "", "", `.prose a[href^="tel:"]`, []string{"BreadcrumbList"}},
		{"portal", "/portal", "", "", `.prose a[href^="tel:"]`, []string{"BreadcrumbList"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.get(t, tt.path)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200\n%s", tt.path, r.StatusCode, r.body)
			}
			if got := r.text(t, "title"); !strings.Contains(got, tt.title) || !strings.Contains(got, "Evergreen Spine") {
				t.Errorf("title = %q, want it to contain %q and the clinic's name", got, tt.title)
			}
			if h1s := r.all(t, "h1"); len(h1s) != 1 {
				t.Errorf("%d <h1> elements, want 1", len(h1s))
			} else if !strings.Contains(nodeText(h1s[0]), tt.h1) {
				t.Errorf("h1 = %q, want it to contain %q", nodeText(h1s[0]), tt.h1)
			}
			if d := r.all(t, `meta[name=description]`); len(d) != 1 || len(attr(d[0], "content")) < 20 {
				t.Errorf("want one meta description of some length")
			}
			if c := r.all(t, `link[rel=canonical]`); len(c) != 1 || !strings.HasPrefix(attr(c[0], "href"), testBase+"/") {
				t.Errorf("want one absolute canonical link")
			}
			for _, sel := range []string{`link[rel=alternate][type="application/atom+xml"]`, `link[rel=alternate][type="application/rss+xml"]`, `meta[property="og:title"]`, `meta[name="twitter:card"]`, tt.want} {
				if len(r.all(t, sel)) == 0 {
					t.Errorf("nothing matches %s", sel)
				}
			}
			types := r.jsonLD(t)
			for _, want := range tt.jsonld {
				if !slices.Contains(types, want) {
					t.Errorf("JSON-LD types %v, want %s", types, want)
				}
			}
			if tt.path != "/" && len(r.all(t, `nav[aria-label=Breadcrumb] li`)) < 2 {
				t.Errorf("want visible breadcrumbs")
			}
			checkMarkup(t, r)
		})
	}
}

func TestEveryPageHasTheCallsToAction(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, path := range []string{"/", "/doctors", "/blog/pilates-for-back-pain", "/no-such-page"} {
		r := s.get(t, path)
		for _, href := range []string{"/appointments", "/mri-review", "/diagnose", "/portal"} {
			if len(r.all(t, `.ctabar a[href="`+href+`"]`)) != 1 {
				t.Errorf("GET %s: no call to action linking %s", path, href)
			}
		}
		if len(r.all(t, `.masthead a[href^="tel:"]`)) != 1 {
			t.Errorf("GET %s: no phone number in the masthead", path)
		}
	}
}

func TestUnknownThingsAreNotFound(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, path := range []string{
		"/treatments/no-such-treatment", "/doctors/dr-nobody", "/locations/spokane", "/blog/no-such-post",
		"/blog/tag/no-such-tag", "/blog/category/no-such-category", "/blog/author/nobody", "/no-such-page",
		"/blog/page/1", "/blog/page/0", "/blog/page/99", "/blog/page/x", "/blog/page/-1",
		"/blog/a-draft-that-is-not-out", "/static/site.css", "/static/nothing.123.css",
		"/blog/tag/no-such-tag/feed.atom", "/a/b/c/d",
	} {
		t.Run(path, func(t *testing.T) {
			r := s.get(t, path)
			if r.StatusCode != http.StatusNotFound {
				t.Fatalf("GET %s = %d, want 404", path, r.StatusCode)
			}
			if len(r.all(t, `main form[action="/search"]`)) != 1 || len(r.all(t, `main a[href^="tel:"]`)) != 1 {
				t.Errorf("the 404 page should offer search and the phone number")
			}
			if got := r.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
		})
	}
}

func TestDraftsAndScheduledPostsStayHidden(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, err := s.db.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var hidden []string
	for _, p := range b.Posts {
		if !p.Visible(testNow) {
			hidden = append(hidden, p.Slug)
		}
	}
	if len(hidden) < 2 {
		t.Fatalf("the demo should have a draft and a scheduled post; hidden = %v", hidden)
	}
	pages := []string{"/blog", "/blog/page/2", "/blog/feed.atom", "/blog/feed.rss", "/sitemap.xml", "/search?q=back"}
	for _, slug := range hidden {
		if r := s.get(t, "/blog/"+slug); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET /blog/%s = %d, want 404", slug, r.StatusCode)
		}
		for _, p := range pages {
			if r := s.get(t, p); strings.Contains(r.body, "/blog/"+slug) {
				t.Errorf("GET %s mentions the hidden post %s", p, slug)
			}
		}
	}
}

// checkMarkup checks what an accessible page needs and a parser would not
// catch: a language, unique ids, a label for every form control, alt text
// on every image, and no link without text.
func checkMarkup(t *testing.T, r *response) {
	t.Helper()
	if len(r.all(t, `html[lang]`)) != 1 || len(r.all(t, `main#main`)) != 1 {
		t.Errorf("want <html lang> and one <main id=main>")
	}
	ids := map[string]bool{}
	for _, n := range r.all(t, `[id]`) {
		id := attr(n, "id")
		if ids[id] {
			t.Errorf("duplicate id %q", id)
		}
		ids[id] = true
	}
	for _, n := range r.all(t, `input:not([type=hidden]):not([type=submit]), textarea, select`) {
		id := attr(n, "id")
		if attr(n, "aria-label") != "" {
			continue
		}
		if id == "" || len(r.all(t, `label[for="`+id+`"]`)) != 1 {
			t.Errorf("form control %q has no label", attr(n, "name"))
		}
	}
	for _, n := range r.all(t, `img:not([alt])`) {
		t.Errorf("image %q has no alt text", attr(n, "src"))
	}
	for _, n := range r.all(t, `a[href]`) {
		if nodeText(n) == "" && attr(n, "aria-label") == "" {
			t.Errorf("link to %q has no text", attr(n, "href"))
		}
	}
}
