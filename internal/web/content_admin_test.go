package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"clinic"
)

func TestContentEditorSavesAnItemAsItsFile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	page := b.get(t, "/admin/content/pages/about")
	text := page.text(t, "textarea")
	if page.StatusCode != 200 || !strings.HasPrefix(text, "---") {
		t.Fatalf("editor: %d %q", page.StatusCode, text[:min(40, len(text))])
	}
	raw := nodeTextRaw(page.all(t, "textarea")[0])
	edited := strings.Replace(raw, "\n---\n", "\n---\nA sentence added by the editor. <script>alert(1)</script>\n\n", 1)
	if res := b.post(t, "/admin/content/pages/about", url.Values{"text": {edited}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.syncVersion(t)
	about := s.get(t, "/about")
	if !strings.Contains(about.body, "A sentence added by the editor.") || len(about.all(t, "main script")) != 0 {
		t.Errorf("public page: added=%v scripts=%d", strings.Contains(about.body, "A sentence added"), len(about.all(t, "main script")))
	}
	revs, _ := s.db.Revisions(t.Context(), "pages", "about")
	if len(revs) != 1 {
		t.Fatalf("%d revisions", len(revs))
	}
	if res := b.get(t, "/admin/content/pages/about/revisions"); res.StatusCode != 200 || len(res.all(t, "table.list tbody tr")) != 1 {
		t.Errorf("revisions page: %d", res.StatusCode)
	}
	restore := b.get(t, "/admin/content/pages/about/revisions/"+itoa(revs[0].ID)+"/restore")
	if restore.StatusCode != 200 || attr(restore.all(t, "form.form")[0], "action") != "/admin/content/pages/about" ||
		!strings.Contains(nodeTextRaw(restore.all(t, "textarea")[0]), "A sentence added by the editor.") {
		t.Errorf("restore: %d", restore.StatusCode)
	}
	if res := b.get(t, "/admin/content/pages/contact/revisions/"+itoa(revs[0].ID)+"/restore"); res.StatusCode != 404 {
		t.Errorf("a revision of another item: %d", res.StatusCode)
	}
	cases := []struct{ name, path, text, want string }{
		{"broken front matter names the line", "/admin/content/pages/about", "---\ntitle: [unclosed\n---\nx", "about.md:2"},
		{"an unknown key", "/admin/content/pages/about", "---\ntitle: x\ncolour: red\n---\nx", "colour"},
		{"a doctor at a location that does not exist", "/admin/content/doctors/dr-maya-lindqvist",
			"---\nname: Maya\nlocations: [atlantis]\n---\n", "atlantis"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := b.post(t, c.path, url.Values{"text": {c.text}})
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.text(t, ".alert"), c.want) {
				t.Errorf("%d %q", res.StatusCode, res.text(t, ".alert"))
			}
			if got := nodeTextRaw(res.all(t, "textarea")[0]); got != c.text {
				t.Errorf("the text typed came back as %q", got)
			}
		})
	}
	t.Run("a new page needs an address", func(t *testing.T) {
		if res := b.post(t, "/admin/content/pages/new", url.Values{"text": {"---\ntitle: Parking\n---\nPark here."}, "slug": {"Bad Slug"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%d", res.StatusCode)
		}
		if res := b.post(t, "/admin/content/pages/new", url.Values{"text": {"---\ntitle: Parking\ndescription: Where to park.\n---\nPark here."}, "slug": {"parking"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		s.syncVersion(t)
		if res := s.get(t, "/parking"); res.StatusCode != 200 {
			t.Errorf("/parking: %d", res.StatusCode)
		}
	})
	t.Run("settings need the settings permission, and change the site", func(t *testing.T) {
		res := b.get(t, "/admin/settings")
		raw := nodeTextRaw(res.all(t, "textarea")[0])
		edited := strings.Replace(raw, "(425) 555-0100", "(425) 555-0199", 1)
		if res := b.post(t, "/admin/settings", url.Values{"text": {edited}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		s.syncVersion(t)
		if home := s.get(t, "/"); !strings.Contains(home.body, "(425) 555-0199") {
			t.Error("the new phone number is not on the home page")
		}
		fd, secret := s.staffUser(t, "fd@example.com", clinic.RoleFrontDesk, true)
		c := s.browser()
		c.signIn(t, fd.Email, secret)
		if res := c.get(t, "/admin/settings"); res.StatusCode != http.StatusForbidden {
			t.Errorf("front desk: %d", res.StatusCode)
		}
	})
	t.Run("the menu is edited as a file and leads every page", func(t *testing.T) {
		res := b.get(t, "/admin/menu")
		raw := nodeTextRaw(res.all(t, "textarea")[0])
		edited := strings.Replace(raw, "name: Video FAQ\n    url: /videos", "name: Parking\n    url: /parking", 1)
		if edited == raw {
			t.Fatalf("menu file: %q", raw)
		}
		if res := b.post(t, "/admin/menu", url.Values{"text": {edited}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		s.syncVersion(t)
		nav := s.get(t, "/doctors").text(t, ".menu ul")
		if !strings.Contains(nav, "Parking") || strings.Contains(nav, "Video FAQ") {
			t.Errorf("nav: %q", nav)
		}
		bad := "---\nmenu:\n  - {name: Evil, url: \"javascript:alert(1)\"}\n---\n"
		if res := b.post(t, "/admin/menu", url.Values{"text": {bad}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a javascript: link: %d", res.StatusCode)
		}
	})
	t.Run("a redirect table edit replaces the table", func(t *testing.T) {
		text := "---\nredirects:\n  - from: /old-parking\n    to: /parking\n---\n"
		if res := b.post(t, "/admin/redirects", url.Values{"text": {text}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		s.syncVersion(t)
		if res := s.get(t, "/old-parking"); res.StatusCode != http.StatusMovedPermanently {
			t.Errorf("new redirect: %d", res.StatusCode)
		}
		if res := s.get(t, "/2020/06/22/acupuncture-for-chronic-back-pain/"); res.StatusCode == http.StatusMovedPermanently && res.Header.Get("Location") == "/blog/acupuncture-for-chronic-back-pain" {
			t.Error("a redirect left out of the table still works")
		}
	})
}

// nodeTextRaw is the text of an element as it is, white space kept.
func nodeTextRaw(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func TestDeletingContent(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	if res := b.post(t, "/admin/content/pages/training/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete a page: %d %s", res.StatusCode, res.text(t, ".alert, main p"))
	}
	s.syncVersion(t)
	if res := s.get(t, "/training"); res.StatusCode != 404 {
		t.Errorf("deleted page: %d", res.StatusCode)
	}
	res := b.post(t, "/admin/content/doctors/dr-maya-lindqvist/delete", nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "still used") {
		t.Errorf("delete a doctor with posts: %d", res.StatusCode)
	}
	if res := b.post(t, "/admin/posts/pilates-for-back-pain/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete a post: %d", res.StatusCode)
	}
	s.syncVersion(t)
	if res := s.get(t, "/blog/pilates-for-back-pain"); res.StatusCode != 404 {
		t.Errorf("deleted post: %d", res.StatusCode)
	}
}

func TestTagsRenameAndDelete(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	list := b.get(t, "/admin/tags")
	if list.StatusCode != 200 || len(list.all(t, "table.list tbody tr")) < 5 {
		t.Fatalf("tags page: %d", list.StatusCode)
	}
	tags, _ := s.db.Tags(t.Context())
	tag := tags[0]
	if res := b.post(t, "/admin/tags/"+tag.Slug, url.Values{"action": {"rename"}, "name": {"Renamed tag"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	s.syncVersion(t)
	if h1 := s.get(t, "/blog/tag/"+tag.Slug).text(t, "h1"); !strings.Contains(h1, "Renamed tag") {
		t.Errorf("tag page h1 %q", h1)
	}
	if res := b.post(t, "/admin/tags/"+tag.Slug, url.Values{"action": {"rename"}, "name": {"  "}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an empty name: %d", res.StatusCode)
	}
	if res := b.post(t, "/admin/tags/"+tag.Slug, url.Values{"action": {"delete"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	s.syncVersion(t)
	if res := s.get(t, "/blog/tag/"+tag.Slug); res.StatusCode != 404 {
		t.Errorf("deleted tag page: %d", res.StatusCode)
	}
	if res := b.post(t, "/admin/tags/no-such-tag", url.Values{"action": {"delete"}}); res.StatusCode != 404 {
		t.Errorf("unknown tag: %d", res.StatusCode)
	}
}

// TestEveryEditableFieldIsHarmless puts hostile text in the fields of
// every kind of content an editor can change and checks the public pages.
func TestEveryEditableFieldIsHarmless(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	const x = `"><script>alert(1)</script><img src=x onerror=alert(1)>`
	ctx := t.Context()
	b, err := s.db.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, l, tr, pg, v, pub := b.Doctors[0], b.Locations[0], b.Treatments[len(b.Treatments)-1], b.Pages[0], b.VideoFAQs[0], b.Publications[0]
	d.Name, d.Credentials, d.Role, d.Summary, d.Description, d.Specialties = "Dr "+x, x, x, x, x, []string{x}
	l.Name, l.Street, l.City, l.Summary, l.Body = "Office "+x, x, x, x, "Park "+x
	tr.Title, tr.Summary, tr.Description, tr.Body = "Care "+x, x, x, "Body "+x
	pg.Title, pg.Description, pg.Body = "Page "+x, x, "Body "+x
	v.Question, v.Answer = "Why "+x, "Because "+x
	pub.Title, pub.Authors, pub.Venue, pub.Summary = "Study "+x, x, x, x
	settings := b.Settings
	settings.ClinicName, settings.Tagline, settings.CTASchedule = "Clinic "+x, x, "Book "+x
	edit := &clinic.Bundle{Settings: settings, Doctors: []*clinic.Doctor{d}, Locations: []*clinic.Location{l},
		Treatments: []*clinic.Treatment{tr}, Pages: []*clinic.Page{pg}, VideoFAQs: []*clinic.VideoFAQ{v},
		Publications: []*clinic.Publication{pub}, Menu: []*clinic.MenuItem{{Name: "Menu " + x, URL: "/about"}}}
	if _, err := s.db.Import(ctx, edit); err != nil {
		t.Fatal(err)
	}
	s.syncVersion(t)
	for _, path := range []string{"/", "/doctors", "/doctors/" + d.Slug, "/locations", "/locations/" + l.Slug,
		"/treatments", "/treatments/" + tr.Slug, "/" + pg.Slug, "/videos", "/research", "/search?q=alert"} {
		res := s.get(t, path)
		if res.StatusCode != 200 {
			t.Errorf("%s: %d", path, res.StatusCode)
			continue
		}
		for _, sel := range []string{"script:not([type='application/ld+json']):not([src])", "[onerror]", "img[src=x]"} {
			if n := len(res.all(t, sel)); n != 0 {
				t.Errorf("%s: %d elements match %s", path, n, sel)
			}
		}
		res.jsonLD(t) // every JSON-LD block still parses
	}
}

func TestRenamingContentRedirects(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	page := b.get(t, "/admin/content/locations/seattle")
	text := nodeTextRaw(page.all(t, "textarea")[0])
	res := b.post(t, "/admin/content/locations/seattle", url.Values{"text": {text}, "slug": {"seattle-downtown"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/content/locations/seattle-downtown?done=saved" {
		t.Fatalf("rename: %d %q %s", res.StatusCode, res.Header.Get("Location"), res.text(t, ".alert"))
	}
	s.syncVersion(t)
	if res := s.get(t, "/locations/seattle"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/locations/seattle-downtown" {
		t.Errorf("old address: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	doctors := s.get(t, "/locations/seattle-downtown")
	if doctors.StatusCode != 200 || len(doctors.all(t, `a[href^="/doctors/"]`)) == 0 {
		t.Errorf("new address: %d, doctors listed: %d", doctors.StatusCode, len(doctors.all(t, `a[href^="/doctors/"]`)))
	}
	if res := b.post(t, "/admin/content/locations/seattle-downtown", url.Values{"text": {text}, "slug": {"bellevue"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("rename onto a taken address: %d", res.StatusCode)
	}
	if res := s.get(t, "/locations/bellevue"); res.StatusCode != 200 {
		t.Errorf("the other location: %d", res.StatusCode)
	}
	t.Run("a renamed treatment is still found by search, at its new address", func(t *testing.T) {
		tp := b.get(t, "/admin/content/treatments/vertebroplasty-and-kyphoplasty")
		if tp.StatusCode != 200 {
			t.Fatalf("editor: %d", tp.StatusCode)
		}
		txt := nodeTextRaw(tp.all(t, "textarea")[0])
		if res := b.post(t, "/admin/content/treatments/vertebroplasty-and-kyphoplasty", url.Values{"text": {txt}, "slug": {"balloon-kyphoplasty"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		s.syncVersion(t)
		found := s.get(t, "/search?q=kyphoplasty")
		if len(found.all(t, `a[href="/treatments/balloon-kyphoplasty"]`)) == 0 {
			t.Error("search does not lead to the new address")
		}
	})
}
