package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// revisionRows reads the revisions list as status, author and summary.
func revisionRows(t *testing.T, res *response) [][3]string {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("revisions: %d", res.StatusCode)
	}
	var rows [][3]string
	for _, tr := range res.all(t, "table.list tbody tr") {
		tds := cellsOf(tr)
		rows = append(rows, [3]string{tds[3], tds[4], tds[5]})
	}
	return rows
}

// TestRestoringLeavesAddressAndStatus is the case that went wrong: a post
// scheduled, published on time, then moved to a new address, had its
// first revision restored, which took it back to "scheduled" and its old
// address. Restoring now brings back the text only.
func TestRestoringLeavesAddressAndStatus(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.editor(t)
	at := s.clock.now().Add(time.Minute).In(mustZone(t)).Format("2006-01-02T15:04")
	v := postValues("Sleep and back pain", "First text.", "schedule")
	v.Set("publish_at", at)
	if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.clock.advance(2 * time.Minute)
	if _, err := s.db.PublishDue(context.Background(), s.clock.now()); err != nil {
		t.Fatal(err)
	}
	form := editorForm(t, b.get(t, "/admin/posts/sleep-and-back-pain"))
	form.Set("slug", "sleeping-well")
	form.Set("body", "Second text.")
	form.Set("tags", form.Get("tags")+", Sleep")
	form.Set("action", "publish")
	if res := b.post(t, "/admin/posts/sleep-and-back-pain", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	revs := b.get(t, "/admin/posts/sleeping-well/revisions")
	want := [][3]string{
		{"published", u.Name, "address changed; status: scheduled → published; 1 paragraph edited; tags: +Sleep"},
		{"scheduled", u.Name, "first version"},
	}
	if diff := cmp.Diff(want, revisionRows(t, revs)); diff != "" {
		t.Errorf("revisions (-want +got):\n%s", diff)
	}
	first := attr(revs.all(t, "input[name=a]")[1], "value")

	res := b.post(t, "/admin/posts/sleeping-well/revisions/"+first+"/restore", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/posts/sleeping-well?done=restored" {
		t.Fatalf("restore: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	s.syncVersion(t)
	if page := s.get(t, "/blog/sleeping-well"); page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Second text.") {
		t.Errorf("the site after a restore: %d", page.StatusCode)
	}
	ed := b.get(t, "/admin/posts/sleeping-well?done=restored")
	got := editorForm(t, ed)
	if got.Get("slug") != "sleeping-well" || got.Get("body") != "First text." || ed.text(t, ".panel .badge") != "published" {
		t.Errorf("the restored editor: address %q, text %q, status %q", got.Get("slug"), got.Get("body"), ed.text(t, ".panel .badge"))
	}
	got.Set("action", "publish")
	if res := b.post(t, "/admin/posts/sleeping-well", got); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update after restoring: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.syncVersion(t)
	if page := s.get(t, "/blog/sleeping-well"); page.StatusCode != http.StatusOK || !strings.Contains(page.body, "First text.") {
		t.Errorf("the site after updating: %d", page.StatusCode)
	}
	if old := s.get(t, "/blog/sleep-and-back-pain"); old.StatusCode != http.StatusMovedPermanently {
		t.Errorf("the old address: %d", old.StatusCode)
	}
	if n := auditCount(t, s, "post.restore"); n != 1 {
		t.Errorf("%d restores audited", n)
	}
	t.Run("opening a revision in the editor keeps address and status too", func(t *testing.T) {
		ed := b.get(t, "/admin/posts/sleeping-well/revisions/"+first+"/restore")
		got := editorForm(t, ed)
		if got.Get("slug") != "sleeping-well" || ed.text(t, ".panel .badge") != "published" {
			t.Errorf("address %q, status %q", got.Get("slug"), ed.text(t, ".panel .badge"))
		}
	})
}

func TestRestoreBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	for _, slug := range []string{"first-post", "second-post"} {
		if res := b.post(t, "/admin/posts/new", withField(postValues(slug, "Text.", "save"), "slug", slug)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", slug, res.StatusCode)
		}
	}
	revs, _ := s.db.Revisions(context.Background(), "post", "second-post")
	cases := []struct {
		name, path string
		status     int
	}{
		{"an id that is not a number", "/admin/posts/first-post/revisions/x/restore", http.StatusBadRequest},
		{"a revision of another post", "/admin/posts/first-post/revisions/" + itoa(revs[0].ID) + "/restore", http.StatusNotFound},
		{"a revision that is not there", "/admin/posts/first-post/revisions/999999/restore", http.StatusNotFound},
		{"a post that is not there", "/admin/posts/no-such-post/revisions/" + itoa(revs[0].ID) + "/restore", http.StatusNotFound},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			if res := b.post(t, c.path, url.Values{}); res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
			if es, _ := s.db.EditState(context.Background(), "first-post"); es.Pending != nil {
				t.Error("a pending revision was made")
			}
		})
	}
}

func TestContentRevisionsSayWhatChanged(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, u := s.editor(t)
	raw := nodeTextRaw(b.get(t, "/admin/content/pages/about").all(t, "textarea")[0])
	first := strings.Replace(raw, "\n---\n", "\n---\nA first new paragraph.\n\n", 1)
	second := strings.Replace(strings.Replace(first, "A first new paragraph.", "A first paragraph, reworded.", 1), "title: About us", "title: Meet us", 1)
	for _, text := range []string{first, second} {
		if res := b.post(t, "/admin/content/pages/about", url.Values{"text": {text}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
	}
	want := [][3]string{{"saved", u.Name, "title changed; 1 paragraph edited"}, {"saved", u.Name, "first version"}}
	if diff := cmp.Diff(want, revisionRows(t, b.get(t, "/admin/content/pages/about/revisions"))); diff != "" {
		t.Errorf("revisions (-want +got):\n%s", diff)
	}
}

// cellsOf is the text of a table row's cells.
func cellsOf(tr *html.Node) []string {
	var out []string
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "td" {
			out = append(out, nodeText(c))
		}
	}
	return out
}
